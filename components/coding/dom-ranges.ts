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
    // A line is nearly always one text node (codings are CSS highlights, not spans): no walk.
    // Measured in bench P2: 10,000 walks with their node filter cost ~40 ms of the first paint.
    const only = el.firstChild;
    if (only && only === el.lastChild && only.nodeType === Node.TEXT_NODE) return [only, Math.min(col, (only as Text).length)];
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

  /**
   * The first and last lines on screen (the viewport), plus `extra` lines either side. Lines
   * are found by hit-testing, not by reading boxes: off-screen lines skip layout
   * (content-visibility), and asking for their boxes would force a layout per read (bench P2).
   */
  visibleLines(extra: number): [number, number] | null {
    const rect = this.root.getBoundingClientRect();
    if (rect.bottom <= 0 || rect.top >= window.innerHeight || this.root.children.length === 0) return null;
    const x = Math.min(Math.max(rect.left + 2, 0), window.innerWidth - 1);
    const top = this.lineAtY(x, Math.max(rect.top, 0), 1) ?? 0;
    const bottom = this.lineAtY(x, Math.min(rect.bottom, window.innerHeight) - 1, -1) ?? this.root.children.length - 1;
    return [Math.max(0, top - extra), Math.min(this.root.children.length - 1, bottom + extra)];
  }

  /** The line at a point, trying a few pixels further (towards `step`) if it hits a gap. */
  private lineAtY(x: number, y: number, step: 1 | -1): number | null {
    const doc = this.root.ownerDocument;
    for (let i = 0; i < 40; i++) {
      let el = doc.elementFromPoint(x, y + i * 4 * step);
      while (el && el.parentElement !== this.root) el = el.parentElement;
      if (el) return Array.prototype.indexOf.call(this.root.children, el) as number;
    }
    return null;
  }
}
