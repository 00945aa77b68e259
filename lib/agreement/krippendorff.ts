import { sameValue, valueKey } from "./matrix";
import type { Estimate, MetricLevel, ReliabilityMatrix, Value } from "./types";

/**
 * Krippendorff's α with missing values, in the coincidence-matrix form of Krippendorff (2011),
 * "Computing Krippendorff's Alpha-Reliability", Annenberg School for Communication, University of
 * Pennsylvania (https://repository.upenn.edu/asc_papers/43):
 *
 *   o_ck = Σ_u (number of c–k pairs of values in unit u, ordered, from different coders) / (m_u − 1)
 *   n_c = Σ_k o_ck,  n = Σ_c n_c  (the pairable values)
 *   α = 1 − D_o / D_e = 1 − (n − 1) · Σ_c Σ_k o_ck δ²_ck / Σ_c Σ_k n_c n_k δ²_ck
 *
 * m_u is the number of values unit u received. Units with m_u < 2 hold no pair, so they are not
 * pairable and do not enter (their values are still checked, see below). Differences δ²_ck:
 * - nominal: 0 when c = k, else 1 (strings or numbers; 1 and "1" are different categories);
 * - ordinal: (Σ_{g=c..k} n_g − (n_c + n_k)/2)², the values' order giving the ranks and n_g the
 *   marginal totals of the coincidence matrix, as in the paper;
 * - interval: (c − k)²;
 * - ratio: ((c − k) / (c + k))², which needs values ≥ 0 (a ratio scale has an absolute zero).
 * Ordinal, interval and ratio take finite numbers only; anything else is a RangeError, since a
 * category name cannot be placed on a scale.
 * α is undefined (null, with a note) when nothing is pairable or there is no variation (D_e = 0).
 */
export function krippendorffAlpha(m: ReliabilityMatrix, level: MetricLevel): Estimate {
  const { categories, o, totals, n, units } = coincidenceMatrix(m, level);
  if (n === 0) return { value: null, units: 0, values: 0, note: "no unit has two or more values" };
  const alpha = alphaFromCoincidences((c, k) => o[c]![k]!, totals, differenceFunction(level, categories, totals));
  const estimate = { units, values: n };
  if (alpha === null) return { value: null, ...estimate, note: "no variation: every pairable value is the same" };
  return { value: alpha, ...estimate };
}

export interface Coincidences {
  /** The distinct pairable values, sorted (numbers ascending, strings by code unit). */
  categories: Value[];
  /** o[c][k], indexed like `categories`. */
  o: number[][];
  /** n_c, the row totals of `o`. */
  totals: number[];
  /** n, the number of pairable values. */
  n: number;
  /** The number of pairable units (m_u ≥ 2). */
  units: number;
}

/** The coincidence matrix of the pairable units, after checking every value suits the level. */
export function coincidenceMatrix(m: ReliabilityMatrix, level: MetricLevel): Coincidences {
  // Two passes over the rows, copying none: the distinct pairable values (they fix the indexes),
  // then each unit's values counted by index. Values are compared as sameValue does (Map keys).
  const distinct = new Map<Value, Value>();
  let units = 0;
  for (const row of m) {
    let values = 0;
    for (const v of row) {
      if (v === null || v === undefined) continue;
      assertSuits(v, level);
      values++;
    }
    if (values < 2) continue;
    units++;
    let previous: Value | undefined;
    for (const v of row) {
      // Coders mostly agree: skip the Map for a value identical (Object.is) to the one before, so
      // a category keeps the last of its values seen (0 or −0) all the same.
      if (v === null || v === undefined || Object.is(v, previous)) continue;
      distinct.set(v, v);
      previous = v;
    }
  }
  const categories = sortedCategories(distinct.values());
  const index = new Map(categories.map((v, i) => [v, i] as const));
  const o = categories.map(() => categories.map(() => 0));
  const ids: number[] = [];
  const counts: number[] = [];
  for (const row of m) {
    const values = unitCounts(row, index, ids, counts);
    if (values < 2) continue;
    for (let x = 0; x < ids.length; x++) {
      const nc = counts[x]!;
      const oc = o[ids[x]!]!;
      for (let y = 0; y < ids.length; y++) oc[ids[y]!]! += (x === y ? nc * (nc - 1) : nc * counts[y]!) / (values - 1);
    }
  }
  const totals = o.map((row) => row.reduce((a, b) => a + b, 0));
  return { categories, o, totals, n: totals.reduce((a, b) => a + b, 0), units };
}

