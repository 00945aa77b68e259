/**
 * TF-IDF vectors: what the classifier sees of a unit.
 *
 * Each feature present weighs (1 + ln tf) · idf — sublinear tf, so a term repeated five times in a
 * sentence does not count five times as much — and the vector is scaled to unit L2 length, so long
 * and short sentences score on the same scale. Vectors are sparse: feature ids ascending in an
 * Int32Array, their values in a Float32Array.
 *
 * Training (from the interned unit terms) and suggestion (from raw text) both end in
 * `writeTfidf`, with the features in the same ascending order, so the same text gets bit-identical
 * values on both paths and a held-out score equals what `scoreUnit` later returns.
 */
import { textFeatures } from "./tokenize";
import type { UnitTerms, Vocabulary } from "./vocabulary";

export type SparseVector = { indices: Int32Array; values: Float32Array };

/** Rows of sparse vectors, row r at offsets[r] ≤ k < offsets[r+1]. */
export type SparseRows = { offsets: Int32Array; indices: Int32Array; values: Float32Array };

/**
 * Writes the L2-normalised tf-idf values of `length` features (ascending, distinct) with their
 * counts into `out` from `at`. A vector with no features stays empty.
 */
export function writeTfidf(
  features: Int32Array,
  counts: Int32Array,
  length: number,
  idf: Float32Array,
  out: Float32Array,
  at: number,
): void {
  let squares = 0;
  for (let k = 0; k < length; k++) {
    const raw = (1 + Math.log(counts[k]!)) * idf[features[k]!]!;
    squares += raw * raw;
  }
  const norm = Math.sqrt(squares);
  for (let k = 0; k < length; k++) {
    out[at + k] = norm > 0 ? ((1 + Math.log(counts[k]!)) * idf[features[k]!]!) / norm : 0;
  }
}

/** The tf-idf rows of the units `unitIndices`, in that order, over `vocabulary`. */
export function vectorizeUnits(unitTerms: UnitTerms, unitIndices: readonly number[], vocabulary: Vocabulary): SparseRows {
  const { featureOfTerm, idf } = vocabulary;
  const offsets = new Int32Array(unitIndices.length + 1);
  let total = 0;
  unitIndices.forEach((u, row) => {
    for (let k = unitTerms.offsets[u]!; k < unitTerms.offsets[u + 1]!; k++) if (featureOfTerm[unitTerms.termIds[k]!]! >= 0) total++;
    offsets[row + 1] = total;
  });
  const indices = new Int32Array(total);
  const values = new Float32Array(total);
  const countOfFeature = new Int32Array(idf.length);
  const counts = new Int32Array(Math.max(1, maxRowLength(offsets)));
  unitIndices.forEach((u, row) => {
    const start = offsets[row]!;
    let length = 0;
    for (let k = unitTerms.offsets[u]!; k < unitTerms.offsets[u + 1]!; k++) {
      const feature = featureOfTerm[unitTerms.termIds[k]!]!;
      if (feature < 0) continue;
      indices[start + length++] = feature;
      countOfFeature[feature] = unitTerms.counts[k]!;
    }
    const features = indices.subarray(start, start + length).sort();
    for (let k = 0; k < length; k++) counts[k] = countOfFeature[features[k]!]!;
    writeTfidf(features, counts, length, idf, values, start);
  });
  return { offsets, indices, values };
}

function maxRowLength(offsets: Int32Array): number {
  let max = 0;
  for (let r = 1; r < offsets.length; r++) max = Math.max(max, offsets[r]! - offsets[r - 1]!);
  return max;
}

/** The tf-idf vector of a raw text over a vocabulary given as term → feature id. */
export function vectorizeText(text: string, featureOf: ReadonlyMap<string, number>, idf: Float32Array): SparseVector {
  const countOf = new Map<number, number>();
  for (const term of textFeatures(text)) {
    const feature = featureOf.get(term);
    if (feature !== undefined) countOf.set(feature, (countOf.get(feature) ?? 0) + 1);
  }
  const indices = Int32Array.from(countOf.keys()).sort();
  const counts = new Int32Array(indices.length);
  indices.forEach((feature, k) => (counts[k] = countOf.get(feature)!));
  const values = new Float32Array(indices.length);
  writeTfidf(indices, counts, indices.length, idf, values, 0);
  return { indices, values };
}

/** Row r of `rows` as a vector (views, no copy). */
export function rowOf(rows: SparseRows, r: number): SparseVector {
  const from = rows.offsets[r]!;
  const to = rows.offsets[r + 1]!;
  return { indices: rows.indices.subarray(from, to), values: rows.values.subarray(from, to) };
}
