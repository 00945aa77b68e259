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
