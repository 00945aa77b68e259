import { agreeingPairs } from "./matrix";
import type { Estimate, ReliabilityMatrix, Value } from "./types";

/**
 * Fleiss' κ for a fixed number of coders per unit (Fleiss 1971, "Measuring nominal scale
 * agreement among many raters", Psychological Bulletin 76(5)):
 *
 *   P_i = (Σ_j n_ij² − r) / (r (r − 1)),  P̄ = mean P_i,  p_j = Σ_i n_ij / (N r),  P̄_e = Σ_j p_j²
 *   κ = (P̄ − P̄_e) / (1 − P̄_e)
 *
 * with N units, r coders, n_ij the coders who put unit i in category j. Fleiss assumes every unit
 * has r ratings (not necessarily from the same r people), so only units every coder coded enter;
 * the note says how many were dropped. For two coders this is Scott's (1955) π. Undefined (null)
 * when no unit is complete or every rating is the same category (P̄_e = 1).
 */
export function fleissKappa(m: ReliabilityMatrix): Estimate {
  const r = m.reduce((max, row) => Math.max(max, row.length), 0);
  const complete = m.filter((row) => row.length === r && row.every((v) => v !== null && v !== undefined)) as Value[][];
  const dropped = m.length - complete.length;
  const note = dropped > 0 ? `${dropped} unit${dropped === 1 ? "" : "s"} not coded by every coder left out` : undefined;
  if (r < 2 || complete.length === 0) return { value: null, units: 0, values: 0, note: note ?? "no unit was coded by every coder" };
  // Counted by the values themselves (see sameValue), in the order they first appear.
  const totals = new Map<Value, number>();
  const unit = { values: 0, agreeing: 0 };
  let sumP = 0;
  for (const row of complete) {
    for (const v of row) totals.set(v, (totals.get(v) ?? 0) + 1);
    agreeingPairs(row, unit); // Σ_j n_ij² − r = Σ_j n_ij (n_ij − 1)
    sumP += unit.agreeing / (r * (r - 1));
  }
  const N = complete.length;
  const pBar = sumP / N;
  let pe = 0;
  for (const total of totals.values()) pe += (total / (N * r)) ** 2;
  const estimate = { units: N, values: N * r };
  if (pe === 1) {
    const noVariation = "no variation: every rating is the same category";
    return { value: null, ...estimate, note: note ? `${noVariation}; ${note}` : noVariation };
  }
  return { value: (pBar - pe) / (1 - pe), ...estimate, ...(note ? { note } : {}) };
}
