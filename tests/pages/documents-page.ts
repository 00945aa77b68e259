import { expect, type Locator, type Page } from "@playwright/test";

/** The documents tab: upload zone, upload rows, and the document list. */
export class DocumentsPage {
  constructor(private readonly page: Page) {}

  async goto(projectId: string) {
    await this.page.goto(`/projects/${projectId}/documents`);
    await expect(this.page.getByRole("heading", { name: "Documents", level: 2, exact: true })).toBeVisible();
  }

  fileInput(): Locator {
    return this.page.getByLabel("Choose files to import");
  }

  /** Adds files as if dropped or chosen together (one `change` with several files). */
  async addFiles(paths: string[]) {
    await this.fileInput().setInputFiles(paths);
  }

  async pasteText(title: string, text: string) {
    await this.page.getByRole("button", { name: "Paste text" }).click();
    const dialog = this.page.getByRole("dialog", { name: "Paste text" });
    await dialog.getByLabel("Title").fill(title);
    await dialog.getByLabel("Text").fill(text);
    await dialog.getByRole("button", { name: "Import text" }).click();
    await expect(dialog).toBeHidden();
  }

  /** One upload's row, by file name (or pasted title). */
  upload(name: string): Locator {
    return this.page.getByRole("list", { name: "Uploads" }).getByRole("listitem", { name, exact: true });
  }

  table(): Locator {
    return this.page.getByRole("table", { name: /^Documents/ });
  }

  /** A document's row in the list, by its title. */
  row(title: string): Locator {
    return this.table().getByRole("row").filter({ has: this.page.getByRole("rowheader").getByRole("link", { name: title, exact: true }) });
  }

  documentLink(title: string): Locator {
    return this.table().getByRole("link", { name: title, exact: true });
  }

  deleteButton(title: string): Locator {
    return this.page.getByRole("button", { name: `Delete ${title}`, exact: true });
  }
}

/** The reader of one document. */
export class DocumentReaderPage {
  constructor(private readonly page: Page) {}

  title(): Locator {
    return this.page.getByRole("heading", { level: 2 }).first();
  }

  /** The document's text column (not the header, navigation or side panel). */
  text(): Locator {
    return this.page.getByRole("region", { name: "Document text" });
  }

  outline(): Locator {
    return this.page.getByRole("navigation", { name: "Outline" });
  }
}
