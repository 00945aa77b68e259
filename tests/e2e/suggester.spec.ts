import { newPerson } from "../pages/auth-pages";
import { CodingWorkspacePage } from "../pages/coding-workspace";
import { expect, test } from "../pages/fixtures";
import { syntheticCodedProject } from "../../lib/suggester/test-project";

/**
 * The suggester as a researcher meets it: a project coded through the API (the seeded news
 * sentences of lib/suggester/test-project), trained with the button on the Suggester page, its
 * proposals shown in an uncoded document; one accepted (it becomes the researcher's coding,
 * highlighted), one dismissed (gone, and still gone after a reload).
 */
test("a researcher trains the suggester, then accepts one suggestion and dismisses another in a document", async ({ page, signUp, projects }) => {
  test.setTimeout(180_000);
  const person = newPerson("Suki");
  await signUp.signUp(person);
  const projectId = await projects.createProject("Suggester study");
  const tokenRes = await page.request.post("/api/v1/tokens", { data: { email: person.email, password: person.password, name: "e2e" } });
  expect(tokenRes.status()).toBe(201);
  const headers = { authorization: `Bearer ${(await tokenRes.json()).token}` };
  const codes = (await (await page.request.get(`/api/v1/projects/${projectId}/codes`, { headers })).json()) as { id: string; name: string }[];
  const codeId = new Map(codes.map((c) => [c.name, c.id]));

  // 14 documents of 25 sentences; the first 12 coded sentence by sentence, the last two not.
  const units = syntheticCodedProject(5, 14, 25);
  const byDoc = new Map<string, typeof units>();
  for (const u of units) byDoc.set(u.documentId, [...(byDoc.get(u.documentId) ?? []), u]);
  const docIds: string[] = [];
  let d = 0;
  for (const [name, list] of byDoc) {
    const created = await page.request.post(`/api/v1/projects/${projectId}/documents`, { headers, data: { title: `Report ${name}`, text: list.map((u) => u.text).join(" ") } });
    expect(created.status()).toBe(201);
    const id = (await created.json()).id as string;
    docIds.push(id);
    if (d++ >= 12) continue;
    for (const u of list) {
      for (const c of u.codeIds) {
        const res = await page.request.post(`/api/v1/projects/${projectId}/codings`, { headers, data: { documentId: id, codeId: codeId.get(c), start: u.start, end: u.end } });
        expect(res.status()).toBe(201);
      }
    }
  }

  await page.goto(`/projects/${projectId}/suggester`);
  await expect(page.getByRole("heading", { name: "Not trained yet" })).toBeVisible();
  await page.getByRole("button", { name: "Train the suggester" }).click();
  await expect(page.getByText("The suggester is trained (version 1).").first()).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId("suggester-current")).toContainText("Version 1");
  await expect(page.getByRole("table", { name: "Held-out evaluation per code" }).locator("tbody tr")).toHaveCount(3);

  // An uncoded document: the suggestions are there, apart from the codings (none yet).
  await page.goto(`/projects/${projectId}/documents/${docIds[13]}`);
  const ws = new CodingWorkspacePage(page);
  await ws.waitReady();
  const items = page.getByTestId("suggestion");
  await expect(items.first()).toBeVisible();
  const before = await items.count();
  expect(before).toBeGreaterThan(2);
  expect(await ws.highlightedTexts()).toEqual([]);

  const first = items.first();
  const firstText = await first.locator("button").first().innerText();
  await first.getByRole("button", { name: /^Accept: code/ }).click();
  await expect(items).toHaveCount(before - 1);
  await expect.poll(async () => (await ws.highlightedTexts()).length).toBe(1);
  const coded = (await (await page.request.get(`/api/v1/projects/${projectId}/codings?documentId=${docIds[13]}`, { headers })).json()) as { quote: string; codeId: string }[];
  expect(coded).toHaveLength(1);
  expect(firstText).toContain(codes.find((c) => c.id === coded[0]!.codeId)!.name);

  const second = items.first();
  const dismissedLabel = await second.getByRole("button", { name: /^Dismiss the suggestion/ }).getAttribute("aria-label");
  await second.getByRole("button", { name: /^Dismiss the suggestion/ }).click();
  await expect(items).toHaveCount(before - 2);

  await page.reload();
  await ws.waitReady();
  await expect(items).toHaveCount(before - 2);
  await expect(page.getByRole("button", { name: dismissedLabel! })).toHaveCount(0);
  await expect.poll(async () => (await ws.highlightedTexts()).length).toBe(1);
});
