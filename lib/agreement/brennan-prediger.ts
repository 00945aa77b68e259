import { percentAgreement } from "./percent";
import type { Estimate, ReliabilityMatrix, Value } from "./types";

/**
 * Brennan–Prediger κ, the "free-marginal" kappa (Brennan & Prediger 1981, "Coefficient kappa:
 * some uses, misuses, and alternatives", Educational and Psychological Measurement 41(3), 687–699;
 * the same value as Bennett, Alpert & Goldstein's 1954 S):
 *
 *   κ_BP = (p_o − 1/q) / (1 − 1/q)
 *
 * Chance agreement is 1/q for q categories, whatever the coders' marginals. p_o is percent
 * agreement (percent.ts): for two coders the share of units both coded on which they agree; for
 * more, the mean share of agreeing coder pairs per unit (von Eye 2006's extension).
 *
 * How MAXQDA chooses q: its intercoder-agreement report gives "Kappa (Brennan & Prediger)" and, in
 * the manual's words, determines chance agreement by the number of different categories (codes)
 * the two coders used, which is the number of codes in the code-specific results table; so
 * P_chance = 1 / (number of codes compared). Its segment-level table has no "neither coded"
 * cell (a segment exists only where someone coded), so p_o there counts agreeing segments among
 * all segments. For one code judged present/absent on fixed units, q = 2. The caller passes q
 * because only it knows the codebook; when the data hold more distinct values than q, the value
 * is still computed and the note says so (1/q then overstates chance agreement).
 */
export function brennanPredigerKappa(m: ReliabilityMatrix, categoryCount: number): Estimate {
  if (!Number.isInteger(categoryCount) || categoryCount < 2) throw new RangeError(`Brennan–Prediger κ needs a whole number of categories, at least two; got ${categoryCount}.`);
  const observed = percentAgreement(m);
  if (observed.value === null) return observed;
  const chance = 1 / categoryCount;
  const distinct = distinctPairableValues(m);
  const note = distinct > categoryCount ? `the data hold ${distinct} distinct values but chance agreement assumes ${categoryCount} categories` : undefined;
  return { ...observed, value: (observed.value - chance) / (1 - chance), ...(note ? { note } : {}) };
}

/** The number of distinct values in units with two or more values (a Set compares values as sameValue does). */
function distinctPairableValues(m: ReliabilityMatrix): number {
  const seen = new Set<Value>();
  for (const row of m) {
    let values = 0;
    for (const v of row) if (v !== null && v !== undefined) values++;
    if (values < 2) continue;
    for (const v of row) if (v !== null && v !== undefined) seen.add(v);
  }
  return seen.size;
}
