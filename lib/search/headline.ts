/**
 * Reads the matching words out of a PostgreSQL ts_headline with HighlightAll, where each match
 * is wrapped in U+0001 … U+0002: their code-point offsets within the chunk's text. The marks are
 * removed and the rest must equal the chunk's text exactly; if it does not (a future PostgreSQL
 * that rewrites text), no offsets are guessed: the chunk yields none and the caller says so.
 */
export const START_MARK = "\u0001";
export const STOP_MARK = "\u0002";

export function matchesFromHeadline(headline: string, chunkText: string): { start: number; end: number }[] | null {
  const out: { start: number; end: number }[] = [];
  let plain = "";
  let cp = 0;
  let open = -1;
  for (const ch of headline) {
    if (ch === START_MARK) {
      open = cp;
      continue;
    }
    if (ch === STOP_MARK) {
      if (open >= 0 && cp > open) out.push({ start: open, end: cp });
      open = -1;
      continue;
    }
    plain += ch;
    cp++;
  }
  return plain === chunkText ? out : null;
}
