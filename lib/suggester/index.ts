/**
 * The local suggester coder: TF-IDF features and one logistic-regression classifier per code,
 * trained on the project's own human codings, proposing codes for uncoded sentences with a
 * confidence. Pure: data in, data out; no I/O, no outside service, no downloaded weights.
 */
export { trainSuggester } from "./train";
export { proposeCodes, scoreUnit } from "./score";
export { deserializeModel, serializeModel } from "./serialize";
export { featureTerms, normalizeForFeatures, textFeatures, tokenize } from "./tokenize";
export { DEFAULT_TRAIN_OPTIONS } from "./types";
export type {
  CodeEvaluation,
  CodeScore,
  Evaluation,
  Metrics,
  ResolvedTrainOptions,
  SuggesterCode,
  SuggesterModel,
  TrainingUnit,
  TrainOptions,
} from "./types";
