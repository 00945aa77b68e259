import { agreeingPairs } from "./matrix";
import type { Estimate, ReliabilityMatrix } from "./types";

/**
 * Percent agreement (observed agreement), the share of agreeing coder pairs:
 *
 *   A_o = (1 / U) · Σ_u  (Σ_c n_uc (n_uc − 1)) / (m_u (m_u − 1))
 *
 * over the U units with m_u ≥ 2 values, n_uc = how many coders gave unit u value c. For two
 * coders this is the share of units both coded on which they agree; for complete data it is
 * Fleiss's (1971) P̄. Units with fewer than two values cannot show agreement and are left out.
 */
export function percentAgreement(m: ReliabilityMatrix): Estimate {
  let sum = 0;
  let units = 0;
  let values = 0;
  const unit = { values: 0, agreeing: 0 };
  for (const row of m) {
    agreeingPairs(row, unit);
    if (unit.values < 2) continue;
    sum += unit.agreeing / (unit.values * (unit.values - 1));
    units++;
    values += unit.values;
  }
  if (units === 0) return { value: null, units: 0, values: 0, note: "no unit was coded by two or more coders" };
  return { value: sum / units, units, values };
}
