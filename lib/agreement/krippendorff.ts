import { unitValues, valueKey } from "./matrix";
import type { Estimate, MetricLevel, ReliabilityMatrix, Value } from "./types";

/**
 * Krippendorff's α with missing values (Krippendorff 2011, "Computing Krippendorff's
 * Alpha-Reliability", Annenberg School for Communication, University of Pennsylvania):
 *
 *   o_ck = Σ_u (number of c–k pairs of values in unit u, ordered, from different coders) / (m_u − 1)
 *   n_c = Σ_k o_ck,  n = Σ_c n_c  (the pairable values)
 *   α = 1 − D_o / D_e = 1 − (n − 1) · Σ_c Σ_k o_ck δ²_ck / Σ_c Σ_k n_c n_k δ²_ck
 *
 * Units with fewer than two values (m_u < 2) are not pairable and do not enter. Differences δ²:
 * - nominal: 0 when c = k, else 1;
 * - ordinal: (Σ_{g=c..k} n_g − (n_c + n_k)/2)², the ranks being the values' order and n_g the
 *   marginal totals of the coincidence matrix;
 * - interval: (c − k)²;  ratio: ((c − k) / (c + k))².
 * α is undefined (null) when there is no variation (D_e = 0).
 */
export function krippendorffAlpha(m: ReliabilityMatrix, level: MetricLevel): Estimate {
  const coincidences = coincidenceMatrix(m, level);
  if (coincidences.n === 0) return { value: null, units: 0, values: 0, note: "no unit has two or more values" };
  const { categories, o, totals, n, units } = coincidences;
  const delta = differenceFunction(level, categories, totals);
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < categories.length; c++) {
    for (let k = 0; k < categories.length; k++) {
      if (c === k) continue;
      const d = delta(c, k);
      observed += o[c]![k]! * d;
      expected += totals[c]! * totals[k]! * d;
    }
  }
  const estimate = { units, values: n };
  if (expected === 0) return { value: null, ...estimate, note: "no variation: every pairable value is the same" };
  return { value: 1 - ((n - 1) * observed) / expected, ...estimate };
}

type Coincidences = { categories: Value[]; o: number[][]; totals: number[]; n: number; units: number };

/** The coincidence matrix over the sorted distinct values (numbers ascending, strings by code unit). */
export function coincidenceMatrix(m: ReliabilityMatrix, level: MetricLevel): Coincidences {
  const rows = unitValues(m).filter((row) => row.length >= 2);
  if (level !== "nominal") {
    for (const row of rows) {
      for (const v of row) if (typeof v !== "number" || !Number.isFinite(v)) throw new RangeError(`α at the ${level} level needs numbers; got ${JSON.stringify(v)}.`);
    }
  }
  const distinct = new Map<string, Value>();
  for (const row of rows) for (const v of row) distinct.set(valueKey(v), v);
  const categories = [...distinct.values()].sort((a, b) =>
    typeof a === "number" && typeof b === "number" ? a - b : valueKey(a) < valueKey(b) ? -1 : valueKey(a) > valueKey(b) ? 1 : 0,
  );
  const index = new Map(categories.map((v, i) => [valueKey(v), i]));
  const o = categories.map(() => categories.map(() => 0));
  for (const row of rows) {
    const counts = new Map<number, number>();
    for (const v of row) {
      const i = index.get(valueKey(v))!;
      counts.set(i, (counts.get(i) ?? 0) + 1);
    }
    const weight = 1 / (row.length - 1);
    for (const [c, nc] of counts) {
      for (const [k, nk] of counts) {
        o[c]![k]! += (c === k ? nc * (nc - 1) : nc * nk) * weight;
      }
    }
  }
  const totals = o.map((row) => row.reduce((a, b) => a + b, 0));
  return { categories, o, totals, n: totals.reduce((a, b) => a + b, 0), units: rows.length };
}

/** δ² between category indexes c and k at a level; ordinal needs the coincidence totals. */
export function differenceFunction(level: MetricLevel, categories: Value[], totals: number[]): (c: number, k: number) => number {
  switch (level) {
    case "nominal":
      return (c, k) => (c === k ? 0 : 1);
    case "interval":
      return (c, k) => ((categories[c] as number) - (categories[k] as number)) ** 2;
    case "ratio":
      return (c, k) => {
        const a = categories[c] as number;
        const b = categories[k] as number;
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
