import type { Page } from "@playwright/test";
import { newPerson } from "../pages/auth-pages";
import { CodingWorkspacePage } from "../pages/coding-workspace";
import { expect, test } from "../pages/fixtures";

// A Markdown file the test writes itself: two sections far apart, so the outline has to scroll.
const FILLER = Array.from({ length: 40 }, (_, i) => `Filler paragraph ${i + 1} about reports, councils and committees.`).join("\n\n");
const FIRST = "states ratified under sustained external pressure";
const SECOND = "donors promised trade benefits in exchange";
const MARKDOWN = `# Background\n\nMany ${FIRST} from their neighbours.\n\n${FILLER}\n\n## Reactions\n\nSome ${SECOND} for ratification.\n\n${FILLER}\n`;

type CodingJson = { id: string; start: number; end: number; quote: string };

/** The text of a named highlight (the selected coding, the hovered one). */
function highlightText(page: Page, name: string): Promise<string | null> {
  return page.evaluate((n) => {
    const h = CSS.highlights.get(n);
    if (!h) return null;
    const texts: string[] = [];
    h.forEach((r) => texts.push((r as Range).toString()));
    return texts.join("|");
  }, name);
}

async function topOf(page: Page, text: string): Promise<number> {
  return page.locator(".ProseMirror").getByRole("heading", { name: text }).evaluate((el) => el.getBoundingClientRect().top);
}

test("outline, previous/next coding of a code, stripe hover, and dragging a boundary grip", async ({ page, signUp, projects }) => {
  const ws = new CodingWorkspacePage(page);
  await signUp.signUp(newPerson("Nia"));
  const projectId = await projects.createProject("Navigation");
  await page.goto(`/projects/${projectId}/documents`);
  await page.getByLabel("Choose files to import").setInputFiles([{ name: "sections.md", mimeType: "text/markdown", buffer: Buffer.from(MARKDOWN) }]);
  const upload = page.getByRole("list", { name: "Uploads" }).getByRole("listitem", { name: "sections.md", exact: true });
  await expect(upload.getByText("Imported", { exact: true })).toBeVisible({ timeout: 20_000 });
  await page.goto(`/projects/${projectId}/documents`);
  await page.getByRole("table", { name: /^Documents/ }).getByRole("rowheader").getByRole("link").first().click();
  await ws.waitReady();
  const documentId = page.url().split("/").at(-1)!;

  // Two codings of "pressure" (the 1 key), one in each section.
  for (const text of [FIRST, SECOND]) {
    await ws.dragSelect(text);
    await expect(ws.picker()).toBeVisible();
    await page.keyboard.press("1");
    await expect(ws.picker()).toBeHidden();
  }
  await expect.poll(async () => (await ws.highlightedTexts()).sort()).toEqual([FIRST, SECOND].sort());

  // The outline jumps to a section heading.
  const outline = page.getByRole("navigation", { name: "Outline" });
  await outline.getByRole("link", { name: "Background" }).click();
  await expect.poll(() => topOf(page, "Background")).toBeLessThan(200);
  await outline.getByRole("link", { name: "Reactions" }).click();
  await expect.poll(() => topOf(page, "Reactions")).toBeLessThan(200);
  await expect.poll(() => topOf(page, "Reactions")).toBeGreaterThanOrEqual(0);

  // Previous/next coding of the code chosen in the panel: in text order, wrapping round.
  const tools = page.getByRole("complementary", { name: "Coding tools" });
  await tools.getByRole("button", { name: /^pressure/ }).first().click();
  const next = page.getByRole("button", { name: "Next coding" });
  const previous = page.getByRole("button", { name: "Previous coding" });
  await next.click();
  await expect.poll(() => highlightText(page, "qc-sel")).toBe(FIRST);
  await next.click();
  await expect.poll(() => highlightText(page, "qc-sel")).toBe(SECOND);
  await next.click();
  await expect.poll(() => highlightText(page, "qc-sel")).toBe(FIRST);
  await previous.click();
  await expect.poll(() => highlightText(page, "qc-sel")).toBe(SECOND);

  // Hovering a stripe highlights its passage.
  await ws.rectsOf(FIRST); // scrolls it into view
  await ws.stripes().first().hover();
  await expect.poll(() => highlightText(page, "qc-hover")).toBe(FIRST);

  // Select the first coding, drag its end grip to the end of "neighbours".
  await ws.stripes().first().click();
  await expect.poll(() => highlightText(page, "qc-sel")).toBe(FIRST);
  const grip = page.getByTestId("boundary-end");
  await expect(grip).toBeVisible();
  const target = await ws.rectsOf("neighbours");
  const box = (await grip.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(target.last.x + target.last.width - 2, target.last.y + target.last.height / 2, { steps: 8 });
  await page.mouse.move(target.last.x + target.last.width - 0.5, target.last.y + target.last.height / 2, { steps: 2 });
  await page.mouse.up();
  const extended = `${FIRST} from their neighbours`;
  await expect.poll(() => highlightText(page, "qc-sel")).toBe(extended);
  await expect
    .poll(async () => {
      const res = await page.request.get(`/api/v1/projects/${projectId}/codings?documentId=${documentId}`);
      return ((await res.json()) as CodingJson[]).map((c) => c.quote).sort();
    })
    .toEqual([extended, SECOND].sort());

  // The grip also moves with the keyboard: ← shortens the end by one character.
  await grip.focus();
  await page.keyboard.press("ArrowLeft");
  await expect.poll(() => highlightText(page, "qc-sel")).toBe(extended.slice(0, -1));
});