/**
 * The distinct category indexes of a unit's values (in order of first appearance) into `ids`, how
 * many coders gave each into `counts`; returns m_u, the number of values. The arrays are reused.
 */
export function unitCounts(row: ReadonlyArray<Value | null>, index: ReadonlyMap<Value, number>, ids: number[], counts: number[]): number {
  ids.length = 0;
  counts.length = 0;
  let values = 0;
  let previous: Value | undefined;
  let i = -1;
  for (const v of row) {
    if (v === null || v === undefined) continue;
    values++;
    if (!sameValue(v, previous)) i = index.get(v)!; // coders mostly agree: one lookup per run of equal values
    previous = v;
    const at = ids.indexOf(i);
    if (at < 0) {
      ids.push(i);
      counts.push(1);
    } else counts[at]!++;
  }
  return values;
}

/**
 * One unit's contribution to the coincidence matrix: [c, k, weight] for each ordered pair of
 * category indexes present in the unit, weight = (pairs of values c–k from different coders) / (m_u − 1).
 */
export function unitPairs(row: readonly Value[], index: ReadonlyMap<Value, number>): [number, number, number][] {
  const ids: number[] = [];
  const counts: number[] = [];
  unitCounts(row, index, ids, counts);
  const out: [number, number, number][] = [];
  for (let x = 0; x < ids.length; x++) {
    for (let y = 0; y < ids.length; y++) out.push([ids[x]!, ids[y]!, (x === y ? counts[x]! * (counts[x]! - 1) : counts[x]! * counts[y]!) / (row.length - 1)]);
  }
  return out;
}

/**
 * α from a coincidence matrix (given cell by cell), its totals and a difference function;
 * null when D_e = 0. Shared by the point estimate and the bootstrap so both compute the same thing.
 */
export function alphaFromCoincidences(cell: (c: number, k: number) => number, totals: readonly number[], delta: (c: number, k: number) => number): number | null {
  const n = totals.reduce((a, b) => a + b, 0);
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < totals.length; c++) {
    for (let k = 0; k < totals.length; k++) {
      if (c === k) continue;
      const d = delta(c, k);
      observed += cell(c, k) * d;
      expected += totals[c]! * totals[k]! * d;
    }
  }
  if (expected === 0) return null;
  return 1 - ((n - 1) * observed) / expected;
}

/** δ² between category indexes c and k at a level; ordinal needs the coincidence totals. */
export function differenceFunction(level: MetricLevel, categories: readonly Value[], totals: readonly number[]): (c: number, k: number) => number {
  switch (level) {
    case "nominal":
      return (c, k) => (c === k ? 0 : 1);
    case "interval":
      return (c, k) => ((categories[c] as number) - (categories[k] as number)) ** 2;
    case "ratio":
      return (c, k) => {
        const a = categories[c] as number;
        const b = categories[k] as number;
        // Only 0 vs 0 has a + b = 0 (values are ≥ 0), and equal values differ by nothing.
        return a + b === 0 ? 0 : ((a - b) / (a + b)) ** 2;
      };
    case "ordinal":
      return (c, k) => {
        const [lo, hi] = c < k ? [c, k] : [k, c];
        let sum = 0;
        for (let g = lo; g <= hi; g++) sum += totals[g]!;
        return (sum - (totals[lo]! + totals[hi]!) / 2) ** 2;
      };
  }
}

function assertSuits(v: Value, level: MetricLevel): void {
  if (level === "nominal") return;
  if (typeof v !== "number" || !Number.isFinite(v)) throw new RangeError(`α at the ${level} level needs finite numbers; got ${JSON.stringify(v)}.`);
  if (level === "ratio" && v < 0) throw new RangeError(`α at the ratio level needs values ≥ 0; got ${v}.`);
}

function sortedCategories(distinct: Iterable<Value>): Value[] {
  return [...distinct].sort((a, b) => {
    if (typeof a === "number" && typeof b === "number") return a - b;
    const ka = valueKey(a);
    const kb = valueKey(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
}
