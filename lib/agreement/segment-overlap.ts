import { overlap } from "./ranges";
import type { Continuum, Segment } from "./types";

export type SegmentPair = {
  continuumId: string;
  code: string;
  first?: Segment;
  second?: Segment;
  /** intersection / union of the two ranges; 0 for an unmatched segment. */
  overlapShare: number;
  matched: boolean;
};
export type SegmentOverlapCounts = {
  /** a: pairs of segments that match (same code, overlap ≥ threshold). */
  matched: number;
  /** b: the first coder's segments without a match. */
  onlyFirst: number;
  /** c: the second coder's segments without a match. */
  onlySecond: number;
  /** a / (a + b + c). */
  percent: number | null;
  /** Brennan–Prediger κ with chance 1/q, q = number of codes compared (as MAXQDA). */
  kappa: number | null;
};
export type SegmentOverlap = {
  threshold: number;
  codes: number;
  pooled: SegmentOverlapCounts;
  perCode: Record<string, SegmentOverlapCounts>;
  pairs: SegmentPair[];
};

/**
 * Segment-level agreement as MAXQDA's intercoder agreement ("code occurrence at the segment
 * level" with a minimum overlap, default 90 %): a segment of one coder matches a segment of the
 * other when both carry the same code in the same document and their overlap is at least
 * `threshold` of the area the two cover together (intersection / union). Each match pairs one
 * segment of each coder (greedy, largest overlap first, so a segment is used once); what stays
 * unmatched is a disagreement of its coder. MAXQDA's 2×2 table has no "neither coded" cell, so
 *
 *   p_o = a / (a + b + c),   κ = (p_o − 1/q) / (1 − 1/q)
 *
 * with q the number of codes in the analysis (MAXQDA: "Kappa (Brennan & Prediger 1981)", chance
 * agreement 1/number of codes). The pairs, matched and not, are returned for drill-down.
 */
export function segmentOverlap(continua: readonly Continuum[], opts: { coders: [string, string]; code?: string; codes?: readonly string[]; threshold?: number }): SegmentOverlap {
  const threshold = opts.threshold ?? 0.9;
  if (!(threshold > 0 && threshold <= 1)) throw new RangeError("The overlap threshold must be above 0 and at most 1 (e.g. 0.9 for 90 %).");
  const [firstCoder, secondCoder] = opts.coders;
  const wanted = opts.code !== undefined ? [opts.code] : opts.codes;
  const pairs: SegmentPair[] = [];
  const seenCodes = new Set<string>(wanted ?? []);
  for (const continuum of continua) {
    const byCode = new Map<string, { first: Segment[]; second: Segment[] }>();
    for (const s of continuum.segments) {
      if (wanted && !wanted.includes(s.code)) continue;
      if (s.coder !== firstCoder && s.coder !== secondCoder) continue;
      seenCodes.add(s.code);
      const entry = byCode.get(s.code) ?? { first: [], second: [] };
      (s.coder === firstCoder ? entry.first : entry.second).push(s);
      byCode.set(s.code, entry);
    }
    for (const [code, { first, second }] of [...byCode].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      pairs.push(...matchSegments(continuum.id, code, first, second, threshold));
    }
  }
  const q = Math.max(2, seenCodes.size);
  const perCode: Record<string, SegmentOverlapCounts> = {};
  for (const code of [...seenCodes].sort()) perCode[code] = count(pairs.filter((p) => p.code === code), q);
  return { threshold, codes: seenCodes.size, pooled: count(pairs, q), perCode, pairs };
}

function matchSegments(continuumId: string, code: string, first: Segment[], second: Segment[], threshold: number): SegmentPair[] {
  const order = (a: Segment, b: Segment) => a.start - b.start || a.end - b.end;
  const firsts = [...first].sort(order);
  const seconds = [...second].sort(order);
  const candidates: { i: number; j: number; share: number }[] = [];
  for (let i = 0; i < firsts.length; i++) {
    for (let j = 0; j < seconds.length; j++) {
      const a = firsts[i]!;
      const b = seconds[j]!;
      if (b.start >= a.end) break; // sorted by start: no later segment overlaps a
      const inter = overlap(a, b);
      if (inter === 0) continue;
      const share = inter / (Math.max(a.end, b.end) - Math.min(a.start, b.start));
      if (share >= threshold) candidates.push({ i, j, share });
    }
  }
  candidates.sort((x, y) => y.share - x.share || x.i - y.i || x.j - y.j);
  const usedFirst = new Set<number>();
  const usedSecond = new Set<number>();
  const out: SegmentPair[] = [];
  for (const { i, j, share } of candidates) {
    if (usedFirst.has(i) || usedSecond.has(j)) continue;
    usedFirst.add(i);
    usedSecond.add(j);
    out.push({ continuumId, code, first: firsts[i], second: seconds[j], overlapShare: share, matched: true });
  }
  firsts.forEach((s, i) => usedFirst.has(i) || out.push({ continuumId, code, first: s, overlapShare: bestShare(s, seconds), matched: false }));
  seconds.forEach((s, j) => usedSecond.has(j) || out.push({ continuumId, code, second: s, overlapShare: bestShare(s, firsts), matched: false }));
  return out.sort((x, y) => (x.first ?? x.second)!.start - (y.first ?? y.second)!.start);
}

/** The largest overlap share an unmatched segment had with any of the other coder's: "how close". */
function bestShare(s: Segment, others: Segment[]): number {
  let best = 0;
  for (const o of others) {
    const inter = overlap(s, o);
    if (inter > 0) best = Math.max(best, inter / (Math.max(s.end, o.end) - Math.min(s.start, o.start)));
  }
  return best;
}

function count(pairs: SegmentPair[], q: number): SegmentOverlapCounts {
  let matched = 0;
  let onlyFirst = 0;
  let onlySecond = 0;
  for (const p of pairs) {
    if (p.matched) matched++;
    else if (p.first) onlyFirst++;
    else onlySecond++;
  }
  const total = matched + onlyFirst + onlySecond;
  const percent = total === 0 ? null : matched / total;
  const kappa = percent === null ? null : (percent - 1 / q) / (1 - 1 / q);
  return { matched, onlyFirst, onlySecond, percent, kappa };
}
