/**
 * Turns a document's canonical text and its structure segments into blocks the reader renders.
 * Pure: no React, no database.
 *
 * Segment offsets count Unicode CODE POINTS (ARCHITECTURE.md); JavaScript strings index UTF-16
 * units. Every offset is converted once, up front, through lib/offsets; everything after works
 * on UTF-16 indices, so an emoji or a CJK extension character before a paragraph
 * never shifts its text.
 */
import { TextIndex } from "@/lib/offsets";

export type SegmentInput = { kind: string; startOffset: number; endOffset: number; level: number | null; ordinal: number };

/** A run of text, or a page marker inside a paragraph or list item (a PDF page break mid-paragraph). */
export type Piece = { text: string } | { page: number };

export type ReaderBlock =
  | { type: "heading"; id: string; level: number; text: string }
  | { type: "paragraph"; pieces: Piece[] }
  | { type: "list"; items: Piece[][] }
  | { type: "table"; rows: string[][]; columns: number }
  | { type: "page"; page: number };

export type OutlineEntry = { id: string; level: number; text: string };

/** A function mapping a code-point offset to a UTF-16 index of `text`, clamped to the text. */
export function codePointToUtf16(text: string): (codePoint: number) => number {
  const index = new TextIndex(text);
  return (cp) => index.cpToU16(Math.min(Math.max(cp, 0), index.lengthCp));
}

type Unit = { kind: "heading" | "paragraph" | "list_item" | "table_row"; s: number; e: number; level: number | null };

const BLOCK_KINDS = new Set(["heading", "paragraph", "list_item", "table_row"]);

