/**
 * Each code's proposal threshold, chosen on the training units.
 *
 * The classifiers are class-weighted, so 0.5 is not the cut that balances precision and recall,
 * and the right cut differs by code. We take the cut that maximises F1 over the training
 * predictions (midway between the last probability proposed and the next one below, so it does not
 * sit on a training score), then clamp it to [0.2, 0.8]: training scores are optimistic (the model
 * has seen these units), and the clamp keeps a cut learnt from them from going to extremes that
 * would not carry over to new sentences. With fewer than 5 positive training units F1 over them
 * says too little, and the threshold is 0.5.
 */

export const MIN_POSITIVES_FOR_TUNING = 5;
export const THRESHOLD_RANGE = [0.2, 0.8] as const;
export const DEFAULT_THRESHOLD = 0.5;

/** `probabilities[i]` is the model's score of unit i, `isPositive(i)` the human label. */
export function chooseThreshold(probabilities: Float64Array, isPositive: (i: number) => boolean): number {
  const n = probabilities.length;
  let positives = 0;
  for (let i = 0; i < n; i++) if (isPositive(i)) positives++;
  if (positives < MIN_POSITIVES_FOR_TUNING) return DEFAULT_THRESHOLD;

  // Positive and negative scores apart, each sorted ascending (typed-array sort: numeric and
  // fast), then swept together from the top: the cut moves down one distinct score at a time.
  const positiveScores = new Float64Array(positives);
  const negativeScores = new Float64Array(n - positives);
  for (let i = 0, p = 0, q = 0; i < n; i++) {
    if (isPositive(i)) positiveScores[p++] = probabilities[i]!;
    else negativeScores[q++] = probabilities[i]!;
  }
  positiveScores.sort();
  negativeScores.sort();
  let p = positiveScores.length - 1;
  let q = negativeScores.length - 1;
  let truePositives = 0;
  let falsePositives = 0;
  let bestF1 = -1;
  let bestCut = DEFAULT_THRESHOLD;
  while (p >= 0 || q >= 0) {
    const score = Math.max(p >= 0 ? positiveScores[p]! : -Infinity, q >= 0 ? negativeScores[q]! : -Infinity);
    // Everything scoring the same is proposed together.
    while (p >= 0 && positiveScores[p] === score) truePositives++, p--;
    while (q >= 0 && negativeScores[q] === score) falsePositives++, q--;
    const f1 = (2 * truePositives) / (2 * truePositives + falsePositives + (positives - truePositives));
    if (f1 > bestF1) {
      bestF1 = f1;
      const next = Math.max(p >= 0 ? positiveScores[p]! : 0, q >= 0 ? negativeScores[q]! : 0);
      bestCut = (score + next) / 2;
    }
  }
  return Math.min(THRESHOLD_RANGE[1], Math.max(THRESHOLD_RANGE[0], bestCut));
}
