/**
 * Where a RegExp matches a text, in code points (the unit of every stored offset), and the
 * keyword-in-context window around a hit. UTF-16 indexes from RegExp become code points through
 * lib/offsets, the one place that converts units.
 */
import { TextIndex } from "@/lib/offsets";

export type Match = { start: number; end: number };

/** Every non-empty match of a global RegExp in `text`, in order, at most `limit`. */
export function findMatches(text: string, re: RegExp, limit = Infinity, index = new TextIndex(text)): Match[] {
  const out: Match[] = [];
  const global = re.global ? re : new RegExp(re.source, re.flags + "g");
  global.lastIndex = 0;
  for (const m of text.matchAll(global)) {
    if (m[0].length === 0) continue;
    const u = m.index!;
    out.push({ start: index.u16ToCp(u, "start"), end: index.u16ToCp(u + m[0].length, "end") });
    if (out.length >= limit) break;
  }
  return out;
}

export const CONTEXT = 60;

/**
 * The hit with up to `width` code points of text either side (cut at whitespace when it can),
 * on one line: `before`, `hit` and `after` so a page can emphasise the hit without markup.
 */
export function keywordInContext(index: TextIndex, start: number, end: number, width = CONTEXT): { before: string; hit: string; after: string } {
  const from = Math.max(0, start - width);
  const to = Math.min(index.lengthCp, end + width);
  let before = index.sliceCp(from, start);
  let after = index.sliceCp(end, to);
  if (from > 0) before = "…" + before.replace(/^\S*\s/u, "");
  if (to < index.lengthCp) after = after.replace(/\s\S*$/u, "") + "…";
  const flat = (s: string) => s.replace(/\s+/gu, " ");
  return { before: flat(before), hit: flat(index.sliceCp(start, end)), after: flat(after) };
}
