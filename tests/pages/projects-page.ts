import { expect, type Page } from "@playwright/test";

export class ProjectsPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto("/projects");
    await expect(this.page.getByRole("heading", { name: "Projects", level: 1 })).toBeVisible();
  }

  projectLink(name: string) {
    return this.page.getByRole("link", { name, exact: true });
  }

  /** Creates a project through the dialog and returns its id, once its codebook shows. */
  async createProject(name: string, mode: "Open" | "Blind" = "Open"): Promise<string> {
    await this.page.getByRole("button", { name: "New project" }).first().click();
    const dialog = this.page.getByRole("dialog", { name: "New project" });
    await dialog.getByLabel("Project name").fill(name);
    await dialog.getByRole("radio", { name: new RegExp(`^${mode}`) }).check();
    await dialog.getByRole("button", { name: "Create project" }).click();
    await expect(this.page).toHaveURL(/\/projects\/[0-9a-f-]{36}$/);
    await expect(this.page.getByRole("heading", { name, level: 1 })).toBeVisible();
    return this.page.url().split("/").at(-1)!;
  }
}
