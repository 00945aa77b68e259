/**
 * Training options with their defaults filled in, checked once at the start: a bad option fails
 * with a message naming it, instead of training for a minute and producing NaNs.
 */
import { DEFAULT_TRAIN_OPTIONS, type ResolvedTrainOptions, type TrainOptions } from "./types";

export function resolveTrainOptions(options: TrainOptions): ResolvedTrainOptions {
  const resolved: ResolvedTrainOptions = {
    seed: options.seed,
    holdoutShare: options.holdoutShare ?? DEFAULT_TRAIN_OPTIONS.holdoutShare,
    epochs: options.epochs ?? DEFAULT_TRAIN_OPTIONS.epochs,
    l2: options.l2 ?? DEFAULT_TRAIN_OPTIONS.l2,
    minDf: options.minDf ?? DEFAULT_TRAIN_OPTIONS.minDf,
    maxFeatures: options.maxFeatures ?? DEFAULT_TRAIN_OPTIONS.maxFeatures,
  };
  const problems: string[] = [];
  if (!Number.isFinite(resolved.seed)) problems.push("seed must be a finite number");
  if (!(resolved.holdoutShare >= 0 && resolved.holdoutShare < 1)) problems.push("holdoutShare must be in [0, 1)");
  if (!(Number.isInteger(resolved.epochs) && resolved.epochs >= 1)) problems.push("epochs must be an integer ≥ 1");
  if (!(resolved.l2 >= 0 && Number.isFinite(resolved.l2))) problems.push("l2 must be a finite number ≥ 0");
  if (!(Number.isInteger(resolved.minDf) && resolved.minDf >= 1)) problems.push("minDf must be an integer ≥ 1");
  if (!(Number.isInteger(resolved.maxFeatures) && resolved.maxFeatures >= 1)) problems.push("maxFeatures must be an integer ≥ 1");
  if (problems.length > 0) throw new RangeError(`trainSuggester: ${problems.join("; ")}.`);
  return resolved;
}
