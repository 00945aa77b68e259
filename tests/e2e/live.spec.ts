import type { Browser, Page } from "@playwright/test";
import { newPerson, SignUpPage, type Credentials } from "../pages/auth-pages";
import { CodebookManagePage } from "../pages/codebook-manage-page";
import { CodingWorkspacePage } from "../pages/coding-workspace";
import { DocumentsPage } from "../pages/documents-page";
import { MembersPage } from "../pages/project-pages";
import { ProjectsPage } from "../pages/projects-page";
import { expect, test } from "../pages/fixtures";

// The project's own fixture text (no corpus needed): two sentences to code.
// Mid-paragraph, so a mouse drag over them cannot catch a line break.
const FIRST = "the committee pressed the government to ratify the convention without delay";
const SECOND = "the minister replied that the country would decide on its own terms";
const TEXT = `At the session, ${FIRST}.\n\nIn its answer, ${SECOND}.\n\nA closing paragraph about aid and trade.`;

async function person(browser: Browser, first: string): Promise<{ page: Page; who: Credentials; close: () => Promise<void> }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const who = newPerson(first);
  await new SignUpPage(page).signUp(who);
  return { page, who, close: () => context.close() };
}

/** Owner A creates the project with one document and adds coder B; both open the document. */
async function setUp(browser: Browser, mode: "Open" | "Blind") {
  const a = await person(browser, "Ada");
  const b = await person(browser, "Ben");
  const projectId = await new ProjectsPage(a.page).createProject(`Live ${mode}`, mode);
  const members = new MembersPage(a.page);
  await members.goto(projectId);
  await members.addMember(b.who.email, "Coder");
  await expect(members.row(b.who.name)).toBeVisible();
  const documents = new DocumentsPage(a.page);
  await a.page.goto(`/projects/${projectId}/documents`);
  await documents.pasteText("Committee exchange", TEXT);
  const link = a.page.getByRole("table", { name: /^Documents/ }).getByRole("link", { name: "Committee exchange" });
  await expect(link).toBeVisible({ timeout: 15_000 });
  await link.click();
  await expect(a.page).toHaveURL(/\/documents\/[0-9a-f-]{36}$/);
  const documentUrl = new URL(a.page.url()).pathname;
  const wsA = new CodingWorkspacePage(a.page);
  await wsA.waitReady();
  await b.page.goto(documentUrl);
  const wsB = new CodingWorkspacePage(b.page);
  await wsB.waitReady();
  return { a, b, projectId, wsA, wsB };
}

test("open mode: A's coding appears in B's open view, B's rename in A's codebook, and each sees the other here", async ({ browser }) => {
  const { a, b, projectId, wsA, wsB } = await setUp(browser, "Open");

  // Presence: each sees the other viewing this document.
  await expect(a.page.getByRole("group", { name: `Also viewing this document: ${b.who.name}` })).toBeVisible();
  await expect(b.page.getByRole("group", { name: `Also viewing this document: ${a.who.name}` })).toBeVisible();

  // A codes a sentence with the mouse and the 1 key; B's view shows it without a reload.
  await wsA.dragSelect(FIRST);
  await expect(wsA.picker()).toBeVisible();
  await a.page.keyboard.press("1");
  await expect.poll(() => wsA.highlightedTexts()).toEqual([FIRST]);
  await expect.poll(() => wsB.highlightedTexts(), { timeout: 10_000 }).toEqual([FIRST]);
  await expect(wsB.stripes()).toHaveCount(1);

  // B renames "reward" in the codebook; A's open code panel shows the new name.
  await b.page.goto(`/projects/${projectId}`);
  await new CodebookManagePage(b.page).cardAction("reward", "Rename or edit…");
  const edit = b.page.getByRole("dialog", { name: "Edit “reward”" });
  await edit.getByLabel("Name").fill("incentive");
  await edit.getByRole("button", { name: /^Save/ }).click();
  await expect(edit).toBeHidden();
  await expect(a.page.getByRole("complementary", { name: "Coding tools" }).getByRole("button", { name: /^incentive/ })).toBeVisible({ timeout: 10_000 });

  // A deletes the coding; B (back on the document) had it, and it goes without a reload.
  await b.page.goBack();
  await wsB.waitReady();
  await expect(wsB.stripes()).toHaveCount(1);
  await wsA.stripes().first().click();
  await a.page.keyboard.press("Delete");
  await expect(wsA.stripes()).toHaveCount(0);
  await expect(wsB.stripes()).toHaveCount(0, { timeout: 10_000 });

  await a.close();
  await b.close();
});

test("blind mode: B does not see A's coding until the owner reveals, then sees it without a reload", async ({ browser }) => {
  const { a, b, projectId, wsA, wsB } = await setUp(browser, "Blind");

  await wsA.dragSelect(FIRST);
  await expect(wsA.picker()).toBeVisible();
  await a.page.keyboard.press("1");
  await expect.poll(() => wsA.highlightedTexts()).toEqual([FIRST]);
  // B codes the other sentence: A (the owner) sees both, B only their own.
  await wsB.dragSelect(SECOND);
  await expect(wsB.picker()).toBeVisible();
  await b.page.keyboard.press("2");
  await expect.poll(() => wsB.highlightedTexts()).toEqual([SECOND]);
  await expect.poll(async () => (await wsA.highlightedTexts()).sort(), { timeout: 10_000 }).toEqual([FIRST, SECOND].sort());
  // Give A's coding every chance to leak to B, then check it did not (stream and API alike).
  await b.page.waitForTimeout(1500);
  expect(await wsB.highlightedTexts()).toEqual([SECOND]);
  const seenByB = (await (await b.page.request.get(`/api/v1/projects/${projectId}/codings`)).json()) as { quote: string }[];
  expect(seenByB.map((c) => c.quote)).toEqual([SECOND]);

  // The owner reveals; B's open view now shows both.
  const settings = await a.page.context().newPage();
  await settings.goto(`/projects/${projectId}/settings`);
  await settings.getByRole("button", { name: "Reveal all codings" }).click();
  await expect(settings.getByRole("button", { name: "Hide codings again" })).toBeVisible();
  await expect.poll(async () => (await wsB.highlightedTexts()).sort(), { timeout: 10_000 }).toEqual([FIRST, SECOND].sort());

  await a.close();
  await b.close();
});
