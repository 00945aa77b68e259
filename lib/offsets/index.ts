/**
 * The one place where offsets change unit (ARCHITECTURE.md). Storage, the API and exports count
 * Unicode code points; the browser's strings and DOM ranges count UTF-16 code units; the editor
 * (ProseMirror) counts positions in its node tree. A `TextIndex` is built once per document and
 * answers each conversion in O(log n).
 *
 * The editor document this module assumes: one textblock node (paragraph or heading) per line of
 * the canonical text (lines split at "\n"), in order, nothing else. Then the ProseMirror position
 * of UTF-16 offset `u` on line `k` is `u + k + 1` (each earlier line adds an open and a close
 * token, minus the "\n" it replaces; the first line adds its open token).
 */
export class TextIndex {
  readonly text: string;
  /** UTF-16 offsets where an astral character (a surrogate pair) starts, ascending. */
  private readonly astralU16: number[] = [];
  /** Code-point offsets of those same characters, ascending. */
  private readonly astralCp: number[] = [];
  /** UTF-16 offsets of every "\n", ascending. */
  private readonly newlines: number[] = [];
  readonly lengthU16: number;
  readonly lengthCp: number;

  constructor(text: string) {
    this.text = text;
    let cp = 0;
    for (let u = 0; u < text.length; u++, cp++) {
      const c = text.charCodeAt(u);
      if (c === 10) this.newlines.push(u);
      else if (c >= 0xd800 && c <= 0xdbff && u + 1 < text.length) {
        const d = text.charCodeAt(u + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          this.astralU16.push(u);
          this.astralCp.push(cp);
          u++;
        }
      }
    }
    this.lengthU16 = text.length;
    this.lengthCp = cp;
  }

  /** UTF-16 offset of a code-point offset (0 ≤ cp ≤ lengthCp). */
  cpToU16(cp: number): number {
    assertRange(cp, this.lengthCp, "code point offset");
    return cp + countBelow(this.astralCp, cp);
  }

  /**
   * Code-point offset of a UTF-16 offset. An offset inside a surrogate pair (which no real
   * selection produces) is moved to the pair's start (`bias: "start"`) or end (`bias: "end"`).
   */
  u16ToCp(u16: number, bias: "start" | "end" = "start"): number {
    assertRange(u16, this.lengthU16, "UTF-16 offset");
    const before = countBelow(this.astralU16, u16);
    const inside = before > 0 && this.astralU16[before - 1] === u16 - 1;
    if (inside) return bias === "start" ? u16 - 1 - (before - 1) : u16 + 1 - before;
    return u16 - before;
  }

  /** Which line (0-based) a UTF-16 offset is on; the "\n" ending a line belongs to it. */
  lineOfU16(u16: number): number {
    return countBelow(this.newlines, u16);
  }

  /** ProseMirror position of a UTF-16 offset. */
  u16ToPm(u16: number): number {
    assertRange(u16, this.lengthU16, "UTF-16 offset");
    return u16 + this.lineOfU16(u16) + 1;
  }

  /**
   * UTF-16 offset of a ProseMirror position. Positions between two lines' nodes (a close token
   * and the next open token) fall on the line break: `bias` picks its end or start side.
   */
  pmToU16(pos: number, bias: "start" | "end" = "start"): number {
    // Line k's content spans [start_k + k + 1, end_k + k + 1], where start_k/end_k are UTF-16
    // offsets of the line's first character and of its "\n" (or the text's end).
    let lo = 0;
    let hi = this.newlines.length;
    while (lo < hi) {
      const k = (lo + hi) >> 1;
      const lineEnd = this.newlines[k]!;
      if (pos <= lineEnd + k + 1) hi = k;
      else lo = k + 1;
    }
    const k = lo;
    const lineStart = k === 0 ? 0 : this.newlines[k - 1]! + 1;
    const contentStart = lineStart + k + 1;
    if (pos < contentStart) {
      // Between the previous line's close token and this line's open token.
      return bias === "end" && k > 0 ? this.newlines[k - 1]! : lineStart;
    }
    return Math.min(pos - k - 1, this.lengthU16);
  }

  cpToPm(cp: number): number {
    return this.u16ToPm(this.cpToU16(cp));
  }

  pmToCp(pos: number, bias: "start" | "end" = "start"): number {
    return this.u16ToCp(this.pmToU16(pos, bias), bias);
  }

  /** The text between two code-point offsets. */
  sliceCp(start: number, end: number): string {
    return this.text.slice(this.cpToU16(start), this.cpToU16(end));
  }

  /** The largest ProseMirror position (end of the last line's content). */
  get maxPm(): number {
    return this.u16ToPm(this.lengthU16);
  }
}

/** Number of sorted values strictly below `x`. */
function countBelow(sorted: number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function assertRange(value: number, max: number, what: string): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(`${what} ${value} is outside 0..${max}`);
  }
}

/** The text between two code-point offsets, without building an index (one-off use). */
export function sliceByCodePoints(text: string, start: number, end: number): string {
  return new TextIndex(text).sliceCp(start, end);
}

/**
 * Widens a code-point range to whole words (the "snap to words" option), using the locale's
 * word segmentation, and trims surrounding whitespace. Returns the range unchanged when it
 * already starts and ends on word boundaries.
 */
export function snapToWords(text: string, start: number, end: number, locale?: string): { start: number; end: number } {
  const index = new TextIndex(text);
  let u0 = index.cpToU16(start);
  let u1 = index.cpToU16(end);
  const segmenter = new Intl.Segmenter(locale, { granularity: "word" });
  // Segment a window around the selection only: documents may be megabytes long.
  const windowStart = Math.max(0, u0 - 200);
  const windowEnd = Math.min(text.length, u1 + 200);
  for (const seg of segmenter.segment(text.slice(windowStart, windowEnd))) {
    const s = windowStart + seg.index;
    const e = s + seg.segment.length;
    if (!seg.isWordLike) continue;
    if (s < u0 && e > u0) u0 = s;
    if (s < u1 && e > u1) u1 = e;
  }
  while (u0 < u1 && /\s/.test(text[u0]!)) u0++;
  while (u1 > u0 && /\s/.test(text[u1 - 1]!)) u1--;
  return { start: index.u16ToCp(u0, "start"), end: index.u16ToCp(u1, "end") };
}
