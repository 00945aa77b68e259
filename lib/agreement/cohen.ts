import { sameValue } from "./matrix";
import type { Estimate, ReliabilityMatrix, Value } from "./types";

/**
 * Cohen's κ for two coders (Cohen 1960, "A coefficient of agreement for nominal scales",
 * Educational and Psychological Measurement 20(1)):
 *
 *   κ = (p_o − p_e) / (1 − p_e),   p_e = Σ_c p_A(c) · p_B(c)
 *
 * where p_o is the share of units on which the coders agree and p_A(c), p_B(c) are each coder's
 * own proportions of category c (chance agreement from separate marginals, unlike Scott's π and
 * Krippendorff's α, which pool them). Only units both coders coded enter; a matrix whose rows
 * do not all have two entries is a RangeError. Undefined (null) when no unit was coded by both or
 * when both coders gave every unit one and the same value (p_e = 1).
 */
export function cohenKappa(m: ReliabilityMatrix): Estimate {
  // Marginals counted by the values themselves (see sameValue).
  const first = new Map<Value, number>();
  const second = new Map<Value, number>();
  let n = 0;
  let agree = 0;
  for (const row of m) {
    if (row.length !== 2) throw new RangeError(`Cohen's κ compares exactly two coders; a unit has ${row.length}.`);
    const a = row[0];
    const b = row[1];
    if (a === null || a === undefined || b === null || b === undefined) continue;
    n++;
    if (sameValue(a, b)) agree++;
    first.set(a, (first.get(a) ?? 0) + 1);
    second.set(b, (second.get(b) ?? 0) + 1);
  }
  if (n === 0) return { value: null, units: 0, values: 0, note: "no unit was coded by both coders" };
  const po = agree / n;
  let pe = 0;
  for (const [key, count] of first) pe += (count / n) * ((second.get(key) ?? 0) / n);
  const estimate = { units: n, values: 2 * n };
  if (pe === 1) return { value: null, ...estimate, note: "no variation: both coders gave every unit the same single value" };
  return { value: (po - pe) / (1 - pe), ...estimate };
}
