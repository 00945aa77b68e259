/** Half-open code-point ranges [start, end): merging and measuring, without touching characters. */
export type Range = { start: number; end: number };

/**
 * The union of ranges as sorted, disjoint ranges. Touching ranges merge too unless
 * `touching: false` (unitized α keeps two adjacent codings as two units).
 */
export function mergeRanges(ranges: readonly Range[], opts: { touching?: boolean } = {}): Range[] {
  const touching = opts.touching ?? true;
  const sorted = ranges.filter((r) => r.end > r.start).sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Range[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && (touching ? r.start <= last.end : r.start < last.end)) last.end = Math.max(last.end, r.end);
    else out.push({ start: r.start, end: r.end });
  }
  return out;
}

export function totalLength(merged: readonly Range[]): number {
  return merged.reduce((sum, r) => sum + (r.end - r.start), 0);
}

/** Length of the intersection of two merged (sorted, disjoint) range lists, by a two-pointer sweep. */
export function intersectionLength(a: readonly Range[], b: readonly Range[]): number {
  let i = 0;
  let j = 0;
  let sum = 0;
  while (i < a.length && j < b.length) {
    const lo = Math.max(a[i]!.start, b[j]!.start);
    const hi = Math.min(a[i]!.end, b[j]!.end);
    if (hi > lo) sum += hi - lo;
    if (a[i]!.end < b[j]!.end) i++;
    else j++;
  }
  return sum;
}

export function overlap(a: Range, b: Range): number {
  return Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
}
