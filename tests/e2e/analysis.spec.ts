import fs from "node:fs";
import { CodingWorkspacePage } from "../pages/coding-workspace";
import { expect, test } from "../pages/fixtures";
import { newPerson } from "../pages/auth-pages";

const FIRST = "the committee pressed the government to ratify the convention without delay";
const SECOND = "the ministry promised aid if the treaty were signed this year";
const TEXT = `At the session, ${FIRST}.\n\nLater, ${SECOND}.\n\nA closing paragraph about trade.`;

test("the owner opens the code × document heat map, clicks a cell, reads exactly its passages, opens one, and downloads the table", async ({ page, signUp, projects, documents }) => {
  await signUp.signUp(newPerson("Ana"));
  const projectId = await projects.createProject("Analysis study");
  await page.goto(`/projects/${projectId}/documents`);
  await documents.pasteText("Committee exchange", TEXT);
  const link = page.getByRole("table", { name: /^Documents/ }).getByRole("link", { name: "Committee exchange" });
  await expect(link).toBeVisible({ timeout: 15_000 });
  await link.click();
  const ws = new CodingWorkspacePage(page);
  await ws.waitReady();
  // pressure (1) on the first passage, reward (3) on the second, as a researcher codes them.
  await ws.dragSelect(FIRST);
  await page.keyboard.press("1");
  await expect.poll(() => ws.highlightedTexts()).toEqual([FIRST]);
  await ws.dragSelect(SECOND);
  await page.keyboard.press("3");
  await expect.poll(() => ws.highlightedTexts()).toEqual([FIRST, SECOND]);

  await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Analysis" }).click();
  const frequencies = page.getByRole("table", { name: "Code frequencies" });
  await expect(frequencies.locator('tr[data-code="pressure"] td').first()).toHaveText("1");
  const map = page.getByRole("table", { name: "Codes × documents" });
  await expect(map).toBeVisible();
  const cell = map.locator('td[data-row="pressure"][data-column="Committee exchange"]');
  await expect(cell).toHaveText("1");
  await expect(map.locator('td[data-row="sovereignty claim"][data-column="Committee exchange"]')).toHaveText("0");

  // The table as CSV holds the same counts.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Table as CSV" }).click()]);
  const csv = fs.readFileSync((await download.path())!, "utf8").split("\r\n");
  expect(csv[0]).toBe(",Committee exchange,Total");
  expect(csv).toContain("pressure,1,1");
  expect(csv).toContain("reward,1,1");

  // The chart, as PNG (drawn in the browser) and SVG (the server's file).
  await expect(page.getByRole("img", { name: /^Codes × documents: a heat map/ })).toBeVisible();
  const [png] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Chart as PNG" }).click()]);
  const pngBytes = fs.readFileSync((await png.path())!);
  expect(png.suggestedFilename()).toBe("code-document.png");
  expect([...pngBytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(pngBytes.readUInt32BE(16)).toBeGreaterThan(600); // width in the IHDR chunk
  const [svg] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Chart as SVG" }).click()]);
  const svgText = fs.readFileSync((await svg.path())!, "utf8");
  expect(svgText.startsWith("<svg")).toBe(true);
  expect(svgText).toContain("pressure");

  await cell.getByRole("link").click();
  await expect(page.getByTestId("passage-count")).toHaveText("1 passage");
  const passage = page.getByTestId("passage");
  await expect(passage).toHaveCount(1);
  await expect(passage.locator("mark")).toHaveText(FIRST);
  await passage.getByRole("link", { name: "Open in the document" }).click();
  await expect(page).toHaveURL(/\/documents\/[0-9a-f-]{36}#coding-/);
  await ws.waitReady();
  await expect(page.getByTestId("coding-popover")).toBeVisible(); // opened at the coding, selected
});

test("a researcher retrieves pressure AND reward in the same paragraph, saves the query, reopens it, and reaches the same passages from a co-occurrence cell", async ({ page, signUp, projects, documents }) => {
  await signUp.signUp(newPerson("Rita"));
  const projectId = await projects.createProject("Retrieval study");
  await page.goto(`/projects/${projectId}/documents`);
  await documents.pasteText("Committee exchange", TEXT);
  const link = page.getByRole("table", { name: /^Documents/ }).getByRole("link", { name: "Committee exchange" });
  await expect(link).toBeVisible({ timeout: 15_000 });
  await link.click();
  const ws = new CodingWorkspacePage(page);
  await ws.waitReady();
  // reward (3) inside the first passage, then pressure (1) over the whole of it; reward on the second.
  const INNER = "ratify the convention";
  await ws.dragSelect(INNER);
  await page.keyboard.press("3");
  await expect.poll(() => ws.highlightedTexts()).toEqual([INNER]);
  await ws.dragSelect(FIRST);
  await page.keyboard.press("1");
  await ws.dragSelect(SECOND);
  await page.keyboard.press("3");
  await expect.poll(async () => (await ws.highlightedTexts()).length).toBeGreaterThanOrEqual(3);

  await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Analysis" }).click();
  await page.getByRole("link", { name: "Retrieve passages" }).click();
  await expect(page.getByText("Ask for evidence")).toBeVisible();
  const form = page.getByRole("form", { name: "Query" });
  await form.getByLabel("Code A").selectOption({ label: "pressure" });
  await form.getByLabel("Find").selectOption({ label: "A AND B" });
  await form.getByLabel("Code B").selectOption({ label: "reward" });
  await form.getByLabel("Together (AND, NOT)").selectOption({ label: "Same paragraph" });
  await form.getByRole("button", { name: "Find passages" }).click();
  await expect(page.getByTestId("query-description")).toHaveText("“pressure” AND “reward” in the same paragraph");
  await expect(page.getByTestId("passage-count")).toContainText("2 passages");
  const passages = page.getByTestId("passage");
  await expect(passages.locator("mark")).toHaveText([FIRST, INNER]);

  // Save it, then change the query, then reopen the saved one.
  await page.getByLabel("Query name").fill("Pressure with reward");
  await page.getByRole("button", { name: "Save query" }).click();
  await expect(page.getByRole("link", { name: "Pressure with reward" })).toBeVisible();
  await form.getByLabel("Find").selectOption({ label: "A NOT B" });
  await form.getByLabel("Code A").selectOption({ label: "reward" });
  await form.getByLabel("Code B").selectOption({ label: "pressure" });
  await form.getByRole("button", { name: "Find passages" }).click();
  await expect(page.getByTestId("passage-count")).toHaveText("1 passage");
  await expect(passages.locator("mark")).toHaveText([SECOND]);
  await page.getByRole("link", { name: "Pressure with reward" }).click();
  await expect(page.getByTestId("passage-count")).toContainText("2 passages");

  // The co-occurrence matrix counts the one overlapping pair; its cell opens the same two passages.
  await page.goto(`/projects/${projectId}/analysis?kind=cooccurrence&by=overlap`);
  const cell = page.getByRole("table", { name: "Code co-occurrence" }).locator('td[data-row="pressure"][data-column="reward"]');
  await expect(cell).toHaveText("1");
  await cell.getByRole("link").click();
  await expect(page.getByTestId("query-description")).toHaveText("“pressure” AND “reward” in overlapping passages");
  await expect(passages.locator("mark")).toHaveText([FIRST, INNER]);
  await passages.first().getByRole("link", { name: "Open in the document" }).click();
  await expect(page).toHaveURL(/\/documents\/[0-9a-f-]{36}#coding-/);
});
