import fs from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { newPerson } from "../pages/auth-pages";
import { CodingWorkspacePage } from "../pages/coding-workspace";
import { expect, test } from "../pages/fixtures";

const corpus = path.resolve(process.cwd(), "../shared/corpus");
const DIALOGUE = path.join(corpus, "rethinking-human-rights-dialogue.txt");
const UNICODE = path.join(corpus, "hostile/unicode-edge-cases.txt");

type CodingJson = { id: string; codeId: string; start: number; end: number; quote: string; memo: string };

/** What import does to a text file (domain.md): NFC, "\n" line ends, no controls but \n and \t. */
function canonical(raw: string): string {
  return raw
    .replace(/^\uFEFF/, "")
    .replace(/\r\n?/g, "\n")
    .normalize("NFC")
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g, "");
}

async function importAndOpen(page: Page, projectId: string, file: string) {
  await page.goto(`/projects/${projectId}/documents`);
  await page.getByLabel("Choose files to import").setInputFiles([file]);
  const row = page.getByRole("list", { name: "Uploads" }).getByRole("listitem", { name: path.basename(file), exact: true });
  await expect(row.getByText("Imported", { exact: true })).toBeVisible({ timeout: 20_000 });
  await page.goto(`/projects/${projectId}/documents`);
  await page.getByRole("table", { name: /^Documents/ }).getByRole("rowheader").getByRole("link").first().click();
  await expect(page).toHaveURL(/\/documents\/[0-9a-f-]{36}$/);
  return page.url().split("/").at(-1)!;
}

async function codingsOf(page: Page, projectId: string, documentId: string): Promise<CodingJson[]> {
  const res = await page.request.get(`/api/v1/projects/${projectId}/codings?documentId=${documentId}`);
  expect(res.ok()).toBeTruthy();
  return (await res.json()) as CodingJson[];
}

test("a researcher codes with mouse and keyboard: highlight and stripe, overlap, boundary, delete and undo", async ({ page, signUp, projects }) => {
  test.skip(!fs.existsSync(DIALOGUE), "the shared corpus is not next to the repository");
  const ws = new CodingWorkspacePage(page);
  await signUp.signUp(newPerson("Cora"));
  const projectId = await projects.createProject("Coding workspace");
  const documentId = await importAndOpen(page, projectId, DIALOGUE);
  await ws.waitReady();

  const sentence = "In a joint statement, the two leaders agreed on further cooperation to protect human rights in both countries.";
  await ws.dragSelect(sentence);
  await expect(ws.picker()).toBeVisible();
  await page.keyboard.press("1");
  await expect(ws.picker()).toBeHidden();
  await expect.poll(() => ws.highlightedTexts()).toEqual([sentence]);
  await expect(ws.stripes()).toHaveCount(1);
  await expect.poll(async () => (await codingsOf(page, projectId, documentId)).map((c) => c.quote)).toEqual([sentence]);

  // Reload: the coding is still drawn.
  await page.reload();
  await ws.waitReady();
  await expect(ws.stripes()).toHaveCount(1);
  await expect.poll(() => ws.highlightedTexts()).toEqual([sentence]);

  // An overlapping coding with code 2. The margin gains a column; the text does not move.
  const overlap = "protect human rights in both countries. Although the United States";
  const textLeft = () => page.getByRole("textbox", { name: "Coded text" }).evaluate((el) => el.getBoundingClientRect().left);
  const leftBefore = await textLeft();
  await ws.dragSelect(overlap);
  await expect(ws.picker()).toBeVisible();
  await page.keyboard.press("2");
  await expect(ws.stripes()).toHaveCount(2);
  await expect.poll(async () => new Set(await ws.stripes().evaluateAll((els) => els.map((el) => el.getBoundingClientRect().left))).size).toBe(2);
  expect(await textLeft()).toBe(leftBefore);
  await expect.poll(async () => (await ws.highlightedTexts()).sort()).toEqual([sentence, overlap].sort());
  await expect.poll(async () => (await codingsOf(page, projectId, documentId)).length).toBe(2);
  const second = (await codingsOf(page, projectId, documentId)).find((c) => c.quote === overlap)!;
  expect(second).toBeTruthy();

  // Click it where only it lies, then move its end one character right with shift+→.
  await ws.clickText("Although");
  await expect(ws.popover()).toBeVisible();
  await page.keyboard.press("Shift+ArrowRight");
  await expect
    .poll(async () => (await codingsOf(page, projectId, documentId)).find((c) => c.id === second.id)?.end)
    .toBe(second.end + 1);
  await expect.poll(async () => (await codingsOf(page, projectId, documentId)).find((c) => c.id === second.id)?.quote).toBe(`${overlap} `);

  // Delete it from the popover, then undo with Ctrl+Z: it is back (as a new coding, same span).
  await ws.popover().getByRole("button", { name: "Delete coding" }).click();
  await expect(ws.stripes()).toHaveCount(1);
  await expect.poll(async () => (await codingsOf(page, projectId, documentId)).length).toBe(1);
  await page.keyboard.press("Control+z");
  await expect(ws.stripes()).toHaveCount(2);
  await expect
    .poll(async () => (await codingsOf(page, projectId, documentId)).map((c) => [c.start, c.end]).sort((a, b) => a[0]! - b[0]!))
    .toContainEqual([second.start, second.end + 1]);
  // Redo deletes it again.
  await page.keyboard.press("Control+Shift+z");
  await expect.poll(async () => (await codingsOf(page, projectId, documentId)).length).toBe(1);

  // A link to a coding opens the document there, with the coding's popover.
  const [first] = await codingsOf(page, projectId, documentId);
  await page.goto(`/projects/${projectId}/documents/${documentId}#coding-${first!.id}`);
  await ws.waitReady();
  await expect(ws.popover()).toBeVisible();
  await expect(ws.popover().getByText(sentence)).toBeVisible();

  // The reading position is kept: scroll down, wait for the debounced save, reopen.
  await page.goto(`/projects/${projectId}/documents/${documentId}`);
  await ws.waitReady();
  await page.mouse.wheel(0, 2500);
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(2000);
  await page.waitForTimeout(1500);
  await page.goto(`/projects/${projectId}/documents/${documentId}`);
  await ws.waitReady();
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(1500);
});

