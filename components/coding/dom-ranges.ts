import type { TextIndex } from "@/lib/offsets";

/**
 * DOM Ranges for code-point spans of the editor's text, without asking ProseMirror (whose
 * domAtPos scans a 10,000-child document linearly). The editor DOM has one element per line,
 * in order (editor-doc.ts), so line k is `root.children[k]`; inside it, text nodes hold the
 * line's UTF-16 units, with non-text widgets (page markers) skipped.
 */
export class DomRanges {
  private readonly lineStarts: number[] = [0];

  constructor(
    private readonly root: HTMLElement,
    private readonly index: TextIndex,
  ) {
    const text = index.text;
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) this.lineStarts.push(i + 1);
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  lineElement(line: number): Element | null {
    return this.root.children[line] ?? null;
  }

  /** Code-point offset where a line starts. */
  lineStartCp(line: number): number {
    return this.index.u16ToCp(this.lineStarts[Math.min(Math.max(line, 0), this.lineStarts.length - 1)]!);
  }

  point(cp: number): [Node, number] {
    const u16 = this.index.cpToU16(cp);
    const line = this.index.lineOfU16(u16);
    const col = u16 - this.lineStarts[line]!;
    const el = this.root.children[line];
    if (!el) return [this.root, this.root.childNodes.length];
    let seen = 0;
    let last: Text | null = null;
    const walker = el.ownerDocument.createTreeWalker(el, NodeFilter.SHOW_TEXT, {
      acceptNode: (n) => (n.parentElement?.closest("[contenteditable=false]") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
    });
    for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
      if (col <= seen + n.length) return [n, col - seen];
      seen += n.length;
      last = n;
    }
    return last ? [last, last.length] : [el, 0];
  }

  range(start: number, end: number): Range {
    const r = this.root.ownerDocument.createRange();
    const [sn, so] = this.point(start);
    const [en, eo] = this.point(end);
    r.setStart(sn, so);
    r.setEnd(en, eo);
    return r;
  }

  /** The first and last lines whose boxes meet the band [top, bottom] (client coordinates). */
  linesBetween(top: number, bottom: number): [number, number] {
    const find = (y: number) => {
      let lo = 0;
      let hi = this.root.children.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.root.children[mid]!.getBoundingClientRect().bottom < y) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    return [find(top), find(bottom)];
  }
}
