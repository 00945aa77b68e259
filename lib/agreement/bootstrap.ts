import { rngFor } from "@/lib/sampling/prng";
import { alphaFromCoincidences, coincidenceMatrix, differenceFunction, unitCounts, unitPairs } from "./krippendorff";
import type { Interval, MetricLevel, ReliabilityMatrix, Value } from "./types";

/**
 * A confidence interval for Krippendorff's α by the unit-resampling percentile bootstrap
 * (Efron & Tibshirani 1993, "An Introduction to the Bootstrap", ch. 13):
 *
 *   repeat B = `samples` times: draw U units with replacement from the U pairable units,
 *   rebuild the coincidence matrix from them, compute α (same formula as krippendorff.ts);
 *   sort the B values; low = α*_(⌊(B'−1)·(1−level)/2⌉), high = α*_(⌊(B'−1)·(1+level)/2⌉)
 *
 * (⌊·⌉ = rounding to the nearest index, B' = the resamples in which α is defined.)
 *
 * It is NOT Hayes & Krippendorff's (2007, Communication Methods and Measures 1(1)) KALPHA
 * bootstrap, which keeps the observed coincidence matrix's expected disagreement fixed and
 * resamples pairs of values (with their δ²) to build the distribution of D_o. Resampling whole
 * units keeps each unit's values together, lets the marginals (and so D_e and the ordinal ranks)
 * vary, and suits units that are paragraphs or sentences clustered in documents; its intervals
 * are usually a little wider than KALPHA's on the same data.
 *
 * Reproducible: the stream is `rngFor(seed, "alpha-bootstrap")` from lib/sampling/prng.ts
 * (mulberry32 seeded with 32-bit FNV-1a of `${seed}\0alpha-bootstrap`), and unit k of a resample
 * is unit ⌊u·U⌋ for the k-th draw u, so a reader can recompute the interval from the report's
 * parameters. Units with fewer than two values never count and are not resampled. Resamples in
 * which α is undefined (no variation) are left out; null when α itself is undefined.
 *
 * Each unit's share of the coincidence matrix is computed once, and units with the same values
 * share one pattern; a resample counts the draws per pattern and adds up their shares.
 * `bootstrapAlphas` resamples several matrices over the same units (a report's codes) with the
 * same draws — each interval is still an ordinary bootstrap interval for its own α, and the
 * draws, the costly part, are made once. A single matrix gets the same stream either way.
 */
export function bootstrapAlpha(
  m: ReliabilityMatrix,
  level: MetricLevel,
  opts: { seed: number; samples?: number; level?: number },
): Interval | null {
  return bootstrapAlphas([m], level, opts)[0]!;
}

type Prepared = {
  categories: ReturnType<typeof coincidenceMatrix>["categories"];
  /** Pattern of each pairable unit (index into `shares`). */
  patternOf: Int32Array;
  /** Per pattern: flattened [cell, weight] pairs of its coincidence share. */
  shares: number[][];
  pairable: number[];
};

function prepare(m: ReliabilityMatrix, level: MetricLevel): Prepared | null {
  const point = coincidenceMatrix(m, level);
  const { categories } = point;
  if (alphaFromCoincidences((c, k) => point.o[c]![k]!, point.totals, differenceFunction(level, categories, point.totals)) === null) return null;
  const K = categories.length;
  const index = new Map(categories.map((v, i) => [v, i] as const));
  const pairable: number[] = [];
  const patternIds = new Map<string, number>();
  const shares: number[][] = [];
  const patterns: number[] = [];
  const ids: number[] = [];
  const counts: number[] = [];
  m.forEach((row, u) => {
    if (unitCounts(row, index, ids, counts) < 2) return;
    pairable.push(u);
    // A pattern is the unit's multiset of values: its category indexes with their counts, sorted.
    const key = ids.map((id, x) => `${id}:${counts[x]}`).sort().join(",");
    let id = patternIds.get(key);
    if (id === undefined) {
      id = shares.length;
      patternIds.set(key, id);
      const values = row.filter((v): v is Value => v !== null && v !== undefined);
      shares.push(unitPairs(values, index).flatMap(([c, k, weight]) => [c * K + k, weight]));
    }
    patterns.push(id);
  });
  return { categories, patternOf: Int32Array.from(patterns), shares, pairable };
}

