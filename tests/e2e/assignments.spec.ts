import { expect as baseExpect, type Locator, type Page } from "@playwright/test";
import { newPerson } from "../pages/auth-pages";
import { asNewPerson, expect, test } from "../pages/fixtures";

/** The assignments tab (page object kept here; it belongs in tests/pages once the tab settles). */
class AssignmentsPage {
  constructor(private readonly page: Page) {}

  async goto(projectId: string, heading: "Assignments" | "My queue" = "Assignments") {
    await this.page.goto(`/projects/${projectId}/assignments`);
    await baseExpect(this.page.getByRole("heading", { name: heading, level: 2, exact: true })).toBeVisible();
  }

  sampleDialog(): Locator {
    return this.page.getByRole("dialog", { name: "Draw a sample" });
  }

  queue(): Locator {
    return this.page.getByRole("table", { name: "My queue" });
  }

  progressRow(name: string): Locator {
    return this.page.getByRole("table", { name: "Progress per coder" }).getByRole("row").filter({ has: this.page.getByRole("rowheader", { name: new RegExp(`^${name}`) }) });
  }
}

const DOCUMENTS = {
  "Hanoi speech": "The minister spoke about sovereignty and non-interference.",
  "Geneva review": "The committee reviewed the periodic report and urged reform.",
  "Trade talks": "Negotiators linked the partnership upgrade to labour rights.",
  "Embassy note": "The delegation demanded the release of detained bloggers.",
};

test("the owner draws a seeded 50 % sample for two coders; a coder works through their queue; the owner sees progress", async ({
  browser,
  page,
  signUp,
  projects,
  members,
  documents,
}) => {
  test.setTimeout(120_000); // three people sign up, four documents are imported
  const ana = newPerson("Ana");
  const ben = newPerson("Ben");
  const anaSide = await asNewPerson(browser);
  await anaSide.signUp.signUp(ana);
  const benSide = await asNewPerson(browser);
  await benSide.signUp.signUp(ben);
  await benSide.context.close();

  await signUp.signUp(newPerson("Olivia"));
  const projectId = await projects.createProject("Sampling study");
  await members.goto(projectId);
  for (const person of [ana, ben]) {
    await members.addMember(person.email, "Coder");
    await expect(members.row(person.name)).toBeVisible();
  }
  await documents.goto(projectId);
  for (const [title, text] of Object.entries(DOCUMENTS)) await documents.pasteText(title, text);
  await expect(documents.table().getByRole("rowheader")).toHaveCount(4);

  // Nothing assigned yet: the page says what to do.
  await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Assignments" }).click();
  const assignments = new AssignmentsPage(page);
  await expect(page.getByRole("heading", { name: "No assignments yet" })).toBeVisible();

  await page.getByRole("button", { name: "Draw a sample" }).click();
  const dialog = assignments.sampleDialog();
  await expect(dialog.getByLabel("Seed")).toHaveValue(/^\d+$/); // a random seed, prefilled
  await dialog.getByLabel("Share (%)").fill("50");
  await dialog.getByLabel("Coders per document").fill("2");
  await dialog.getByLabel("Seed").fill("42");
  await expect(dialog.getByRole("checkbox", { name: ana.name })).toBeChecked();
  await expect(dialog.getByRole("checkbox", { name: ben.name })).toBeChecked();
  await expect(dialog.getByRole("checkbox", { name: /Olivia/ })).not.toBeChecked();
  await dialog.getByRole("button", { name: "Preview sample" }).click();

  const preview = dialog.getByRole("region", { name: "Sample preview" });
  await expect(preview.getByRole("heading", { name: "Sample 50 % · seed 42" })).toBeVisible();
  const drawn = preview.getByRole("table", { name: "Drawn documents" }).getByRole("rowheader");
  await expect(drawn).toHaveCount(2);
  const titles = await drawn.allTextContents();
  for (const title of titles) expect(Object.keys(DOCUMENTS)).toContain(title);
  await expect(preview.getByText(`${ana.name}: 2`)).toBeVisible();

  // Changing the seed drops the preview; the same seed again draws the same documents.
  await dialog.getByLabel("Seed").fill("43");
  await expect(preview).toBeHidden();
  await dialog.getByLabel("Seed").fill("42");
  await dialog.getByRole("button", { name: "Preview sample" }).click();
  await expect(drawn).toHaveText(titles);

  await expect(preview.getByText("Applying assigns 2 documents (4 assignments)")).toBeVisible();
  await preview.getByRole("button", { name: "Apply sample" }).click();
  await expect(dialog).toBeHidden();
  await expect(assignments.progressRow(ana.name).getByRole("cell").first()).toHaveText("2");
  await expect(page.getByRole("list", { name: "Samples" }).getByRole("button", { name: "Remove Sample 50 % · seed 42" })).toBeVisible();

  // Ana sees her queue (each document links to its page) and marks one done.
  const anaPage = new AssignmentsPage(anaSide.page);
  await anaPage.goto(projectId, "My queue");
  await expect(anaPage.queue().getByRole("rowheader")).toHaveText(titles.slice().sort((a, b) => Object.keys(DOCUMENTS).indexOf(a) - Object.keys(DOCUMENTS).indexOf(b)));
  const first = titles[0]!;
  await expect(anaPage.queue().getByRole("link", { name: first })).toHaveAttribute("href", new RegExp(`/projects/${projectId}/documents/[0-9a-f-]{36}$`));
  await expect(anaPage.queue().getByText("Not started")).toHaveCount(2);
  await anaSide.page.getByRole("button", { name: `Mark done: ${first}` }).click();
  await expect(anaSide.page.getByRole("button", { name: `Done: ${first}` })).toHaveAttribute("aria-pressed", "true");
  // The other one she marks done where she codes: on the document's page.
  const second = titles[1]!;
  await anaPage.queue().getByRole("link", { name: second }).click();
  await anaSide.page.getByRole("button", { name: "Assigned to you · mark as done" }).click();
  await expect(anaSide.page.getByRole("button", { name: "Assigned to you · done" })).toBeVisible();
  await anaPage.goto(projectId, "My queue");
  // A coder cannot assign: no such buttons for her.
  await expect(anaSide.page.getByRole("button", { name: /Draw a sample|Assign documents/ })).toHaveCount(0);
  await anaSide.context.close();

  // The owner sees Ana's progress.
  await assignments.goto(projectId);
  const row = assignments.progressRow(ana.name);
  await expect(row.getByRole("cell")).toHaveText(["2", "0", "2", /100 %/]);
  await expect(row.getByRole("progressbar", { name: `${ana.name}: 2 of 2 done` })).toHaveAttribute("aria-valuenow", "100");
  await expect(assignments.progressRow(ben.name).getByRole("cell")).toHaveText(["2", "0", "0", /0 %/]);
});