test("unicode: a flag and an Arabic phrase are coded with exact code-point offsets", async ({ page, signUp, projects }) => {
  test.skip(!fs.existsSync(UNICODE), "the shared corpus is not next to the repository");
  const ws = new CodingWorkspacePage(page);
  const text = canonical(fs.readFileSync(UNICODE, "utf8"));
  const cps = Array.from(text);
  const cpIndexOf = (needle: string) => Array.from(text.slice(0, text.indexOf(needle))).length;

  await signUp.signUp(newPerson("Uma"));
  const projectId = await projects.createProject("Unicode coding");
  const documentId = await importAndOpen(page, projectId, UNICODE);
  await ws.waitReady();

  // The flag: caret before it with the mouse, one shift+→ (one grapheme, two code points).
  const flag = "🇻🇳";
  await ws.caretBefore(flag);
  await page.keyboard.press("Shift+ArrowRight");
  await expect(ws.picker()).toBeVisible();
  await page.keyboard.press("1");
  await expect.poll(async () => (await codingsOf(page, projectId, documentId)).length).toBe(1);
  const [flagCoding] = await codingsOf(page, projectId, documentId);
  const flagStart = cpIndexOf(flag);
  expect(flagCoding!.start).toBe(flagStart);
  expect(flagCoding!.end).toBe(flagStart + 2);
  expect(flagCoding!.quote).toBe(cps.slice(flagStart, flagStart + 2).join(""));
  expect(flagCoding!.quote).toBe(flag);

  // An Arabic phrase, dragged with the mouse.
  await page.keyboard.press("Escape");
  const arabic = "السيادة الوطنية";
  await ws.dragSelect(arabic);
  await expect(ws.picker()).toBeVisible();
  await page.keyboard.press("1");
  await expect.poll(async () => (await codingsOf(page, projectId, documentId)).length).toBe(2);
  const arabicCoding = (await codingsOf(page, projectId, documentId)).find((c) => c.id !== flagCoding!.id)!;
  const arabicStart = cpIndexOf(arabic);
  expect(arabicCoding.quote).toBe(cps.slice(arabicCoding.start, arabicCoding.end).join(""));
  expect(arabicCoding.start).toBe(arabicStart);
  expect(arabicCoding.end).toBe(arabicStart + Array.from(arabic).length);
  expect(arabicCoding.quote).toBe(arabic);
});

