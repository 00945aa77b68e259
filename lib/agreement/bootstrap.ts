import { fnv1a32, mulberry32 } from "@/lib/sampling/prng";
import { coincidenceMatrix, differenceFunction, krippendorffAlpha } from "./krippendorff";
import { unitValues, valueKey } from "./matrix";
import type { Interval, MetricLevel, ReliabilityMatrix } from "./types";

/**
 * A confidence interval for Krippendorff's α by the unit-resampling percentile bootstrap: draw
 * as many units as there are, with replacement, compute α, repeat `samples` times, and take the
 * (1 − level)/2 and (1 + level)/2 quantiles of the α values (Efron & Tibshirani 1993, ch. 13).
 *
 * It is not Hayes & Krippendorff's (2007) algorithm, which resamples pairs of values from the
 * coincidence matrix; unit resampling keeps each unit's values together, which suits units that
 * are paragraphs or sentences of the same documents. Deterministic for a seed: the stream is
 * mulberry32 seeded with FNV-1a of `${seed}\0alpha-bootstrap` (lib/sampling/prng.ts), so a reader
 * can recompute the interval from the report's parameters. Samples in which α is undefined (no
 * variation) are left out; null when α itself is undefined.
 *
 * Each unit's share of the coincidence matrix is computed once; a resample only adds up the
 * shares of the units it drew, so a thousand resamples of ten thousand units take milliseconds.
 */
export function bootstrapAlpha(
  m: ReliabilityMatrix,
  level: MetricLevel,
  opts: { seed: number; samples?: number; level?: number },
): Interval | null {
  const samples = opts.samples ?? 1000;
  const confidence = opts.level ?? 0.95;
  const { categories } = coincidenceMatrix(m, level);
  if (krippendorffAlpha(m, level).value === null) return null;
  const K = categories.length;
  const index = new Map(categories.map((v, i) => [valueKey(v), i]));
  // Units with fewer than two values never count, so resampling them would only add noise.
  const shares = unitValues(m)
    .filter((row) => row.length >= 2)
    .map((row) => {
      const counts = new Map<number, number>();
      for (const v of row) counts.set(index.get(valueKey(v))!, (counts.get(index.get(valueKey(v))!) ?? 0) + 1);
      const cells: number[] = [];
      for (const [c, nc] of counts) for (const [k, nk] of counts) cells.push(c * K + k, ((c === k ? nc * (nc - 1) : nc * nk) / (row.length - 1)));
      return cells;
    });
  const rng = mulberry32(fnv1a32(`${opts.seed}\u0000alpha-bootstrap`));
  const o = new Float64Array(K * K);
  const totals = new Array<number>(K);
  const alphas: number[] = [];
  for (let s = 0; s < samples; s++) {
    o.fill(0);
    for (let i = 0; i < shares.length; i++) {
      const cells = shares[Math.floor(rng() * shares.length)]!;
      for (let j = 0; j < cells.length; j += 2) o[cells[j]!]! += cells[j + 1]!;
    }
    for (let c = 0; c < K; c++) {
      let t = 0;
      for (let k = 0; k < K; k++) t += o[c * K + k]!;
      totals[c] = t;
    }
    const n = totals.reduce((a, b) => a + b, 0);
    const delta = differenceFunction(level, categories, totals);
    let observed = 0;
    let expected = 0;
    for (let c = 0; c < K; c++) {
      for (let k = 0; k < K; k++) {
        if (c === k) continue;
        const d = delta(c, k);
        observed += o[c * K + k]! * d;
        expected += totals[c]! * totals[k]! * d;
      }
    }
    if (expected > 0) alphas.push(1 - ((n - 1) * observed) / expected);
  }
  if (alphas.length === 0) return null;
  alphas.sort((a, b) => a - b);
  const quantile = (q: number) => alphas[Math.min(alphas.length - 1, Math.max(0, Math.round(q * (alphas.length - 1))))]!;
  return { low: quantile((1 - confidence) / 2), high: quantile((1 + confidence) / 2), level: confidence, samples, seed: opts.seed };
}
