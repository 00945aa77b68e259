import type { Page } from "@playwright/test";
import { newPerson } from "../pages/auth-pages";
import { CodebookManagePage, MemosPage } from "../pages/codebook-manage-page";
import { expect, test } from "../pages/fixtures";

/** A document and one coding with `codeName`, made through the JSON API as the signed-in owner. */
async function codeOnePassage(page: Page, projectId: string, codeName: string) {
  const origin = new URL(page.url()).origin;
  const headers = { origin, "content-type": "application/json" };
  const api = `/api/v1/projects/${projectId}`;
  const doc = await page.request.post(`${api}/documents`, { headers, data: { title: "Committee hearing", text: "Trade talks stalled over sanctions and reform." } });
  expect(doc.status(), await doc.text()).toBe(201);
  const { id: documentId } = (await doc.json()) as { id: string };
  const codes = (await (await page.request.get(`${api}/codes`)).json()) as { id: string; name: string }[];
  const code = codes.find((c) => c.name === codeName)!;
  const coding = await page.request.post(`${api}/codings`, { headers, data: { documentId, codeId: code.id, start: 25, end: 34 } });
  expect(coding.status(), await coding.text()).toBe(201);
}

test("the owner moves, reorders, merges and recolours codes, and keeps memos on them", async ({ page, signUp, projects, codebook }) => {
  const manage = new CodebookManagePage(page);
  const memos = new MemosPage(page);
  await signUp.signUp(newPerson("Mara"));
  const projectId = await projects.createProject("Codebook management");

  // Create a code, then put it under "pressure" with the keyboard-friendly "Move to…".
  await codebook.newCodeButton().click();
  const create = page.getByRole("dialog", { name: "New code" });
  await create.getByLabel("Name").fill("sanctions");
  await create.getByLabel("Definition").fill("Economic penalties tied to rights conduct.");
  await create.getByRole("button", { name: "Create code" }).click();
  await expect(create).toBeHidden();
  await manage.cardAction("sanctions", "Move to…");
  const move = page.getByRole("dialog", { name: "Move “sanctions”" });
  await move.getByLabel("New parent").selectOption({ label: "pressure" });
  await move.getByRole("button", { name: "Move code" }).click();
  await expect(manage.card("sanctions").getByText("under pressure")).toBeVisible();
  await expect(manage.panel().getByRole("button", { name: /^sanctions, key 2/ })).toBeVisible();

  // Drag "reward" above "pressure": siblings reorder, and the order survives a reload.
  expect(await manage.cardNames()).toEqual(["pressure", "sanctions", "sovereignty claim", "reward"]);
  await manage.drag("reward", "pressure", "before");
  await expect.poll(() => manage.cardNames()).toEqual(["reward", "pressure", "sanctions", "sovereignty claim"]);
  await page.reload();
  await expect.poll(() => manage.cardNames()).toEqual(["reward", "pressure", "sanctions", "sovereignty claim"]);

  // Merge "sanctions" (one coding) into "reward", after a confirmation that says so.
  await codeOnePassage(page, projectId, "sanctions");
  await page.reload();
  await expect(manage.card("sanctions").getByText("1 coding")).toBeVisible();
  await manage.cardAction("sanctions", "Merge into…");
  const merge = page.getByRole("dialog", { name: "Merge “sanctions” into…" });
  await merge.getByLabel("Merge into").selectOption({ label: "reward" });
  await merge.getByRole("button", { name: "Continue" }).click();
  const confirm = page.getByRole("dialog", { name: "Merge “sanctions” into “reward”?" });
  await expect(confirm.getByText("1 coding moves to “reward”.")).toBeVisible();
  await confirm.getByRole("button", { name: "Merge codes" }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByText("Merged “sanctions” into “reward”: 1 coding moved.")).toBeVisible();
  await expect(manage.card("sanctions")).toHaveCount(0);
  await expect(manage.card("reward").getByText("1 coding")).toBeVisible();

  // Recolour "reward" with a custom hex colour.
  await manage.card("reward").getByRole("button", { name: "Change colour of reward" }).click();
  const picker = page.getByRole("dialog", { name: "Colour of reward" });
  await picker.getByLabel("Hex").fill("#7048e8");
  await picker.getByRole("button", { name: "Save colour" }).click();
  await expect(picker).toBeHidden();
  await expect(manage.card("reward")).toHaveCSS("border-left-color", "rgb(112, 72, 232)");

  // A memo on "pressure", written in its detail sheet, is saved without a button.
  let sheet = await manage.openDetails("pressure");
  await expect(sheet.getByText("Demands, criticism, conditions or coercion", { exact: false })).toBeVisible();
  const editor = sheet.getByRole("textbox", { name: "Your memo on “pressure”" });
  await editor.click();
  await page.keyboard.type("Most pressure here comes from trade partners.");
  await expect(sheet.getByText("Saved", { exact: true })).toBeVisible();
  await page.reload();
  sheet = await manage.openDetails("pressure");
  await expect(sheet.getByRole("textbox", { name: "Your memo on “pressure”" })).toHaveText("Most pressure here comes from trade partners.");
  await page.keyboard.press("Escape");

  // The Memos page lists it, linked back to the code.
  await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Memos" }).click();
  await expect(page.getByRole("heading", { name: "Memos", level: 2 })).toBeVisible();
  const listed = memos.memo("Code", "pressure");
  await expect(listed.getByText("Most pressure here comes from trade partners.")).toBeVisible();
  await expect(listed.getByText(/^You · updated/)).toBeVisible();

  // A project memo written here is listed too, after a reload.
  const projectMemo = page.getByRole("textbox", { name: "Your memo on the project" });
  await projectMemo.click();
  await page.keyboard.type("Compare the 2019 and 2023 hearings.");
  await expect(page.getByText("Saved", { exact: true })).toBeVisible();
  // And a memo on a document, chosen here (the coding workspace embeds the same panel).
  await page.getByLabel("Document", { exact: true }).selectOption({ label: "Committee hearing" });
  const docMemo = page.getByRole("region", { name: "Document memo" }).getByRole("textbox", { name: "Your memo on “Committee hearing”" });
  await docMemo.click();
  await page.keyboard.type("The key hearing.");
  await expect(page.getByRole("region", { name: "Document memo" }).getByText("Saved", { exact: true })).toBeVisible();
  await memos.goto(projectId);
  await expect(memos.memos()).toHaveCount(3);
  await expect(memos.memo("Project", "Codebook management").getByText("Compare the 2019 and 2023 hearings.")).toBeVisible();
  await expect(memos.memo("Document", "Committee hearing").getByRole("link", { name: "Committee hearing" })).toHaveAttribute(
    "href",
    new RegExp(`^/projects/${projectId}/documents/[0-9a-f-]{36}$`),
  );

  await listed.getByRole("link", { name: "pressure" }).click();
  await expect(page).toHaveURL(new RegExp(`/projects/${projectId}#code-`));
  await expect(page.getByRole("dialog", { name: "pressure" }).getByRole("textbox", { name: "Your memo on “pressure”" })).toHaveText(
    "Most pressure here comes from trade partners.",
  );
});

test("the code panel shows number keys, counts and definitions, and filters codes", async ({ page, signUp, projects }) => {
  const manage = new CodebookManagePage(page);
  await signUp.signUp(newPerson("Pia"));
  await projects.createProject("Panel filters");

  // Hiding a code in the panel hides its card; the key badges stay with their codes.
  const panel = manage.panel();
  await expect(panel.getByRole("button", { name: /^pressure, key 1, 0 in the project$/ })).toBeVisible();
  await panel.getByRole("button", { name: "Hide sovereignty claim" }).click();
  await expect(manage.card("sovereignty claim")).toHaveCount(0);
  await expect(panel.getByRole("button", { name: /^sovereignty claim, key 2, 0 in the project, hidden$/ })).toBeVisible();
  await panel.getByRole("button", { name: "Show all" }).click();
  await expect(manage.card("sovereignty claim")).toBeVisible();

  // The definition shows on hover.
  await panel.getByRole("button", { name: /^reward, key 3/ }).hover();
  await expect(page.getByRole("tooltip")).toContainText("Tangible or intangible benefits");
  await expect(panel.getByRole("checkbox", { name: /\(you\)$/ })).toBeChecked();
});
