/**
 * `trainSuggester`: from the project's human codings to a model that proposes codes for uncoded
 * sentences, plus an honest estimate of how good its proposals are.
 *
 * 1. Units are put in a canonical order (document, start, end, text), so the same units in any load
 *    order give the same model, byte for byte.
 * 2. Every text is tokenized once (`vocabulary.ts`).
 * 3. Evaluation: whole documents are held out (`split.ts`); a model is trained on the rest — its
 *    vocabulary, idf, weights and thresholds all from the training side only — and compared with
 *    the human codes on the held-out documents, next to the most-frequent-code baseline
 *    (`evaluate.ts`).
 * 4. The model returned is trained again on ALL units with the same options: the evaluation
 *    estimates how a model trained this way does on new documents; the final one has simply seen
 *    more. (Its thresholds are chosen on all units the same way.)
 */
import { compareIds } from "@/lib/sampling/prng";
import { evaluate } from "./evaluate";
import { trainLogistic } from "./logistic";
import { resolveTrainOptions } from "./options";
import { rowProbabilities } from "./score";
import { splitDocuments } from "./split";
import { chooseThreshold, DEFAULT_THRESHOLD } from "./threshold";
import type { Evaluation, ResolvedTrainOptions, SuggesterModel, TrainingUnit, TrainOptions } from "./types";
import { vectorizeUnits, type SparseRows } from "./vectorize";
import { createUnitTermsBuilder, selectVocabulary, type UnitTerms, type Vocabulary } from "./vocabulary";

type Progress = (share: number, stage: string) => Promise<void>;

/** Evaluates on a seeded held-out split of documents, then trains the final model on ALL units. */
export async function trainSuggester(
  units: readonly TrainingUnit[],
  codeIds: readonly string[],
  options: TrainOptions,
): Promise<{ model: SuggesterModel; evaluation: Evaluation }> {
  const resolved = resolveTrainOptions(options);
  if (units.length === 0) {
    throw new Error("trainSuggester: no training units. The suggester learns from sentences human coders have coded; code some passages first.");
  }
  const codes = [...new Set(codeIds)];
  if (codes.length === 0) throw new Error("trainSuggester: no codes to learn. Pass the ids of the codebook's codes.");
  const report: Progress = async (share, stage) => {
    await options.onProgress?.(Math.min(1, Math.max(0, share)), stage);
  };

  const ordered = [...units].sort(compareUnits);
  const labels = labelMatrix(ordered, codes);
  const builder = createUnitTermsBuilder(ordered.length);
  const tokenizeChunk = Math.max(1, Math.ceil(ordered.length / 10));
  await report(0, "tokenizing");
  for (let u = 0; u < ordered.length; u++) {
    builder.add(ordered[u]!.text);
    if ((u + 1) % tokenizeChunk === 0) await report((0.1 * (u + 1)) / ordered.length, "tokenizing");
  }
  const unitTerms = builder.finish();

  const split = splitDocuments(
    ordered.map((unit) => unit.documentId),
    resolved.holdoutShare,
    resolved.seed,
  );
  const trainIndices: number[] = [];
  const heldOutIndices: number[] = [];
  ordered.forEach((unit, u) => (split.heldOut.has(unit.documentId) ? heldOutIndices : trainIndices).push(u));
  const notes = split.note ? [split.note] : [];

  let evaluation: Evaluation;
  const finalFrom = heldOutIndices.length > 0 ? 0.55 : 0.1;
  if (heldOutIndices.length > 0) {
    const fitted = await fitModel(unitTerms, trainIndices, labels, codes, resolved, "suggester:evaluation", (share) =>
      report(0.1 + 0.4 * share, "training the evaluation model"),
    );
    await report(0.5, "evaluating on held-out documents");
    const heldOut = vectorizeUnits(unitTerms, heldOutIndices, fitted.vocabulary);
    if (fitted.positives.every((count) => count === 0)) notes.push("No code has a positive unit in the training documents: nothing can be learnt yet.");
    evaluation = evaluate({
      seed: resolved.seed,
      model: fitted.model,
      codeIds: codes,
      trainPositives: fitted.positives,
      heldOut,
      heldOutLabels: labelsOf(labels, heldOutIndices, codes.length),
      trainUnits: trainIndices.length,
      trainDocuments: split.training.size,
      heldOutDocumentIds: [...split.heldOut].sort(compareIds),
      notes,
    });
  } else {
    evaluation = evaluate({
      seed: resolved.seed,
      model: null,
      codeIds: codes,
      trainPositives: countPositives(labels, trainIndices, codes.length),
      heldOut: { offsets: new Int32Array(1), indices: new Int32Array(0), values: new Float32Array(0) },
      heldOutLabels: new Uint8Array(0),
      trainUnits: trainIndices.length,
      trainDocuments: split.training.size,
      heldOutDocumentIds: [],
      notes,
    });
  }

  const allIndices = ordered.map((_, u) => u);
  const final = await fitModel(unitTerms, allIndices, labels, codes, resolved, "suggester:final", (share) =>
    report(finalFrom + (1 - finalFrom) * share, "training the final model"),
  );
  await report(1, "done");
  return { model: final.model, evaluation };
}

