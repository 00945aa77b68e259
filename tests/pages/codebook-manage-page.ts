import { expect, type Locator, type Page } from "@playwright/test";

/** The codebook's management controls and the memos page, by role and label. */
export class CodebookManagePage {
  constructor(private readonly page: Page) {}

  card(name: string): Locator {
    return this.page.getByRole("list", { name: "Codes" }).getByRole("article", { name, exact: true });
  }

  cardNames(): Promise<string[]> {
    return this.page.getByRole("list", { name: "Codes" }).getByRole("heading", { level: 3 }).allInnerTexts();
  }

  panel(): Locator {
    return this.page.getByRole("complementary", { name: "Code tree and filters" });
  }

  /** Opens a code's "More actions" menu on its card and picks an item. */
  async cardAction(name: string, item: string | RegExp) {
    await this.card(name).getByRole("button", { name: `More actions for ${name}` }).click();
    await this.page.getByRole("menuitem", { name: item }).click();
  }

  /** Drags a card by its handle and lets go over another card: its top, middle or bottom. */
  async drag(name: string, onto: string, zone: "before" | "inside" | "after") {
    const handle = this.card(name).getByRole("button", { name: `Drag ${name}` });
    const target = this.card(onto);
    await handle.scrollIntoViewIfNeeded();
    const from = (await handle.boundingBox())!;
    const to = (await target.boundingBox())!;
    const y = zone === "before" ? to.y + 4 : zone === "after" ? to.y + to.height - 4 : to.y + to.height / 2;
    await this.page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await this.page.mouse.down();
    await this.page.mouse.move(from.x + 20, from.y + 20, { steps: 4 });
    await this.page.mouse.move(to.x + to.width / 2, y, { steps: 12 });
    await this.page.mouse.move(to.x + to.width / 2 + 2, y, { steps: 2 });
    await this.page.mouse.up();
  }

  /** The detail sheet of a code, opened from its name on the card. */
  async openDetails(name: string): Promise<Locator> {
    await this.card(name).getByRole("button", { name, exact: true }).click();
    const sheet = this.page.getByRole("dialog", { name });
    await expect(sheet).toBeVisible();
    return sheet;
  }
}

export class MemosPage {
  constructor(private readonly page: Page) {}

  async goto(projectId: string) {
    await this.page.goto(`/projects/${projectId}/memos`);
    await expect(this.page.getByRole("heading", { name: "Memos", level: 2 })).toBeVisible();
  }

  memos(): Locator {
    return this.page.getByRole("list", { name: "Memos" }).getByRole("article");
  }

  memo(kind: "Project" | "Document" | "Code" | "Coding", target: string): Locator {
    return this.page.getByRole("article", { name: `${kind} memo on ${target}` });
  }
}
