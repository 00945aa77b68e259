import type { TextIndex } from "@/lib/offsets";

export type Piece = { text: string; marked: boolean };
/** Characters of context shown on each side of a site. */
const CONTEXT = 160;

/**
 * A site's passage with context, cut into pieces marked where this version's codings lie, so the
 * browser renders text nodes (never markup) with highlights. Offsets are code points.
 */
export function passagePieces(index: TextIndex, site: { start: number; end: number }, codings: readonly { start: number; end: number }[]): Piece[] {
  const from = Math.max(0, site.start - CONTEXT);
  const to = Math.min(index.lengthCp, site.end + CONTEXT);
  const cuts = new Set<number>([from, to]);
  for (const c of codings) {
    cuts.add(Math.max(from, Math.min(to, c.start)));
    cuts.add(Math.max(from, Math.min(to, c.end)));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const pieces: Piece[] = [];
  for (let i = 0; i < points.length - 1; i++) {
    const a = points[i]!;
    const b = points[i + 1]!;
    if (b <= a) continue;
    const marked = codings.some((c) => c.start <= a && b <= c.end);
    const text = index.sliceCp(a, b);
    const last = pieces[pieces.length - 1];
    if (last && last.marked === marked) last.text += text;
    else pieces.push({ text, marked });
  }
  if (from > 0) pieces.unshift({ text: "… ", marked: false });
  if (to < index.lengthCp) pieces.push({ text: " …", marked: false });
  return pieces;
}
