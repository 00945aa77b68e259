import { canonicalize } from "@/lib/ingest/canonical";

/**
 * Another tool's plain text becomes our canonical text (NFC, `\n` line ends, no control
 * characters: lib/ingest/canonical.ts), which can move positions: a CRLF becomes one code point,
 * a removed control character none, "e" + combining acute one "é". This maps each position of
 * the original (code points, as REFI-QDA counts them; a leading BOM is not content) to the
 * canonical text, cluster by cluster (a base character and its marks normalise together). If the
 * piecewise result differs from canonicalising the whole (rare: ANSI escapes, Hangul jamo), the
 * mapping is refused rather than guessed.
 */
export type PositionMap = { text: string; map: (position: number) => number | null };

const CLUSTER = /\r\n|[\s\S]\p{M}*/gu;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

export function canonicalPositions(raw: string): PositionMap | null {
  const body = raw.startsWith("\ufeff") ? raw.slice(1) : raw;
  const canonical = canonicalize(raw).text;
  const starts: number[] = []; // canonical position of each original code point
  let out = "";
  let outLength = 0;
  for (const match of body.matchAll(CLUSTER)) {
    const cluster = match[0];
    const piece = cluster
      .replace(/\r\n?|\u2028|\u2029|\u0085/g, "\n")
      .replace(CONTROL, "")
      .replace(/\ufeff/g, "")
      .normalize("NFC");
    const codePoints = [...cluster].length;
    const pieceLength = [...piece].length;
    // Inside a cluster that changed length, every position maps to the cluster's start.
    for (let i = 0; i < codePoints; i++) starts.push(pieceLength === codePoints ? outLength + i : outLength);
    out += piece;
    outLength += pieceLength;
  }
  starts.push(outLength);
  if (out !== canonical) return null;
  return { text: canonical, map: (position) => (Number.isInteger(position) && position >= 0 && position < starts.length ? starts[position]! : null) };
}