/** Intervals for several matrices over the same units, from shared draws (see above). */
export function bootstrapAlphas(
  matrices: readonly ReliabilityMatrix[],
  level: MetricLevel,
  opts: { seed: number; samples?: number; level?: number },
): (Interval | null)[] {
  const samples = opts.samples ?? 1000;
  const confidence = opts.level ?? 0.95;
  if (!Number.isInteger(samples) || samples < 1) throw new RangeError(`The bootstrap needs a positive whole number of samples; got ${samples}.`);
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`The confidence level must lie between 0 and 1; got ${confidence}.`);
  const prepared = matrices.map((m) => prepare(m, level));
  const out: (Interval | null)[] = matrices.map(() => null);
  // Matrices resampled together must have the same pairable units; others get their own stream.
  const groups = new Map<string, number[]>();
  prepared.forEach((p, i) => {
    if (!p) return;
    const key = p.pairable.join(",");
    const g = groups.get(key);
    if (g) g.push(i);
    else groups.set(key, [i]);
  });
  for (const members of groups.values()) {
    const U = prepared[members[0]!]!.pairable.length;
    // Joint pattern of each unit across the matrices: one counter per draw, whatever their number.
    const jointIds = new Map<string, number>();
    const jointOf = new Int32Array(U);
    const jointPatterns: number[][] = [];
    for (let u = 0; u < U; u++) {
      const parts = members.map((i) => prepared[i]!.patternOf[u]!);
      const key = parts.join(",");
      let id = jointIds.get(key);
      if (id === undefined) {
        id = jointPatterns.length;
        jointIds.set(key, id);
        jointPatterns.push(parts);
      }
      jointOf[u] = id;
    }
    const jointCounts = new Int32Array(jointPatterns.length);
    const rng = rngFor(opts.seed, "alpha-bootstrap");
    const alphas = members.map(() => [] as number[]);
    const counts = members.map((i) => new Int32Array(prepared[i]!.shares.length));
    for (let s = 0; s < samples; s++) {
      jointCounts.fill(0);
      for (let d = 0; d < U; d++) jointCounts[jointOf[Math.floor(rng() * U)]!]!++;
      for (const c of counts) c.fill(0);
      for (let j = 0; j < jointPatterns.length; j++) {
        const n = jointCounts[j]!;
        if (n === 0) continue;
        const parts = jointPatterns[j]!;
        for (let g = 0; g < members.length; g++) counts[g]![parts[g]!]! += n;
      }
      members.forEach((i, g) => {
        const p = prepared[i]!;
        const K = p.categories.length;
        const o = new Float64Array(K * K);
        p.shares.forEach((share, id) => {
          const n = counts[g]![id]!;
          if (n === 0) return;
          for (let j = 0; j < share.length; j += 2) o[share[j]!]! += n * share[j + 1]!;
        });
        const totals = new Array<number>(K).fill(0);
        for (let c = 0; c < K; c++) for (let k = 0; k < K; k++) totals[c]! += o[c * K + k]!;
        const alpha = alphaFromCoincidences((c, k) => o[c * K + k]!, totals, differenceFunction(level, p.categories, totals));
        if (alpha !== null) alphas[g]!.push(alpha);
      });
    }
    members.forEach((i, g) => {
      const list = alphas[g]!.sort((a, b) => a - b);
      if (list.length === 0) return;
      const quantile = (q: number) => list[Math.round(q * (list.length - 1))]!;
      out[i] = { low: quantile((1 - confidence) / 2), high: quantile((1 + confidence) / 2), level: confidence, samples, seed: opts.seed };
    });
  }
  return out;
}
