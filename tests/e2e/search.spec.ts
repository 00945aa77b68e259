import fs from "node:fs";
import path from "node:path";
import { newPerson } from "../pages/auth-pages";
import { CodingWorkspacePage } from "../pages/coding-workspace";
import { expect, test } from "../pages/fixtures";

// The five corpus texts (CI always has ../shared/corpus; a checkout without it skips only this test).
const corpus = path.resolve(process.cwd(), "../shared/corpus");
const hasCorpus = fs.existsSync(corpus);
const FILES = ["partnership-upgrade-news.txt", "r2p-vietnam-assessment-2022.md", "rethinking-human-rights-dialogue.txt", "sovereignty-fears-cat-ratification.md", "us-vietnam-human-rights-ocr.txt"];
const PHRASE = "internal affairs";

test("a researcher searches a phrase across the five corpus documents, auto-codes the hits at sentence extent, sees them highlighted, and can undo", async ({ page, signUp, projects, documents }) => {
  test.skip(!hasCorpus, `the test corpus is missing at ${corpus} (CI always has it)`);
  test.setTimeout(120_000);
  await signUp.signUp(newPerson("Sol"));
  const projectId = await projects.createProject("Search study");
  await documents.goto(projectId);
  await documents.addFiles(FILES.map((f) => path.join(corpus, f)));
  await expect(documents.table().getByRole("rowheader")).toHaveCount(5, { timeout: 60_000 });

  // What the canonical texts hold, read through the API: the oracle for the hits.
  const list = (await (await page.request.get(`/api/v1/projects/${projectId}/documents`)).json()) as { id: string; title: string }[];
  const expected = new Map<string, number>();
  for (const d of list) {
    const { text } = (await (await page.request.get(`/api/v1/projects/${projectId}/documents/${d.id}`)).json()) as { text: string };
    const n = [...text.matchAll(/internal\s+affairs/giu)].length;
    if (n) expected.set(d.title, n);
  }
  const total = [...expected.values()].reduce((a, b) => a + b, 0);
  expect(expected.size).toBeGreaterThanOrEqual(2);

  await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Search" }).click();
  const form = page.getByRole("search", { name: "Search the documents" });
  await form.getByLabel("Search for", { exact: true }).fill(PHRASE);
  await form.getByLabel("Kind of search", { exact: true }).selectOption("phrase");
  await form.getByRole("button", { name: "Search" }).click();
  await expect(page.getByTestId("search-count")).toHaveText(new RegExp(`^${total} hits in ${expected.size} documents`));
  for (const [title, n] of expected) {
    const group = page.getByRole("region", { name: title, exact: true });
    await expect(group.getByTestId("search-hit")).toHaveCount(n);
  }
  await expect(page.getByTestId("search-hit").locator("mark").first()).toHaveText(/^internal\s+affairs$/i);

  // Auto-code every hit with its sentence: preview, then apply.
  const bar = page.getByRole("group", { name: "Auto-code the hits" });
  await bar.getByLabel("Code to apply", { exact: true }).selectOption({ label: "sovereignty claim" });
  await bar.getByLabel("Extent", { exact: true }).selectOption("sentence");
  await bar.getByRole("button", { name: "Auto-code all hits…" }).click();
  const dialog = page.getByRole("dialog", { name: /^Code \d+ passages? with “sovereignty claim”\?$/ });
  await expect(dialog).toBeVisible();
  const items = dialog.getByTestId("autocode-preview-item");
  const planned = await items.count();
  expect(planned).toBeGreaterThan(0);
  expect(planned).toBeLessThanOrEqual(total);
  for (const text of await items.allTextContents()) expect(text.toLowerCase()).toMatch(/internal\s+affairs/);
  await dialog.getByRole("button", { name: `Code ${planned} passage${planned === 1 ? "" : "s"}` }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(`Coded ${planned} passage${planned === 1 ? "" : "s"} with “sovereignty claim”.`).first()).toBeVisible();

  // Open the first hit in its document: its sentence is highlighted there.
  const firstHit = page.getByTestId("search-hit").first();
  await firstHit.getByRole("link", { name: /^Open at \d+$/ }).click();
  const ws = new CodingWorkspacePage(page);
  await ws.waitReady();
  await expect.poll(async () => (await ws.highlightedTexts()).filter((t) => /internal\s+affairs/i.test(t)).length).toBeGreaterThan(0);
  // The hit itself is marked where the link pointed.
  await expect.poll(() => page.evaluate(() => [...(CSS.highlights.get("qc-suggest-focus") ?? [])].map((r) => (r as Range).toString()))).toEqual([expect.stringMatching(/^internal\s+affairs$/i)]);
  const codings = (await (await page.request.get(`/api/v1/projects/${projectId}/codings`)).json()) as { quote: string }[];
  expect(codings).toHaveLength(planned);

  // Back on the search, one undo removes the whole run.
  await page.goBack();
  const run = page.getByTestId("autocode-run");
  await expect(run).toHaveCount(1);
  await expect(run).toContainText(`${planned} passage${planned === 1 ? "" : "s"} coded “sovereignty claim” (sentence) from “${PHRASE}”`);
  await run.getByRole("button", { name: /^Undo auto-coding/ }).click();
  await expect(page.getByText(`Undone: ${planned} coding${planned === 1 ? "" : "s"} removed.`).first()).toBeVisible();
  await expect(run).toHaveCount(0);
  expect(await (await page.request.get(`/api/v1/projects/${projectId}/codings`)).json()).toEqual([]);
});
