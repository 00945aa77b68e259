/**
 * How a document's text is cut for the full-text index (search_chunks): its paragraphs, in
 * order, each long one split at whitespace into pieces of at most `maxLength` code points —
 * PostgreSQL refuses a tsvector over 1 MB, and a hit's context is read from its chunk, so
 * chunks stay small. Text outside paragraphs (blank lines) is not indexed; a text without
 * paragraph segments is chunked as one paragraph. Offsets are code points, half-open.
 */
import { TextIndex } from "@/lib/offsets";

export type Chunk = { start: number; end: number; text: string };

export const MAX_CHUNK = 4_000;

export function searchChunksOf(text: string, paragraphs: readonly { start: number; end: number }[], maxLength = MAX_CHUNK): Chunk[] {
  const index = new TextIndex(text);
  const spans = paragraphs.length > 0 ? paragraphs : [{ start: 0, end: index.lengthCp }];
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
