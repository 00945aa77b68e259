/**
 * Suggestion time: a trained model and a sentence → each code's probability, and the codes to
 * propose (those at or above their own threshold; see `threshold.ts` for how it is chosen).
 *
 * The probability is the logistic σ(w·x + b) of the code's classifier on the unit's tf-idf
 * vector. The evaluation scores held-out units with `rowProbabilities`, which takes the same sum in
 * the same order, so the reported precision and recall are those of exactly these functions.
 */
import { compareIds } from "@/lib/sampling/prng";
import type { CodeScore, SuggesterCode, SuggesterModel } from "./types";
import { vectorizeText, type SparseRows, type SparseVector } from "./vectorize";

/** σ(z) = 1 / (1 + e^−z), in the form that cannot overflow for large |z|. */
export function sigmoid(z: number): number {
  const e = Math.exp(-Math.abs(z));
  return z >= 0 ? 1 / (1 + e) : e / (1 + e);
}

/** σ(w·x + b), the sum taken in ascending feature order (`rowProbabilities` does the same sum). */
export function codeProbability(code: Pick<SuggesterCode, "weights" | "bias">, vector: SparseVector): number {
  const { indices, values } = vector;
  const { weights } = code;
  let dot = 0;
  for (let k = 0; k < indices.length; k++) dot += values[k]! * weights[indices[k]!]!;
  return sigmoid(dot + code.bias);
}

/** `codeProbability` of every row, without building a vector object per row. */
export function rowProbabilities(code: Pick<SuggesterCode, "weights" | "bias">, rows: SparseRows): Float64Array {
  const { offsets, indices, values } = rows;
  const { weights } = code;
  const out = new Float64Array(offsets.length - 1);
  for (let r = 0; r < out.length; r++) {
    let dot = 0;
    for (let k = offsets[r]!; k < offsets[r + 1]!; k++) dot += values[k]! * weights[indices[k]!]!;
    out[r] = sigmoid(dot + code.bias);
  }
  return out;
}

// Term → feature id per vocabulary, built once per loaded model rather than once per sentence.
const featureMaps = new WeakMap<readonly string[], Map<string, number>>();

export function featureMapOf(model: SuggesterModel): ReadonlyMap<string, number> {
  let map = featureMaps.get(model.vocabulary);
  if (!map) {
    map = new Map(model.vocabulary.map((term, feature) => [term, feature]));
    featureMaps.set(model.vocabulary, map);
  }
  return map;
}

/** The unit's tf-idf vector under the model's vocabulary. */
export function vectorizeForModel(model: SuggesterModel, text: string): SparseVector {
  return vectorizeText(text, featureMapOf(model), model.idf);
}

function byConfidence(a: CodeScore, b: CodeScore): number {
  return b.confidence - a.confidence || compareIds(a.codeId, b.codeId);
}

/** Every code with its probability (0..1), highest first (ties: by code id). */
export function scoreUnit(model: SuggesterModel, text: string): CodeScore[] {
  const vector = vectorizeForModel(model, text);
  return model.codes.map((code) => ({ codeId: code.codeId, confidence: codeProbability(code, vector) })).sort(byConfidence);
}

/** The codes proposed for a unit: those at or above their threshold, highest first. */
export function proposeCodes(model: SuggesterModel, text: string): CodeScore[] {
  const vector = vectorizeForModel(model, text);
  const proposed: CodeScore[] = [];
  for (const code of model.codes) {
    const confidence = codeProbability(code, vector);
    if (confidence >= code.threshold) proposed.push({ codeId: code.codeId, confidence });
  }
  return proposed.sort(byConfidence);
}