export function buildReaderBlocks(text: string, segments: readonly SegmentInput[]): { blocks: ReaderBlock[]; outline: OutlineEntry[] } {
  const at = codePointToUtf16(text);
  const blockSegments = segments
    .filter((s) => BLOCK_KINDS.has(s.kind))
    .map((s) => ({ kind: s.kind as Unit["kind"], s: at(s.startOffset), e: at(s.endOffset), level: s.level }))
    .sort((a, b) => a.s - b.s || b.e - a.e);
  const pages = segments
    .filter((s) => s.kind === "page")
    .map((s) => ({ s: at(s.startOffset), page: s.level ?? s.ordinal + 1 }))
    .sort((a, b) => a.s - b.s || a.page - b.page);

  // Units in text order, never overlapping; text no segment covers (there should be none)
  // still shows, as paragraphs split at blank lines, so nothing of the document is hidden.
  const units: Unit[] = [];
  let cursor = 0;
  const addGap = (from: number, to: number) => {
    if (to <= from) return;
    const gap = text.slice(from, to);
    const re = /\n[ \t]*\n/g;
    let last = 0;
    let m: RegExpExecArray | null;
    const push = (a: number, b: number) => {
      const chunk = gap.slice(a, b);
      if (!/\S/.test(chunk)) return;
      const lead = chunk.length - chunk.trimStart().length;
      const trail = chunk.length - chunk.trimEnd().length;
      units.push({ kind: "paragraph", s: from + a + lead, e: from + b - trail, level: null });
    };
    while ((m = re.exec(gap))) {
      push(last, m.index);
      last = m.index + m[0].length;
    }
    push(last, gap.length);
  };
  for (const seg of blockSegments) {
    if (seg.s < cursor || seg.e <= seg.s) continue; // overlapping or empty: the first one wins
    addGap(cursor, seg.s);
    units.push(seg);
    cursor = seg.e;
  }
  addGap(cursor, text.length);

  const blocks: ReaderBlock[] = [];
  const outline: OutlineEntry[] = [];
  let p = 0;
  let headingCount = 0;
  let previous: { unit: Unit; block: ReaderBlock } | null = null;

  const piecesOf = (unit: Unit): Piece[] => {
    const pieces: Piece[] = [];
    let from = unit.s;
    while (p < pages.length && pages[p]!.s < unit.e) {
      const page = pages[p]!;
      if (page.s > from) pieces.push({ text: text.slice(from, page.s) });
      pieces.push({ page: page.page });
      from = Math.max(from, page.s);
      p++;
    }
    if (unit.e > from) pieces.push({ text: text.slice(from, unit.e) });
    return pieces;
  };

  for (const unit of units) {
    // Pages that begin before (or where) this block begins: a marker between blocks.
    let brokeGroup = false;
    while (p < pages.length && pages[p]!.s <= unit.s) {
      blocks.push({ type: "page", page: pages[p]!.page });
      p++;
      brokeGroup = true;
    }
    // Headings and table rows keep a mid-block page break before them, whole.
    if (unit.kind === "heading" || unit.kind === "table_row") {
      while (p < pages.length && pages[p]!.s < unit.e) {
        blocks.push({ type: "page", page: pages[p]!.page });
        p++;
        brokeGroup = true;
      }
    }
    // Rows of one table, items of one list, are joined by a single line break (lib/ingest/structure).
    const sameGroup =
      !brokeGroup && previous !== null && previous.unit.kind === unit.kind && text.slice(previous.unit.e, unit.s) === "\n";

    if (unit.kind === "heading") {
      const id = `section-${++headingCount}`;
      const level = Math.min(Math.max(unit.level ?? 1, 1), 6);
      const content = text.slice(unit.s, unit.e);
      const block: ReaderBlock = { type: "heading", id, level, text: content };
      blocks.push(block);
      outline.push({ id, level, text: content.replace(/\s+/g, " ").trim() });
      previous = { unit, block };
    } else if (unit.kind === "paragraph") {
      const block: ReaderBlock = { type: "paragraph", pieces: piecesOf(unit) };
      blocks.push(block);
      previous = { unit, block };
    } else if (unit.kind === "list_item") {
      const item = piecesOf(unit);
      if (sameGroup && previous!.block.type === "list") {
        previous!.block.items.push(item);
        previous = { unit, block: previous!.block };
      } else {
        const block: ReaderBlock = { type: "list", items: [item] };
        blocks.push(block);
        previous = { unit, block };
      }
    } else {
      const cells = text.slice(unit.s, unit.e).split("\t");
      if (sameGroup && previous!.block.type === "table") {
        previous!.block.rows.push(cells);
        previous!.block.columns = Math.max(previous!.block.columns, cells.length);
        previous = { unit, block: previous!.block };
      } else {
        const block: ReaderBlock = { type: "table", rows: [cells], columns: cells.length };
        blocks.push(block);
        previous = { unit, block };
      }
    }
  }
  // Pages with no text left (blank last pages): still marked, so page numbers stay honest.
  for (; p < pages.length; p++) blocks.push({ type: "page", page: pages[p]!.page });
  return { blocks, outline };
}

function blockSize(block: ReaderBlock): number {
  const pieces = (ps: Piece[]) => ps.reduce((n, p) => n + ("text" in p ? p.text.length : 0), 0);
  switch (block.type) {
    case "heading":
      return block.text.length;
    case "paragraph":
      return pieces(block.pieces);
    case "list":
      return block.items.reduce((n, item) => n + pieces(item), 0);
    case "table":
      return block.rows.reduce((n, row) => n + row.reduce((m, cell) => m + cell.length, 0), 0);
    case "page":
      return 0;
  }
}

/**
 * The first blocks, up to about `maxChars` characters (at least one block): what the server
 * renders for the first paint while the coding editor loads. The full text travels once, to
 * the editor; sending it twice (HTML and editor) doubled a 1 MB page (bench P2).
 */
export function previewBlocks(blocks: readonly ReaderBlock[], maxChars: number): { blocks: ReaderBlock[]; complete: boolean } {
  let used = 0;
  let i = 0;
  for (; i < blocks.length; i++) {
    const size = blockSize(blocks[i]!);
    if (i > 0 && used + size > maxChars) break;
    used += size;
  }
  return { blocks: blocks.slice(0, i), complete: i === blocks.length };
}
