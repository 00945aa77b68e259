/**
 * How a document's text is cut for the full-text index (search_chunks): its blocks — paragraphs,
 * headings, list items, table rows — in order, each long one split at whitespace into pieces of
 * at most `maxLength` code points (PostgreSQL refuses a tsvector over 1 MB, and a hit's context
 * is read from its chunk, so chunks stay small). Blocks that overlap or nest are merged, and any
 * text outside every block becomes a block of its own, so each character that is not whitespace
 * is in exactly one chunk: nothing is missed and nothing is found twice. Offsets are code
 * points, half-open.
 */
import { TextIndex } from "@/lib/offsets";

export type Chunk = { start: number; end: number; text: string };

export const MAX_CHUNK = 4_000;

/** The blocks merged where they overlap, with the gaps between them that hold text added. */
export function coveringSpans(index: TextIndex, blocks: readonly { start: number; end: number }[]): { start: number; end: number }[] {
  const sorted = blocks.filter((b) => b.end > b.start).map((b) => ({ start: Math.max(0, b.start), end: Math.min(index.lengthCp, b.end) })).sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: { start: number; end: number }[] = [];
  for (const b of sorted) {
    const last = merged[merged.length - 1];
    if (last && b.start < last.end) last.end = Math.max(last.end, b.end);
    else merged.push({ ...b });
  }
  const out: { start: number; end: number }[] = [];
  let at = 0;
  const gap = (from: number, to: number) => {
    if (to <= from) return;
    const piece = index.sliceCp(from, to);
    const lead = [...piece].findIndex((ch) => !/\s/u.test(ch));
    if (lead < 0) return;
    const trail = [...piece].reverse().findIndex((ch) => !/\s/u.test(ch));
    out.push({ start: from + lead, end: to - trail });
  };
  for (const b of merged) {
    gap(at, b.start);
    out.push(b);
    at = b.end;
  }
  gap(at, index.lengthCp);
  return out;
}

export function searchChunksOf(text: string, blocks: readonly { start: number; end: number }[], maxLength = MAX_CHUNK): Chunk[] {
  const index = new TextIndex(text);
  const spans = coveringSpans(index, blocks);
  const chunks: Chunk[] = [];
  for (const span of spans) {
    if (span.end <= span.start) continue;
    let start = span.start;
    while (span.end - start > maxLength) {
      const piece = index.sliceCp(start, start + maxLength);
      // Cut after the last whitespace in the piece (so no word is split), or hard when none.
      const lastSpace = Math.max(piece.lastIndexOf(" "), piece.lastIndexOf("\n"), piece.lastIndexOf("\t"));
      const cutU16 = lastSpace > 0 ? lastSpace + 1 : piece.length;
      const cut = start + [...piece.slice(0, cutU16)].length;
      chunks.push({ start, end: cut, text: index.sliceCp(start, cut) });
      start = cut;
    }
    chunks.push({ start, end: span.end, text: index.sliceCp(start, span.end) });
  }
  if (chunks.length === 0) chunks.push({ start: 0, end: index.lengthCp, text });
  return chunks;
}

/** The segment kinds that are blocks of text (sentences lie inside them; pages cut across them). */
export const BLOCK_KINDS = ["paragraph", "heading", "list_item", "table_row"] as const;
export function isBlockKind(kind: string): boolean {
  return (BLOCK_KINDS as readonly string[]).includes(kind);
}
