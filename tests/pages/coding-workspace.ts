import { expect, type Locator, type Page } from "@playwright/test";

type Box = { x: number; y: number; width: number; height: number };

/** The coding workspace of one document: editor, picker, stripes, popover, codebook panel. */
export class CodingWorkspacePage {
  constructor(private readonly page: Page) {}

  async waitReady() {
    await expect(this.page.locator("[data-workspace-ready=true]")).toBeAttached({ timeout: 20_000 });
  }

  editor(): Locator {
    return this.page.locator(".ProseMirror");
  }

  picker(): Locator {
    return this.page.getByRole("dialog", { name: "Code the selection" });
  }

  popover(): Locator {
    return this.page.getByRole("dialog", { name: "Codings here" });
  }

  stripes(name?: string): Locator {
    return name ? this.page.getByRole("button", { name: `Coding ${name}`, exact: true }).and(this.page.getByTestId("coding-stripe")) : this.page.getByTestId("coding-stripe");
  }

  /** The texts painted as codings (CSS Custom Highlight API ranges, or decoration spans as fallback). */
  async highlightedTexts(): Promise<string[]> {
    return this.page.evaluate(() => {
      const out: string[] = [];
      if ("highlights" in CSS) {
        CSS.highlights.forEach((hl, name) => {
          if (name.startsWith("qc-c")) hl.forEach((r) => out.push((r as Range).toString()));
        });
      } else {
        document.querySelectorAll(".ProseMirror .qc-coding").forEach((el) => out.push(el.textContent ?? ""));
      }
      return out;
    });
  }

  /** Client rects of the first occurrence of `text` in the editor (first and last line boxes). */
  async rectsOf(text: string, occurrence = 0): Promise<{ first: Box; last: Box }> {
    const rects = await this.page.evaluate(
      ([needle, nth]) => {
        const root = document.querySelector(".ProseMirror")!;
        const full = root.textContent ?? "";
        // Walk text nodes to map an offset in textContent to a DOM position.
        let at = -1;
        for (let i = 0; i <= nth; i++) at = full.indexOf(needle, at + 1);
        if (at < 0) throw new Error(`text not found: ${needle}`);
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        const locate = (offset: number): [Node, number] => {
          let seen = 0;
          for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            const len = n.textContent!.length;
            if (offset <= seen + len) return [n, offset - seen];
            seen += len;
          }
          throw new Error("offset outside text");
        };
        walker.currentNode = root;
        const [sn, so] = locate(at);
        walker.currentNode = root;
        const [en, eo] = locate(at + needle.length);
        const range = document.createRange();
        range.setStart(sn, so);
        range.setEnd(en, eo);
        range.startContainer.parentElement?.scrollIntoView({ block: "center" });
        const list = Array.from(range.getClientRects()).filter((r) => r.width > 0);
        const box = (r: DOMRect) => ({ x: r.x, y: r.y, width: r.width, height: r.height });
        return { first: box(list[0]!), last: box(list[list.length - 1]!) };
      },
      [text, occurrence] as const,
    );
    return rects;
  }

  /** Selects `text` with a real mouse drag, from just inside its first character to just inside its last. */
  async dragSelect(text: string, occurrence = 0) {
    await this.rectsOf(text, occurrence); // scrolls it into view
    const { first, last } = await this.rectsOf(text, occurrence);
    await this.page.mouse.move(first.x + 1, first.y + first.height / 2);
    await this.page.mouse.down();
    await this.page.mouse.move((first.x + last.x + last.width) / 2, last.y + last.height / 2, { steps: 5 });
    await this.page.mouse.move(last.x + last.width - 1, last.y + last.height / 2, { steps: 5 });
    await this.page.mouse.up();
  }

  /** Clicks in the middle of `text`. */
  async clickText(text: string, occurrence = 0) {
    await this.rectsOf(text, occurrence);
    const { first } = await this.rectsOf(text, occurrence);
    await this.page.mouse.click(first.x + first.width / 2, first.y + first.height / 2);
  }

  /** Puts the caret right before `text` with a click on its first character's left half. */
  async caretBefore(text: string) {
    await this.rectsOf(text);
    const { first } = await this.rectsOf(text);
    await this.page.mouse.click(first.x + 1, first.y + first.height / 2);
  }
}