/** Vocabulary, vectors, classifiers and thresholds from the units `indices` only. */
async function fitModel(
  unitTerms: UnitTerms,
  indices: readonly number[],
  labels: Uint8Array,
  codes: readonly string[],
  options: ResolvedTrainOptions,
  streamLabel: string,
  onProgress: (share: number) => Promise<void>,
): Promise<{ model: SuggesterModel; vocabulary: Vocabulary; positives: Int32Array }> {
  const vocabulary = selectVocabulary(unitTerms, indices, options);
  const rows = vectorizeUnits(unitTerms, indices, vocabulary);
  const rowLabels = labelsOf(labels, indices, codes.length);
  const trained = await trainLogistic({
    rows,
    featureCount: vocabulary.terms.length,
    codeCount: codes.length,
    labels: rowLabels,
    epochs: options.epochs,
    l2: options.l2,
    seed: options.seed,
    streamLabel,
    onProgress: (share) => onProgress(0.95 * share),
  });
  const modelCodes = codes.map((codeId, c) => {
    const weights = trained.weights[c]!;
    const bias = trained.biases[c]!;
    // An untrained code (no positives) keeps weights 0 and bias UNTRAINED_BIAS: it never reaches 0.5.
    const threshold = trained.positives[c] === 0 ? DEFAULT_THRESHOLD : thresholdFor({ weights, bias }, rows, rowLabels, c, codes.length);
    return { codeId, weights, bias, threshold };
  });
  await onProgress(1);
  return {
    model: { version: 1, vocabulary: vocabulary.terms, idf: vocabulary.idf, codes: modelCodes, options: { ...options } },
    vocabulary,
    positives: trained.positives,
  };
}

function thresholdFor(code: { weights: Float32Array; bias: number }, rows: SparseRows, labels: Uint8Array, c: number, codeCount: number): number {
  return chooseThreshold(rowProbabilities(code, rows), (r) => labels[r * codeCount + c] === 1);
}

function compareUnits(a: TrainingUnit, b: TrainingUnit): number {
  return (
    compareIds(a.documentId, b.documentId) ||
    a.start - b.start ||
    a.end - b.end ||
    compareIds(a.text, b.text) ||
    compareIds([...a.codeIds].sort(compareIds).join("\u0000"), [...b.codeIds].sort(compareIds).join("\u0000"))
  );
}

/** units × codes, row-major, 1 where the unit carries the code; codes outside `codes` are ignored. */
function labelMatrix(units: readonly TrainingUnit[], codes: readonly string[]): Uint8Array {
  const index = new Map(codes.map((codeId, c) => [codeId, c]));
  const labels = new Uint8Array(units.length * codes.length);
  units.forEach((unit, u) => {
    for (const codeId of unit.codeIds) {
      const c = index.get(codeId);
      if (c !== undefined) labels[u * codes.length + c] = 1;
    }
  });
  return labels;
}

function labelsOf(labels: Uint8Array, indices: readonly number[], codeCount: number): Uint8Array {
  const out = new Uint8Array(indices.length * codeCount);
  indices.forEach((u, row) => out.set(labels.subarray(u * codeCount, (u + 1) * codeCount), row * codeCount));
  return out;
}

function countPositives(labels: Uint8Array, indices: readonly number[], codeCount: number): Int32Array {
  const positives = new Int32Array(codeCount);
  for (const u of indices) for (let c = 0; c < codeCount; c++) positives[c]! += labels[u * codeCount + c]!;
  return positives;
}
