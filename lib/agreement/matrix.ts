import type { ReliabilityMatrix, Value } from "./types";

/** The non-missing values of each unit, in coder order. */
export function unitValues(m: ReliabilityMatrix): Value[][] {
  return m.map((row) => row.filter((v): v is Value => v !== null && v !== undefined));
}

export function coderCount(m: ReliabilityMatrix): number {
  return m.reduce((max, row) => Math.max(max, row.length), 0);
}

/** A stable key for a value: 1 and "1" are different categories. */
export function valueKey(v: Value): string {
  return typeof v === "number" ? `n:${v}` : `s:${v}`;
}

/**
 * Whether two values are one category: the equality of valueKey (1 and "1" differ, NaN is NaN,
 * 0 is −0), which is also how a Map or Set keyed by the values themselves compares them — so the
 * hot loops count values in Maps keyed by the value, without building a key string per value.
 */
export function sameValue(a: Value | null | undefined, b: Value | null | undefined): boolean {
  return a === b || (a !== a && b !== b);
}

/** Ordered pairs of equal values in a unit, Σ_c n_c (n_c − 1), and its number of values, into `out`. */
export function agreeingPairs(row: ReadonlyArray<Value | null>, out: { values: number; agreeing: number }): void {
  let values = 0;
  let agreeing = 0;
  for (let i = 0; i < row.length; i++) {
    const v = row[i];
    if (v === null || v === undefined) continue;
    values++;
    for (let j = 0; j < i; j++) if (sameValue(row[j], v)) agreeing += 2;
  }
  out.values = values;
  out.agreeing = agreeing;
}
