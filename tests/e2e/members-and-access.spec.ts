import { newPerson } from "../pages/auth-pages";
import { asNewPerson, expect, test } from "../pages/fixtures";

test("the owner adds a coder, who then sees and opens the project", async ({ browser, page, signUp, projects, members }) => {
  const coder = newPerson("Carlos");
  const other = await asNewPerson(browser);
  await other.signUp.signUp(coder);

  await signUp.signUp(newPerson("Olivia"));
  const projectId = await projects.createProject("Shared study");
  await members.goto(projectId);

  // Unknown people and people already in the project are refused with a clear message.
  await members.addMember("nobody.here@example.org", "Coder");
  await expect(page.getByText("No one has signed up with nobody.here@example.org yet.", { exact: false })).toBeVisible();

  await members.addMember(coder.email, "Coder");
  await expect(members.row(coder.name)).toBeVisible();
  await expect(members.row(coder.name).getByLabel(`Role of ${coder.name}`)).toHaveValue("coder");

  await members.addMember(coder.email, "Viewer");
  await expect(page.getByText(`${coder.name} is already a member of this project.`)).toBeVisible();

  // The last owner cannot step down.
  const me = page.getByRole("row").filter({ hasText: "you" });
  await me.getByRole("combobox").selectOption("coder");
  await expect(page.getByText("A project needs at least one owner.", { exact: false })).toBeVisible();

  // The coder, signed in elsewhere, finds it in their list and opens it.
  await other.projects.goto();
  await expect(other.projects.projectLink("Shared study")).toBeVisible();
  await other.projects.projectLink("Shared study").click();
  await expect(other.page).toHaveURL(new RegExp(`/projects/${projectId}$`));
  await expect(other.codebook.code("pressure")).toBeVisible();
  await expect(other.page.getByText("Coder", { exact: true }).first()).toBeVisible();
  await other.context.close();
});

test("someone who is not a member gets a real 404", async ({ browser, page, signUp, projects }) => {
  await signUp.signUp(newPerson("Owen"));
  const projectId = await projects.createProject("Private study");

  const outsider = await asNewPerson(browser);
  await outsider.signUp.signUp(newPerson("Ursula"));
  for (const path of [`/projects/${projectId}`, `/projects/${projectId}/members`, `/projects/${projectId}/settings`, "/projects/not-a-uuid"]) {
    const response = await outsider.page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(outsider.page.getByRole("heading", { name: "Project not found" })).toBeVisible();
    await expect(outsider.page.getByText("Private study")).toHaveCount(0);
  }
  await outsider.context.close();
  void page;
});

test("a viewer reads the codebook but has no way to change it", async ({ browser, signUp, projects, members }) => {
  const viewer = newPerson("Vera");
  const other = await asNewPerson(browser);
  await other.signUp.signUp(viewer);

  await signUp.signUp(newPerson("Oscar"));
  const projectId = await projects.createProject("Read-only study");
  await members.goto(projectId);
  await members.addMember(viewer.email, "Viewer");
  await expect(members.row(viewer.name)).toBeVisible();

  await other.codebook.goto(projectId);
  await expect(other.codebook.codes()).toHaveCount(3);
  await expect(other.codebook.code("sovereignty claim")).toBeVisible();
  await expect(other.codebook.changeButtons()).toHaveCount(0);
  await expect(other.page.getByRole("button", { name: /edit|delete|new code/i })).toHaveCount(0);

  // Members and settings are read-only too.
  await other.members.goto(projectId);
  await expect(other.page.getByRole("button", { name: "Add member" })).toHaveCount(0);
  await expect(other.page.getByRole("button", { name: /^Remove/ })).toHaveCount(0);
  await other.page.goto(`/projects/${projectId}/settings`);
  await expect(other.page.getByText("Only the project's owners can change these settings.")).toBeVisible();
  await expect(other.page.getByRole("button", { name: /Delete project|Save/ })).toHaveCount(0);
  await other.context.close();
});
