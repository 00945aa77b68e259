import { compareIds, shuffle, type Rng } from "./prng";

export type StratumSize = { stratum: string; size: number };
export type StratumAllocation = StratumSize & {
  /** The exact proportional share n · size / N, before rounding. */
  quota: number;
  /** How many documents the stratum contributes. */
  drawn: number;
};

/**
 * Splits a sample of `n` documents among strata in proportion to their sizes, so that the parts
 * add up to exactly `n` (Hamilton's largest-remainder method):
 *
 * 1. Each stratum's quota is n · size / N. It gets the whole part of its quota.
 * 2. The seats left over (fewer than the number of strata) go one each to the strata with the
 *    largest fractional parts. Remainders are compared exactly, in integers (n · size mod N).
 * 3. With `atLeastOne`, and when the sample has at least as many documents as there are strata,
 *    every stratum contributes at least one document: a stratum left at 0 takes a seat from the
 *    stratum furthest above its quota (among those with 2 or more), so the total stays `n`.
 *    A small stratum is then represented; no stratum ever gives more than it has.
 *
 * Ties (equal remainders, equal surpluses) are broken by a seeded order of the strata, so they
 * favour no stratum systematically and the same seed breaks them the same way.
 */
export function allocate(strata: readonly StratumSize[], n: number, rng: Rng, { atLeastOne }: { atLeastOne: boolean }): StratumAllocation[] {
  const sorted = [...strata].sort((a, b) => compareIds(a.stratum, b.stratum));
  const total = sorted.reduce((sum, s) => sum + s.size, 0);
  if (!Number.isInteger(n) || n < 0 || n > total) throw new RangeError(`Cannot allocate ${n} of ${total}.`);
  // The tie-break order is drawn first, always, so the stream does not depend on whether ties occur.
  const rank = new Map(shuffle(sorted.map((s) => s.stratum), rng).map((key, i) => [key, i]));
  const byRank = (a: { stratum: string }, b: { stratum: string }) => rank.get(a.stratum)! - rank.get(b.stratum)!;

  const rows = sorted.map((s) => {
    const scaled = n * s.size; // exact: integers well below 2^53
    const whole = total === 0 ? 0 : Math.floor(scaled / total);
    return { ...s, quota: total === 0 ? 0 : scaled / total, drawn: whole, remainder: scaled - whole * total };
  });

  let left = n - rows.reduce((sum, r) => sum + r.drawn, 0);
  for (const row of [...rows].sort((a, b) => b.remainder - a.remainder || byRank(a, b))) {
    if (left === 0) break;
    row.drawn += 1;
    left -= 1;
  }

  const nonEmpty = rows.filter((r) => r.size > 0);
  if (atLeastOne && n >= nonEmpty.length) {
    for (const empty of nonEmpty.filter((r) => r.drawn === 0).sort(byRank)) {
      // Surplus over the quota, in the same integer units as the remainders: drawn · N − n · size.
      const surplus = (r: (typeof rows)[number]) => r.drawn * total - n * r.size;
      const donor = rows.filter((r) => r.drawn >= 2).sort((a, b) => surplus(b) - surplus(a) || byRank(a, b))[0];
      // n ≥ number of strata and one of them has 0, so some stratum has 2 or more.
      if (!donor) throw new Error("unreachable: no stratum to take a seat from");
      donor.drawn -= 1;
      empty.drawn = 1;
    }
  }
  return rows.map(({ stratum, size, quota, drawn }) => ({ stratum, size, quota, drawn }));
}
