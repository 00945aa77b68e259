/**
 * The shapes the suggester takes and returns, in one place so that the trainer, the scorer, the
 * serializer and their callers (the training job, the suggestion panel) agree on them.
 *
 * A "unit" is what the suggester proposes codes for: a sentence, or a paragraph when a document
 * has no sentences. Its `codeIds` are the codes human coders gave it — any coding of that code
 * overlapping the unit, the same rule `lib/agreement` uses for segment units.
 */

export type TrainingUnit = {
  documentId: string;
  start: number;
  end: number;
  text: string;
  codeIds: readonly string[];
};

export type TrainOptions = {
  /** Everything random (the held-out split, the per-epoch shuffles) derives from it. */
  seed: number;
  /** Share of DOCUMENTS (not units) held out for evaluation, so one document's sentences never sit on both sides. */
  holdoutShare?: number;
  /** Passes of stochastic gradient descent over the training units. */
  epochs?: number;
  /** L2 penalty λ on the weights (the objective is mean weighted log-loss + λ/2 · ‖w‖²). */
  l2?: number;
  /** A term must occur in at least this many training units to become a feature. */
  minDf?: number;
  /** Cap on the vocabulary: the terms in most units are kept, ties broken by term. */
  maxFeatures?: number;
  /**
   * Called now and then (a few hundred times at most) with the share done (0..1) and a short stage
   * label. It is awaited, so the caller can yield to the event loop and store progress.
   */
  onProgress?: (share: number, stage: string) => void | Promise<void>;
};

export type ResolvedTrainOptions = Required<Omit<TrainOptions, "onProgress">>;

export const DEFAULT_TRAIN_OPTIONS: Omit<ResolvedTrainOptions, "seed"> = {
  holdoutShare: 0.2,
  epochs: 5,
  l2: 1e-5,
  minDf: 2,
  maxFeatures: 50_000,
};

export type Metrics = {
  precision: number | null;
  recall: number | null;
  f1: number | null;
  kappa: number | null;
};

export type CodeEvaluation = Metrics & {
  codeId: string;
  /** Held-out units humans gave this code. */
  support: number;
  /** Held-out units the model proposed it for. */
  predicted: number;
  /** Training-side units humans gave this code (what the evaluation model learnt from). */
  trainSupport: number;
  /** The "always propose the most frequent code" baseline, same metrics over the same units. */
  baseline: Metrics;
};

export type Evaluation = {
  seed: number;
  trainUnits: number;
  heldOutUnits: number;
  trainDocuments: number;
  heldOutDocuments: number;
  /** Which documents were held out (sorted), so a reviewer can see what the numbers rest on. */
  heldOutDocumentIds: string[];
  /** The code with the most positive training units (ties: smallest id); null when no code has any. */
  mostFrequentCodeId: string | null;
  perCode: CodeEvaluation[];
  /** Model, pooled over codes: 2·TP / (2·TP + FP + FN). */
  microF1: number | null;
  /** Baseline, pooled over codes. */
  baselineMicroF1: number | null;
  /** Plain-language remarks on what limits this evaluation (too few documents, nothing held out, …). */
  notes: string[];
};

export type SuggesterCode = {
  codeId: string;
  /** One weight per vocabulary feature. */
  weights: Float32Array;
  bias: number;
  /** Proposed when the probability is at or above it. */
  threshold: number;
};

export type SuggesterModel = {
  version: 1;
  /** Feature terms (a unigram, or two tokens joined by one space), index = feature id, sorted. */
  vocabulary: string[];
  idf: Float32Array;
  codes: SuggesterCode[];
  options: ResolvedTrainOptions;
};

export type CodeScore = { codeId: string; confidence: number };
