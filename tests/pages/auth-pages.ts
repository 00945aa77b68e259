import { expect, type Page } from "@playwright/test";

export type Credentials = { name: string; email: string; password: string };

let counter = 0;
/** A fresh identity per call: tests share one database, so emails must never repeat. */
export function newPerson(first: string): Credentials {
  counter += 1;
  const tag = `${Date.now().toString(36)}${counter}${Math.random().toString(36).slice(2, 6)}`;
  return { name: `${first} Tester`, email: `${first.toLowerCase()}.${tag}@example.org`, password: "correct horse battery staple" };
}

export class SignUpPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto("/sign-up");
    await expect(this.page.getByRole("heading", { name: "Create an account" })).toBeVisible();
  }

  async fill(person: Credentials) {
    await this.page.getByLabel("Name").fill(person.name);
    await this.page.getByLabel("Email").fill(person.email);
    await this.page.getByLabel("Password").fill(person.password);
  }

  async submit() {
    await this.page.getByRole("button", { name: "Create account" }).click();
  }

  /** Signs up and waits for the project list, where a new account lands. */
  async signUp(person: Credentials) {
    await this.goto();
    await this.fill(person);
    await this.submit();
    await expect(this.page).toHaveURL(/\/projects$/);
    await expect(this.page.getByRole("heading", { name: "Projects", level: 1 })).toBeVisible();
  }
}

export class SignInPage {
  constructor(private readonly page: Page) {}

  async goto(next?: string) {
    await this.page.goto(next ? `/sign-in?next=${encodeURIComponent(next)}` : "/sign-in");
    await expect(this.page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  }

  async fill(email: string, password: string) {
    await this.page.getByLabel("Email").fill(email);
    await this.page.getByLabel("Password").fill(password);
  }

  async submit() {
    await this.page.getByRole("button", { name: "Sign in" }).click();
  }

  async signIn(person: Pick<Credentials, "email" | "password">) {
    await this.goto();
    await this.fill(person.email, person.password);
    await this.submit();
    await expect(this.page).toHaveURL(/\/projects$/);
  }
}
