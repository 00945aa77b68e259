import { fnv1a32, mulberry32 } from "@/lib/sampling/prng";
import { krippendorffAlpha } from "./krippendorff";
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
 */
export function bootstrapAlpha(
  m: ReliabilityMatrix,
  level: MetricLevel,
  opts: { seed: number; samples?: number; level?: number },
): Interval | null {
  const samples = opts.samples ?? 1000;
  const confidence = opts.level ?? 0.95;
  // Units with fewer than two values never count, so resampling them only adds noise.
  const pairable = m.filter((row) => row.filter((v) => v !== null && v !== undefined).length >= 2);
  if (krippendorffAlpha(pairable, level).value === null) return null;
  const rng = mulberry32(fnv1a32(`${opts.seed}\u0000alpha-bootstrap`));
  const alphas: number[] = [];
  const draw = new Array<(typeof pairable)[number]>(pairable.length);
  for (let s = 0; s < samples; s++) {
    for (let i = 0; i < pairable.length; i++) draw[i] = pairable[Math.floor(rng() * pairable.length)]!;
    const alpha = krippendorffAlpha(draw, level).value;
    if (alpha !== null) alphas.push(alpha);
  }
  if (alphas.length === 0) return null;
  alphas.sort((a, b) => a - b);
  const quantile = (q: number) => alphas[Math.min(alphas.length - 1, Math.max(0, Math.round(q * (alphas.length - 1))))]!;
  return { low: quantile((1 - confidence) / 2), high: quantile((1 + confidence) / 2), level: confidence, samples, seed: opts.seed };
}
