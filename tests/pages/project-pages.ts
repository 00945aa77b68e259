import { expect, type Locator, type Page } from "@playwright/test";

export class CodebookPage {
  constructor(private readonly page: Page) {}

  async goto(projectId: string) {
    await this.page.goto(`/projects/${projectId}`);
    await expect(this.page.getByRole("heading", { name: "Codebook" })).toBeVisible();
  }

  codes(): Locator {
    return this.page.getByRole("list", { name: "Codes" }).getByRole("article");
  }

  /** One code's card, found by its heading. */
  code(name: string): Locator {
    return this.page.getByRole("article", { name, exact: true });
  }

  newCodeButton() {
    return this.page.getByRole("button", { name: "New code" });
  }

  editButton(name: string) {
    return this.page.getByRole("button", { name: `Edit ${name}`, exact: true });
  }

  deleteButton(name: string) {
    return this.page.getByRole("button", { name: `Delete ${name}`, exact: true });
  }

  /** Every button that would change the codebook. */
  changeButtons() {
    return this.page.getByRole("button", { name: /^(New code|Edit |Delete |Add sub-code)/ });
  }
}

export class MembersPage {
  constructor(private readonly page: Page) {}

  async goto(projectId: string) {
    await this.page.goto(`/projects/${projectId}/members`);
    await expect(this.page.getByRole("heading", { name: "Members", level: 2 })).toBeVisible();
  }

  async addMember(email: string, role: "Owner" | "Coder" | "Viewer") {
    const form = this.page.locator("form").filter({ has: this.page.getByRole("button", { name: "Add member" }) });
    await form.getByLabel("Email").fill(email);
    await form.getByLabel("Role").selectOption({ label: role });
    await form.getByRole("button", { name: "Add member" }).click();
  }

  row(name: string) {
    return this.page.getByRole("row").filter({ has: this.page.getByRole("rowheader", { name: new RegExp(`^${name}`) }) });
  }
}
