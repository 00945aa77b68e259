import { canonicalize, type CanonicalReport } from "./canonical";
import type { Block, Segment, SegmentKind } from "./types";

/**
 * Structure as ranges over the canonical text, in code points: one block-level segment per block
 * (paragraph, heading, list_item or table_row — together they are the "paragraph" units of the
 * agreement measures), sentences inside every block (Intl.Segmenter), and pages for PDF.
 *
 * Two entry points: `assembleBlocks` builds the canonical text from the blocks a format module
 * produced (Markdown, HTML, DOCX, PDF); `segmentPlainText` finds the structure of a text that is
 * already canonical and must stay byte-for-byte as uploaded (plain text).
 */

export type Assembled = { text: string; segments: Segment[]; canonical: CanonicalReport };

type RawSegment = { kind: SegmentKind; start: number; end: number; level: number | null };

const BLOCK_SEPARATOR = "\n\n";

export function assembleBlocks(blocks: Block[], options: { language?: string | null } = {}): Assembled {
  const canonical: CanonicalReport = { removedControls: {}, lineEndingsNormalized: 0, normalized: false, replacementCharacters: 0 };
  const merge = (r: CanonicalReport) => {
    for (const [k, v] of Object.entries(r.removedControls)) canonical.removedControls[k] = (canonical.removedControls[k] ?? 0) + v;
    canonical.lineEndingsNormalized += r.lineEndingsNormalized;
    canonical.normalized ||= r.normalized;
    canonical.replacementCharacters += r.replacementCharacters;
  };
  const clean = (s: string, kind: Block["kind"]) => {
    const c = canonicalize(s);
    merge(c.report);
    return kind === "table_row" ? c.text.replace(/^[ \n]+|[ \n]+$/g, "") : c.text.trim();
  };

  const parts: string[] = [];
  const raw: RawSegment[] = [];
  const pageMarks: Array<{ at: number; page: number }> = [];
  let length = 0; // UTF-16 length of the text so far
  let previous: Block | undefined;

  for (const block of blocks) {
    let runs: Array<{ text: string; page: number }> | undefined;
    let text: string;
    if (block.runs && block.runs.length > 0) {
      // Canonicalise each page's run on its own so page boundaries stay exact; trim the block's ends.
      runs = block.runs.map((r) => {
        const c = canonicalize(r.text);
        merge(c.report);
        return { text: c.text, page: r.page };
      });
      const joined = runs.map((r) => r.text).join("");
      const lead = joined.length - joined.trimStart().length;
      text = joined.trim();
      if (text.normalize("NFC") !== text) {
        text = text.normalize("NFC");
        runs = [{ text, page: runs[0]!.page }];
      } else {
        // Shift run boundaries by the trimmed lead.
        let offset = -lead;
        const trimmed: Array<{ text: string; page: number }> = [];
        for (const r of runs) {
          const start = Math.max(0, offset);
          const end = Math.min(text.length, offset + r.text.length);
          if (end > start) trimmed.push({ text: text.slice(start, end), page: r.page });
          offset += r.text.length;
        }
        runs = trimmed;
      }
    } else {
      text = clean(block.text, block.kind);
    }
    if (!text || !/\S/.test(text)) continue;

    if (previous) {
      const sep = block.group !== undefined && block.group === previous.group ? "\n" : BLOCK_SEPARATOR;
      parts.push(sep);
      length += sep.length;
    }
    const start = length;
    parts.push(text);
    length += text.length;
    raw.push({ kind: block.kind, start, end: length, level: block.kind === "heading" ? (block.level ?? 1) : null });
    for (const [s, e] of sentenceRanges(text, options.language)) raw.push({ kind: "sentence", start: start + s, end: start + e, level: null });
    if (runs) {
      let at = start;
      for (const r of runs) {
        pageMarks.push({ at, page: r.page });
        at += r.text.length;
      }
    }
    previous = block;
  }

  const text = parts.join("");
  raw.push(...pageSegments(text, pageMarks));
  return { text, segments: toCodePoints(text, raw), canonical };
}

/** Pages from the marks where each page's text starts; a page runs to the end of its last character. */
function pageSegments(text: string, marks: Array<{ at: number; page: number }>): RawSegment[] {
  const out: RawSegment[] = [];
  for (let i = 0; i < marks.length; i++) {
    const mark = marks[i]!;
    const last = out[out.length - 1];
    if (last && last.level === mark.page) continue; // same page continues in the next block
    let j = i + 1;
    while (j < marks.length && marks[j]!.page === mark.page) j++;
    let end = j < marks.length ? marks[j]!.at : text.length;
    while (end > mark.at && /\s/.test(text[end - 1]!)) end--;
    if (last && last.end > mark.at) last.end = mark.at;
    out.push({ kind: "page", start: mark.at, end, level: mark.page });
  }
  return out;
}

/**
 * Structure of a plain text kept exactly as uploaded: paragraphs are runs of non-blank lines;
 * a paragraph of one short line without closing punctuation is taken for a heading (unless
 * `headings: false`, for OCR output where short stray lines are column debris, not titles).
 */
