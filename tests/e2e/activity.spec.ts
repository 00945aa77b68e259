import { newPerson } from "../pages/auth-pages";
import { CodingWorkspacePage } from "../pages/coding-workspace";
import { expect, test } from "../pages/fixtures";

const TEXT = "Trade talks stalled over sanctions and reform. The ministry called the resolution interference.";
const QUOTE = "sanctions and reform";

test("a researcher deletes a coding, finds it in Activity, restores it from its history, and the document shows it again", async ({ page, signUp, projects }) => {
  const ws = new CodingWorkspacePage(page);
  const person = newPerson("Rhea");
  await signUp.signUp(person);
  const projectId = await projects.createProject("Activity and restore");

  // A document and a coding through the API, as the signed-in owner (the workspace has its own specs).
  const headers = { origin: new URL(page.url()).origin, "content-type": "application/json" };
  const api = `/api/v1/projects/${projectId}`;
  const doc = await page.request.post(`${api}/documents`, { headers, data: { title: "Committee hearing", text: TEXT } });
  expect(doc.status(), await doc.text()).toBe(201);
  const { id: documentId } = (await doc.json()) as { id: string };
  const codes = (await (await page.request.get(`${api}/codes`)).json()) as { id: string; name: string }[];
  const pressure = codes.find((c) => c.name === "pressure")!;
  const start = TEXT.indexOf(QUOTE);
  const created = await page.request.post(`${api}/codings`, { headers, data: { documentId, codeId: pressure.id, start, end: start + QUOTE.length } });
  expect(created.status(), await created.text()).toBe(201);
  const coding = (await created.json()) as { id: string; quote: string };
  expect(coding.quote).toBe(QUOTE);

  await page.goto(`/projects/${projectId}/documents/${documentId}`);
  await ws.waitReady();
  await expect(ws.stripes()).toHaveCount(1);

  // Deleted (through the API, as the workspace's delete would).
  const removed = await page.request.delete(`${api}/codings/${coding.id}`, { headers });
  expect(removed.status()).toBe(204);

  // The Activity tab tells the story, newest first.
  await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Activity" }).click();
  await expect(page).toHaveURL(new RegExp(`/projects/${projectId}/activity$`));
  const feed = page.getByRole("list", { name: "Activity" });
  const deletedEntry = feed.getByRole("article", { name: `${person.name} deleted the coding “${QUOTE}” (pressure)` });
  const codedEntry = feed.getByRole("article", { name: `${person.name} coded “${QUOTE}” as pressure` });
  await expect(deletedEntry).toBeVisible();
  await expect(codedEntry).toBeVisible();
  await expect(feed.getByRole("article", { name: `${person.name} imported “Committee hearing”` })).toBeVisible();
  await expect(feed.getByRole("article").first()).toHaveAccessibleName(`${person.name} deleted the coding “${QUOTE}” (pressure)`);
  // The time is in words, the exact time in its title.
  await expect(deletedEntry.locator("time")).toHaveText("just now");
  await expect(deletedEntry.locator("time")).toHaveAttribute("title", /UTC$/);

  // Filter to codings only: the URL carries the filter.
  await page.getByLabel("What").selectOption({ label: "Codings" });
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/[?&]what=coding/);
  await expect(feed.getByRole("article")).toHaveCount(2);

  // The coding's history: created, then deleted, with a Restore button for the owner.
  await deletedEntry.getByRole("link", { name: "History" }).click();
  await expect(page).toHaveURL(new RegExp(`/activity/codings/${coding.id}$`));
  await expect(page.getByRole("heading", { name: /History of a coding/ })).toContainText("Deleted");
  const history = page.getByRole("list", { name: "Coding history" });
  await expect(history.getByRole("article")).toHaveCount(2);
  await expect(history.getByRole("article").first()).toHaveAccessibleName(`${person.name} coded “${QUOTE}” as pressure`);

  await page.getByRole("button", { name: "Restore", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Restore this coding?" });
  await expect(dialog).toContainText("coded as pressure");
  await dialog.getByRole("button", { name: "Restore coding" }).click();
  await expect(page.getByText("Coding restored.")).toBeVisible();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("heading", { name: /History of a coding/ })).toContainText("Current");
  await expect(history.getByRole("article")).toHaveCount(3);
  await expect(history.getByRole("article").last()).toHaveAccessibleName(`${person.name} restored the coding “${QUOTE}” (pressure)`);
  await expect(page.getByRole("button", { name: "Restore", exact: true })).toHaveCount(0);

  // The document shows it again, opened at the coding.
  await page.getByRole("link", { name: "Open in document" }).first().click();
  await expect(page).toHaveURL(new RegExp(`/documents/${documentId}#coding-${coding.id}$`));
  await ws.waitReady();
  await expect(ws.stripes()).toHaveCount(1);
  await expect.poll(() => ws.highlightedTexts()).toEqual([QUOTE]);
  const listed = (await (await page.request.get(`${api}/codings?documentId=${documentId}`)).json()) as { id: string; start: number; end: number }[];
  expect(listed).toEqual([expect.objectContaining({ id: coding.id, start, end: start + QUOTE.length })]);
});
