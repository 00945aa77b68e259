import { percentAgreement } from "./percent";
import type { Estimate, ReliabilityMatrix } from "./types";

/**
 * Brennan–Prediger κ, "free-marginal" kappa (Brennan & Prediger 1981, "Coefficient kappa: some
 * uses, misuses, and alternatives", Educational and Psychological Measurement 41(3)):
 *
 *   κ_BP = (p_o − 1/q) / (1 − 1/q)
 *
 * chance agreement is 1/q for q categories, whatever the coders' marginals. MAXQDA reports it as
 * "Kappa (Brennan & Prediger)" with q = the number of codes compared (present/absent per code:
 * q = 2). p_o is percent agreement (the share of agreeing pairs, see percent.ts).
 */
export function brennanPredigerKappa(m: ReliabilityMatrix, categoryCount: number): Estimate {
  if (!Number.isInteger(categoryCount) || categoryCount < 2) throw new RangeError("Brennan–Prediger κ needs at least two categories.");
  const observed = percentAgreement(m);
  if (observed.value === null) return observed;
  const chance = 1 / categoryCount;
  return { ...observed, value: (observed.value - chance) / (1 - chance) };
}
