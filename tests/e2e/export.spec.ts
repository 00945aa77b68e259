import fs from "node:fs";
import ExcelJS from "exceljs";
import { CodingWorkspacePage } from "../pages/coding-workspace";
import { expect, test } from "../pages/fixtures";
import { newPerson } from "../pages/auth-pages";

const FIRST = "the committee pressed the government to ratify 🇨🇭 without delay";
const TEXT = `At the session, ${FIRST}.\n\nقالت الوزارة إن المعاهدة ستوقع, "soon".`;

test("a researcher codes a passage, then exports the dataset as an Excel workbook and as CSV, and finds the passage in both", async ({ page, signUp, projects, documents }) => {
  await signUp.signUp(newPerson("Eva"));
  const projectId = await projects.createProject("Export study");
  await page.goto(`/projects/${projectId}/documents`);
  await documents.pasteText("Committee exchange", TEXT);
  const link = page.getByRole("table", { name: /^Documents/ }).getByRole("link", { name: "Committee exchange" });
  await expect(link).toBeVisible({ timeout: 15_000 });
  await link.click();
  const ws = new CodingWorkspacePage(page);
  await ws.waitReady();
  await ws.dragSelect(FIRST);
  await page.keyboard.press("1");
  await expect.poll(() => ws.highlightedTexts()).toEqual([FIRST]);

  await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Export" }).click();
  await expect(page.getByTestId("export-count")).toHaveText("1 coding from 1 document");

  const [xlsx] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-xlsx").click()]);
  expect(xlsx.suggestedFilename()).toBe("Export-study-codings.xlsx");
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(fs.readFileSync((await xlsx.path())!) as unknown as ArrayBuffer);
  const sheet = book.getWorksheet("codings")!;
  const header = (sheet.getRow(1).values as unknown[]).slice(1);
  const row = sheet.getRow(2);
  expect(row.getCell(header.indexOf("quote") + 1).value).toBe(FIRST);
  expect(row.getCell(header.indexOf("code_name") + 1).value).toBe("pressure");
  expect(row.getCell(header.indexOf("start") + 1).value).toBe([..."At the session, "].length);

  const [csv] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-csv").click()]);
  const text = fs.readFileSync((await csv.path())!, "utf8");
  expect(text.split("\n")[0]).toMatch(/^coding_id,project_id,project_name,document_id,document_title,/);
  expect(text).toContain(FIRST);

  // The printable report: the codebook, then the passage under its code with its document and coder.
  await page.getByRole("link", { name: "Open the report" }).click();
  await expect(page.getByTestId("report-summary")).toContainText("1 passage under 3 codes in 1 document");
  const pressure = page.getByRole("region", { name: "Passages of pressure" });
  await expect(pressure.locator("blockquote")).toHaveText(FIRST);
  await expect(pressure).toContainText("Committee exchange · Eva Tester");
});

test("a researcher exports the project as .qdpx, imports it as a new project, and sees the same highlights in the document", async ({ page, signUp, projects, documents }) => {
  await signUp.signUp(newPerson("Ike"));
  const projectId = await projects.createProject("Exchange study");
  await page.goto(`/projects/${projectId}/documents`);
  await documents.pasteText("Committee exchange", TEXT);
  await page.getByRole("table", { name: /^Documents/ }).getByRole("link", { name: "Committee exchange" }).click();
  const ws = new CodingWorkspacePage(page);
  await ws.waitReady();
  await ws.dragSelect(FIRST);
  await page.keyboard.press("1");
  const SECOND = "المعاهدة ستوقع";
  await ws.dragSelect(SECOND);
  await page.keyboard.press("3");
  await expect.poll(() => ws.highlightedTexts()).toEqual([FIRST, SECOND]);

  await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Export" }).click();
  const [qdpx] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-qdpx").click()]);
  expect(qdpx.suggestedFilename()).toBe("Exchange-study.qdpx");
  const file = (await qdpx.path())!;

  await page.goto("/projects");
  await page.getByRole("button", { name: "Import .qdpx" }).click();
  await page.getByLabel("Project file (.qdpx)").setInputFiles({ name: "Exchange-study.qdpx", mimeType: "application/zip", buffer: fs.readFileSync(file) });
  await page.getByRole("button", { name: "Import", exact: true }).click();
  const report = page.getByTestId("import-report");
  await expect(report).toContainText("Imported “Exchange study”: 1 document, 3 codes, 2 codings");
  await report.getByRole("link", { name: "Open the project" }).click();
  await expect(page).not.toHaveURL(new RegExp(projectId));
  await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Documents" }).click();
  await page.getByRole("table", { name: /^Documents/ }).getByRole("link", { name: "Committee exchange" }).click();
  await ws.waitReady();
  await expect.poll(() => ws.highlightedTexts()).toEqual([FIRST, SECOND]);
});