export function segmentPlainText(text: string, options: { language?: string | null; headings?: boolean } = {}): Segment[] {
  const raw: RawSegment[] = [];
  let first = true;
  const emit = (start: number, end: number) => {
    while (start < end && /\s/.test(text[start]!)) start++;
    while (end > start && /\s/.test(text[end - 1]!)) end--;
    if (end <= start) return;
    const body = text.slice(start, end);
    const heading = options.headings !== false && looksLikePlainHeading(body);
    raw.push({ kind: heading ? "heading" : "paragraph", start, end, level: heading ? (first ? 1 : 2) : null });
    for (const [s, e] of sentenceRanges(body, options.language)) raw.push({ kind: "sentence", start: start + s, end: start + e, level: null });
    first = false;
  };
  // Walk line by line: a blank (whitespace-only) line ends a paragraph.
  let paraStart = -1;
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf("\n", lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    let blank = true;
    for (let i = lineStart; i < lineEnd; i++) {
      const c = text.charCodeAt(i);
      if (c !== 32 && c !== 9 && c !== 0xa0 && c !== 0x3000) {
        blank = false;
        break;
      }
    }
    if (blank) {
      if (paraStart >= 0) emit(paraStart, lineStart);
      paraStart = -1;
    } else if (paraStart < 0) paraStart = lineStart;
    lineStart = lineEnd + 1;
  }
  if (paraStart >= 0) emit(paraStart, text.length);
  return toCodePoints(text, raw);
}

const DATE_LIKE = /^(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?(?:\d{1,2}\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}?,?\s*\d{4}$|^\d{4}-\d{2}-\d{2}/i;

export function looksLikePlainHeading(line: string): boolean {
  if (line.includes("\n") || line.length > 150 || line.length < 2) return false;
  if (/[.,;:!?…"”’)\]]$/.test(line)) return false;
  if (!/^[\p{Lu}\p{N}\p{Lo}]/u.test(line)) return false;
  if (DATE_LIKE.test(line)) return false;
  return line.split(/\s+/).length <= 20;
}

/**
 * Sentence ranges (UTF-16, trimmed) inside one block. Line breaks are read as spaces so a
 * hard-wrapped line does not end a sentence. Long blocks are segmented in windows: Intl.Segmenter
 * slows down badly on multi-megabyte strings, so we segment a window, keep all but its last
 * (possibly cut) sentence, and restart there.
 */
export function sentenceRanges(block: string, language?: string | null): Array<[number, number]> {
  const flat = block.replace(/\n/g, " ");
  const segmenter = makeSegmenter(language);
  const out: Array<[number, number]> = [];
  const WINDOW = 16_384;
  let base = 0;
  while (base < flat.length) {
    let windowEnd = Math.min(flat.length, base + WINDOW);
    const last = flat.charCodeAt(windowEnd - 1);
    if (windowEnd < flat.length && last >= 0xd800 && last <= 0xdbff) windowEnd--; // never split a surrogate pair
    const slice = flat.slice(base, windowEnd);
    const pieces: Array<[number, number]> = [];
    for (const s of segmenter.segment(slice)) pieces.push([s.index, s.index + s.segment.length]);
    let keep = pieces;
    if (windowEnd < flat.length && pieces.length > 1) keep = pieces.slice(0, -1);
    for (const [s, e] of keep) {
      let a = base + s;
      let b = base + e;
      while (a < b && /\s/.test(flat[a]!)) a++;
      while (b > a && /\s/.test(flat[b - 1]!)) b--;
      if (b > a) out.push([a, b]);
    }
    base = windowEnd < flat.length ? base + keep[keep.length - 1]![1] : flat.length;
  }
  return out;
}

const segmenters = new Map<string, Intl.Segmenter>();
function makeSegmenter(language?: string | null): Intl.Segmenter {
  const key = language ?? "";
  let s = segmenters.get(key);
  if (!s) {
    try {
      s = new Intl.Segmenter(language || undefined, { granularity: "sentence" });
    } catch {
      s = new Intl.Segmenter(undefined, { granularity: "sentence" });
    }
    segmenters.set(key, s);
  }
  return s;
}

/**
 * UTF-16 offsets → code points, with ordinals per kind. Astral characters are the only place the
 * two units differ, so we count surrogate pairs before each offset (binary search).
 */
function toCodePoints(text: string, raw: RawSegment[]): Segment[] {
  const pairs: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        pairs.push(i + 1); // the low surrogate's index: offsets past it lose one unit
        i++;
      }
    }
  }
  const cp = (u: number) => {
    if (pairs.length === 0) return u;
    let lo = 0;
    let hi = pairs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pairs[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return u - lo;
  };
  const ordinals = new Map<SegmentKind, number>();
  const kindOrder: SegmentKind[] = ["heading", "paragraph", "list_item", "table_row", "sentence", "page"];
  const sorted = [...raw].sort((a, b) => kindOrder.indexOf(a.kind) - kindOrder.indexOf(b.kind) || a.start - b.start);
  return sorted.map((r) => {
    const ordinal = ordinals.get(r.kind) ?? 0;
    ordinals.set(r.kind, ordinal + 1);
    return { kind: r.kind, start: cp(r.start), end: cp(r.end), level: r.level, ordinal };
  });
}
