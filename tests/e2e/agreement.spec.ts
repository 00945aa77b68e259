import type { Browser, Locator, Page } from "@playwright/test";
import { newPerson, SignUpPage, type Credentials } from "../pages/auth-pages";
import { CodingWorkspacePage } from "../pages/coding-workspace";
import { DocumentsPage } from "../pages/documents-page";
import { MembersPage } from "../pages/project-pages";
import { ProjectsPage } from "../pages/projects-page";
import { expect, test } from "../pages/fixtures";

// Three paragraphs; both coders code the first as pressure, only Ben the second, nobody the third.
const FIRST = "the committee pressed the government to ratify the convention without delay";
const SECOND = "the minister replied that the country would decide on its own terms";
const TEXT = `At the session, ${FIRST}.\n\nIn its answer, ${SECOND}.\n\nA closing paragraph about aid and trade.`;

async function person(browser: Browser, first: string): Promise<{ page: Page; who: Credentials }> {
  const page = await (await browser.newContext()).newPage();
  const who = newPerson(first);
  await new SignUpPage(page).signUp(who);
  return { page, who };
}

/** The agreement page, as a researcher reads it. */
class AgreementPage {
  constructor(private readonly page: Page) {}
  async goto(projectId: string) {
    await this.page.goto(`/projects/${projectId}/agreement`);
    await expect(this.page.getByRole("heading", { name: "Inter-coder agreement" })).toBeVisible();
  }
  async chooseCoders(names: RegExp[], all: RegExp[]) {
    for (const name of all) {
      const box = this.page.getByRole("checkbox", { name });
      if (names.some((n) => n.source === name.source)) await box.check();
      else await box.uncheck();
    }
    await this.page.getByRole("button", { name: "Compute agreement" }).click();
  }
  figure(code: string, measure: string): Locator {
    return this.page.getByRole("table", { name: "Agreement per code" }).getByRole("row").filter({ has: this.page.getByRole("rowheader", { name: code, exact: true }) }).locator(`[data-measure="${measure}"]`);
  }
}

test("the owner reads κ and α per code, drills into a disagreement, adjudicates it, and sees coder-vs-consensus agreement change", async ({ browser }) => {
  test.setTimeout(120_000);
  const ada = await person(browser, "Ada");
  const ben = await person(browser, "Ben");
  const projectId = await new ProjectsPage(ada.page).createProject("Agreement study", "Open");
  const members = new MembersPage(ada.page);
  await members.goto(projectId);
  await members.addMember(ben.who.email, "Coder");
  await expect(members.row(ben.who.name)).toBeVisible();
  await ada.page.goto(`/projects/${projectId}/documents`);
  await new DocumentsPage(ada.page).pasteText("Committee exchange", TEXT);
  const link = ada.page.getByRole("table", { name: /^Documents/ }).getByRole("link", { name: "Committee exchange" });
  await expect(link).toBeVisible({ timeout: 15_000 });
  await link.click();
  await expect(ada.page).toHaveURL(/\/documents\/[0-9a-f-]{36}$/);
  const documentUrl = new URL(ada.page.url()).pathname;

  // Both code with the mouse and the 1 key (pressure), as in the workspace every day.
  const wsAda = new CodingWorkspacePage(ada.page);
  await wsAda.waitReady();
  await wsAda.dragSelect(FIRST);
  await ada.page.keyboard.press("1");
  await expect.poll(() => wsAda.highlightedTexts()).toEqual([FIRST]);
  await ben.page.goto(documentUrl);
  const wsBen = new CodingWorkspacePage(ben.page);
  await wsBen.waitReady();
  await wsBen.dragSelect(FIRST);
  await ben.page.keyboard.press("1");
  await expect.poll(() => wsBen.highlightedTexts()).toContain(FIRST);
  await wsBen.dragSelect(SECOND);
  await ben.page.keyboard.press("1");
  await expect.poll(() => wsBen.highlightedTexts()).toContain(SECOND);
  await expect(wsBen.stripes()).toHaveCount(3); // Ada's and Ben's on the first paragraph, Ben's on the second

  // Per paragraph, pressure: (yes, yes), (no, yes), (no, no). By hand: p_o = 2/3, p_e = 4/9,
  // κ = 0.400; α = 1 − 5·2 / (2·3·3) = 0.444.
  const agreement = new AgreementPage(ada.page);
  await agreement.goto(projectId);
  const coders = [new RegExp(`^${ada.who.name}`), new RegExp(`^${ben.who.name}`), /^Consensus layer/];
  await agreement.chooseCoders([coders[0]!, coders[1]!], coders);
  await expect(agreement.figure("pressure", "cohen")).toHaveText("0.400");
  await expect(agreement.figure("pressure", "alpha")).toContainText("0.444");
  await expect(ada.page.getByTestId("data-hash")).toHaveText(/^[0-9a-f]{64}$/);

  // Drill down: the one paragraph where they differ, side by side.
  await ada.page.getByRole("table", { name: "Agreement per code" }).getByRole("row").filter({ has: ada.page.getByRole("rowheader", { name: "pressure", exact: true }) }).getByRole("link", { name: /1 — see them/ }).click();
  const item = ada.page.getByTestId("disagreement");
  await expect(item).toHaveCount(1);
  await expect(item.getByRole("blockquote")).toContainText(SECOND);
  await expect(item.locator(`[data-coder="${ben.who.name}"]`)).toHaveText("pressure");
  await expect(item.locator(`[data-coder="${ada.who.name}"]`)).toHaveText("no code");

  // Segment overlap (MAXQDA's rule): Ben's second segment has no match; open it from the table.
  await ada.page.goBack();
  await ada.page.getByRole("table", { name: /^Segment overlap/ }).getByRole("row").filter({ hasText: "pressurepercent agreement" }).getByRole("link", { name: "see them" }).click();
  const segment = ada.page.getByTestId("unmatched-segment");
  await expect(segment).toHaveCount(1);
  await expect(segment).toContainText(SECOND);
  await expect(segment).toContainText(`${ben.who.name}:`);

  // Ben vs the (empty) consensus layer: nothing to compare yet.
  await agreement.goto(projectId);
  await agreement.chooseCoders([coders[1]!, coders[2]!], coders);
  await expect(agreement.figure("pressure", "cohen")).toHaveText("—");

  // Adjudicate: accept the agreed place, then Ben's version of the disagreement with the 2 key.
  await ada.page.goto(`/projects/${projectId}/agreement/adjudicate`);
  await expect(ada.page.getByTestId("adjudication-progress")).toHaveText("0 of 1 disagreements resolved");
  await ada.page.getByRole("button", { name: "Accept the place where all coders agree" }).click();
  await expect(ada.page.getByRole("button", { name: "Accept the place where all coders agree" })).toBeHidden();
  await expect(ada.page.getByTestId("adjudication-site")).toContainText(SECOND);
  // The action's answer re-renders the page from the server with the site resolved: the count
  // must still say 1 of 1 (it once added the server's count to the walker's own: "2 of 1").
  await ada.page.keyboard.press("2");
  await expect(ada.page.getByTestId("adjudication-progress")).toHaveText("1 of 1 disagreements resolved");

  // Now Ben agrees with the consensus layer everywhere, and Ada as before.
  await agreement.goto(projectId);
  await agreement.chooseCoders([coders[1]!, coders[2]!], coders);
  await expect(agreement.figure("pressure", "cohen")).toHaveText("1.000");
  await agreement.chooseCoders([coders[0]!, coders[2]!], coders);
  await expect(agreement.figure("pressure", "cohen")).toHaveText("0.400");
});