test("inline new code, in-vivo code, a memo, hiding a code; a viewer sees the codings but cannot code", async ({ page, browser, signUp, projects, documents, members }) => {
  const ws = new CodingWorkspacePage(page);
  await signUp.signUp(newPerson("Ines"));
  const projectId = await projects.createProject("In-vivo coding");
  await documents.goto(projectId);
  await documents.pasteText(
    "Embassy note",
    [
      "Embassy note",
      "",
      "The delegation demanded the release of detained bloggers. The ministry called this interference in internal affairs.",
      "",
      "Noted.",
      "",
      "",
      "",
      "Reply pending.",
    ].join("\n"),
  );
  // Every script the coding view loads, to check below that none carries zod.
  const scripts: Promise<string>[] = [];
  const onResponse = (res: import("@playwright/test").Response) => {
    if (res.request().resourceType() === "script") scripts.push(res.text().catch(() => ""));
  };
  page.on("response", onResponse);
  await documents.documentLink("Embassy note").click();
  await ws.waitReady();
  const documentId = page.url().split("/").at(-1)!;
  await page.reload();
  await ws.waitReady();
  page.off("response", onResponse);
  // zod validates on the server only: in the browser it was ~100 kB of script to parse before
  // the editor (bench P2), and its `new Function` probe trips the page CSP.
  const loaded = await Promise.all(scripts);
  expect(loaded.length).toBeGreaterThan(0);
  expect(loaded.filter((js) => js.includes("$ZodType")).length).toBe(0);

  // Empty lines are not drawn, but the spacing is the text's: three blank lines, three lines' gap.
  const gaps = await page.evaluate(() => {
    const lines = [...document.querySelectorAll(".qc-editor > p")].filter((p) => /Noted|Reply pending|The delegation/.test(p.textContent ?? ""));
    const [a, b, c] = lines.map((p) => p.getBoundingClientRect());
    return { one: b!.top - a!.bottom, three: c!.top - b!.bottom, lineHeight: parseFloat(getComputedStyle(lines[1]!).lineHeight) };
  });
  expect(gaps.one).toBeCloseTo(gaps.lineHeight, 0);
  expect(gaps.three).toBeCloseTo(3 * gaps.lineHeight, 0);

  // A new code, created from the picker's filter.
  await ws.dragSelect("release of detained bloggers");
  await expect(ws.picker()).toBeVisible();
  await ws.picker().getByLabel("Filter codes").fill("detention");
  await expect(ws.picker().getByRole("option", { name: "Create code “detention”" })).toBeVisible();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("button", { name: "Coding detention", exact: true })).toBeVisible();

  // In-vivo: the code is named by the selection.
  await ws.dragSelect("interference in internal affairs");
  await ws.picker().getByRole("option", { name: /^In-vivo/ }).click();
  await expect(page.getByRole("button", { name: "Coding interference in internal affairs", exact: true })).toBeVisible();
  await expect.poll(async () => (await codingsOf(page, projectId, documentId)).map((c) => c.quote).sort()).toEqual(
    ["interference in internal affairs", "release of detained bloggers"],
  );

  // A memo on the first coding, from its popover.
  await ws.clickText("bloggers");
  await expect(ws.popover()).toBeVisible();
  await ws.popover().getByLabel("Memo").fill("The key demand.");
  await ws.popover().getByText("Codings here").click();
  await expect
    .poll(async () => (await codingsOf(page, projectId, documentId)).find((c) => c.quote === "release of detained bloggers")?.memo)
    .toBe("The key demand.");
  await ws.popover().getByRole("button", { name: "Close" }).click();

  // Hiding a code hides its codings (client-side filter).
  await page.getByRole("button", { name: "Hide detention" }).click();
  await expect(page.getByRole("button", { name: "Coding detention", exact: true })).toHaveCount(0);
  await expect(ws.stripes()).toHaveCount(1);
  await page.getByRole("button", { name: "Show detention" }).click();
  await expect(ws.stripes()).toHaveCount(2);

  // A viewer: sees both codings, gets no picker.
  const viewerPerson = newPerson("Vic");
  const viewer = await browser.newContext();
  const vpage = await viewer.newPage();
  const { SignUpPage } = await import("../pages/auth-pages");
  await new SignUpPage(vpage).signUp(viewerPerson);
  await members.goto(projectId);
  await members.addMember(viewerPerson.email, "Viewer");
  await expect(members.row(viewerPerson.name)).toBeVisible();
  await vpage.goto(`/projects/${projectId}/documents/${documentId}`);
  const vws = new CodingWorkspacePage(vpage);
  await vws.waitReady();
  await expect(vws.stripes()).toHaveCount(2);
  await vws.dragSelect("The delegation demanded");
  await vpage.waitForTimeout(300);
  await expect(vws.picker()).toHaveCount(0);
  await viewer.close();
});
