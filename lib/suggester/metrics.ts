/**
 * Precision, recall, F1 and Cohen's κ for one code's presence/absence, from the 2×2 table of the
 * model (or baseline) against the human coders over the held-out units.
 *
 * - precision = TP / (TP + FP); null when nothing was proposed (undefined, not 0 or 1).
 * - recall    = TP / (TP + FN); null when humans never gave the code.
 * - F1        = 2·TP / (2·TP + FP + FN), the harmonic mean of the two written so that it is 0 (not
 *   undefined) when only one of them is: proposing nothing for a code humans used scores 0. Null
 *   only when there were neither proposals nor human uses.
 * - κ = (p_o − p_e) / (1 − p_e) (Cohen 1960; the same statistic as `lib/agreement/cohen.ts`, on
 *   two categories), p_o the share of units where both agree, p_e = Σ over present/absent of the
 *   product of the two sides' shares. Null when there are no units or p_e = 1 (both sides gave
 *   every unit the same single answer). A side that says the same thing on every unit (the
 *   baseline) gets κ = 0 whenever the other side varies: it agrees only as often as chance.
 * Micro-averaged F1 pools TP, FP and FN over codes before applying the same formula.
 */
import type { Metrics } from "./types";

export type Confusion = { truePositives: number; falsePositives: number; falseNegatives: number; trueNegatives: number };

export function emptyConfusion(): Confusion {
  return { truePositives: 0, falsePositives: 0, falseNegatives: 0, trueNegatives: 0 };
}

export function f1Of(c: Pick<Confusion, "truePositives" | "falsePositives" | "falseNegatives">): number | null {
  const denominator = 2 * c.truePositives + c.falsePositives + c.falseNegatives;
  return denominator === 0 ? null : (2 * c.truePositives) / denominator;
}

export function kappaOf(c: Confusion): number | null {
  const n = c.truePositives + c.falsePositives + c.falseNegatives + c.trueNegatives;
  // In counts (exact integers): κ = (n·agreements − E) / (n² − E), E = n²·p_e.
  const agreements = c.truePositives + c.trueNegatives;
  const expected =
    (c.truePositives + c.falsePositives) * (c.truePositives + c.falseNegatives) +
    (c.falseNegatives + c.trueNegatives) * (c.falsePositives + c.trueNegatives);
  if (n === 0 || expected === n * n) return null;
  return (n * agreements - expected) / (n * n - expected);
}

export function metricsOf(c: Confusion): Metrics {
  const predicted = c.truePositives + c.falsePositives;
  const support = c.truePositives + c.falseNegatives;
  return {
    precision: predicted === 0 ? null : c.truePositives / predicted,
    recall: support === 0 ? null : c.truePositives / support,
    f1: f1Of(c),
    kappa: kappaOf(c),
  };
}

export function addConfusion(total: Confusion, c: Confusion): void {
  total.truePositives += c.truePositives;
  total.falsePositives += c.falsePositives;
  total.falseNegatives += c.falseNegatives;
  total.trueNegatives += c.trueNegatives;
}
