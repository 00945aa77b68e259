import { newPerson } from "../pages/auth-pages";
import { asNewPerson, expect, test } from "../pages/fixtures";

test("sign-up refuses an email that already has an account, on the email field", async ({ browser, page, signUp }) => {
  const person = newPerson("Dora");
  const first = await asNewPerson(browser);
  await first.signUp.signUp(person);
  await first.context.close();

  await signUp.goto();
  await signUp.fill({ ...person, name: "Someone Else" });
  await signUp.submit();
  await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("An account with this email already exists. Sign in instead.")).toBeVisible();
  await signUp.fill({ ...person, password: "short" });
  await signUp.submit();
  await expect(page.getByText("Use at least 10 characters.")).toBeVisible();
});

test("the owner renames the project, runs it blind, reveals, and deletes it by typing its name", async ({ page, signUp, projects }) => {
  await signUp.signUp(newPerson("Sam"));
  const projectId = await projects.createProject("Draft name");
  await page.getByRole("link", { name: "Settings" }).click();
  await expect(page).toHaveURL(new RegExp(`/projects/${projectId}/settings$`));

  await page.getByLabel("Project name").fill("Final name");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Final name", level: 1 })).toBeVisible();

  await page.getByRole("radio", { name: /^Blind/ }).check();
  await page.getByRole("button", { name: "Save mode" }).click();
  // Blind mode brings the reveal control; the header badge says so too.
  await page.getByRole("button", { name: "Reveal all codings" }).click();
  await expect(page.getByText("Blind · revealed")).toBeVisible();
  await expect(page.getByRole("button", { name: "Hide codings again" })).toBeVisible();

  await page.getByRole("button", { name: "Delete project…" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete “Final name”?" });
  const confirm = dialog.getByRole("button", { name: "Delete project" });
  await dialog.getByLabel("Type “Final name” to confirm").fill("final name");
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel("Type “Final name” to confirm").fill("Final name");
  await confirm.click();
  await expect(page).toHaveURL(/\/projects$/);
  await expect(page.getByRole("heading", { name: "No projects yet" })).toBeVisible();
  const gone = await page.goto(`/projects/${projectId}`);
  expect(gone?.status()).toBe(404);
});

test("changing the password keeps this session and signs out the others", async ({ browser, page, signUp }) => {
  const person = newPerson("Paula");
  await signUp.signUp(person);
  const elsewhere = await asNewPerson(browser);
  await elsewhere.signIn.signIn(person);

  await page.goto("/settings");
  await page.getByLabel("Current password").fill("not my password at all");
  await page.getByLabel("New password").fill("a brand new passphrase");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Your current password is not correct.")).toBeVisible();

  await page.getByLabel("Current password").fill(person.password);
  await page.getByLabel("New password").fill("a brand new passphrase");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Your password was changed.", { exact: false })).toBeVisible();

  // This session carries on…
  await page.goto("/projects");
  await expect(page.getByRole("heading", { name: "Projects", level: 1 })).toBeVisible();
  // …the other one has to sign in again, and only the new password works.
  await elsewhere.page.goto("/projects");
  await expect(elsewhere.page).toHaveURL(/\/sign-in/);
  await elsewhere.signIn.fill(person.email, person.password);
  await elsewhere.signIn.submit();
  await expect(elsewhere.page.getByText("Email or password is incorrect.")).toBeVisible();
  await elsewhere.signIn.fill(person.email, "a brand new passphrase");
  await elsewhere.signIn.submit();
  await expect(elsewhere.page).toHaveURL(/\/projects$/);
  await elsewhere.context.close();
});

test("signing out everywhere, after a confirmation, ends this session and every other one; the password still works", async ({ browser, page, signUp }) => {
  const person = newPerson("Selma");
  await signUp.signUp(person);
  const elsewhere = await asNewPerson(browser);
  await elsewhere.signIn.signIn(person);

  await page.goto("/settings");
  // Cancelling changes nothing.
  await page.getByRole("button", { name: "Sign out everywhere…" }).click();
  let dialog = page.getByRole("dialog", { name: "Sign out everywhere?" });
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await elsewhere.page.goto("/projects");
  await expect(elsewhere.page.getByRole("heading", { name: "Projects", level: 1 })).toBeVisible();

  await page.getByRole("button", { name: "Sign out everywhere…" }).click();
  dialog = page.getByRole("dialog", { name: "Sign out everywhere?" });
  await dialog.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(page).toHaveURL(/\/sign-in\?reason=signed-out-everywhere$/);
  await expect(page.getByText("You were signed out everywhere. Sign in again to carry on.")).toBeVisible();
  await page.goto("/projects");
  await expect(page).toHaveURL(/\/sign-in/);
  // The other browser still holds its cookie, and it no longer opens anything.
  await elsewhere.page.goto("/projects");
  await expect(elsewhere.page).toHaveURL(/\/sign-in/);
  await elsewhere.signIn.fill(person.email, person.password);
  await elsewhere.signIn.submit();
  await expect(elsewhere.page).toHaveURL(/\/projects$/);
  await elsewhere.context.close();

  // A reason the page does not know is no message at all (not an error, nor Object's own keys).
  await page.goto("/sign-in?reason=constructor");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  await expect(page.getByRole("status")).toHaveCount(0);
});

test("API tokens: created and shown once, listed by prefix, revoked", async ({ page, signUp }) => {
  await signUp.signUp(newPerson("Tomas"));
  await page.goto("/settings");
  await expect(page.getByText("No tokens yet.", { exact: false })).toBeVisible();

  await page.getByRole("button", { name: "New token" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Name").fill("R notebook");
  await dialog.getByLabel("Expires after (days)").fill("30");
  await dialog.getByRole("button", { name: "Create token" }).click();
  const secret = dialog.getByLabel("New API token");
  await expect(secret).toHaveValue(/^qc_[A-Za-z0-9_-]{20,}$/);
  const token = await secret.inputValue();
  await dialog.getByRole("button", { name: "Done" }).click();

  const row = page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "R notebook" }) });
  await expect(row.getByText(`${token.slice(0, 10)}…`)).toBeVisible();
  await expect(row.getByText("Active")).toBeVisible();
  await expect(page.getByText(token)).toHaveCount(0);

  await row.getByRole("button", { name: /^Revoke/ }).click();
  await page.getByRole("dialog", { name: "Revoke “R notebook”?" }).getByRole("button", { name: "Revoke token" }).click();
  await expect(row.getByText(/^Revoked/)).toBeVisible();
});

test("sign out from the header menu", async ({ page, signUp }) => {
  await signUp.signUp(newPerson("Selma"));
  await page.getByRole("button", { name: /Selma Tester/ }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto("/projects");
  await expect(page).toHaveURL(/\/sign-in/);
});
