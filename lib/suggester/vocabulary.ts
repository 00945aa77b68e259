/**
 * Term counting and vocabulary selection.
 *
 * Every unit is tokenized once: its terms are interned into one table of all terms seen (so the
 * evaluation model and the final model share the tokenizing work) and stored as sorted
 * (term id, count) pairs in flat typed arrays. The table itself is only a dictionary: which terms
 * become features, and their idf, is decided from the document frequencies of the units a model is
 * trained on, so the held-out side never leaks into the evaluation model's vocabulary.
 *
 * Selection: terms in at least `minDf` units; if more than `maxFeatures`, those in the most units,
 * ties broken by term in code-unit order (the same in every runtime and locale). The kept terms are
 * then sorted by term, which fixes feature ids independently of how frequencies tied.
 *
 * Idf is the smoothed form ln((1 + n) / (1 + df)) + 1, n = number of training units (as in
 * scikit-learn's TfidfVectorizer), so a term in every unit still weighs 1 and none weighs 0.
 */
import { compareIds } from "@/lib/sampling/prng";
import { PairTable } from "./pair-table";
import { BIGRAM_JOINER, STOP_WORDS, tokenize } from "./tokenize";

/** All units' terms: unit u has pairs offsets[u] ≤ k < offsets[u+1] of (termIds[k], counts[k]), termIds ascending. */
export type UnitTerms = {
  terms: string[];
  offsets: Int32Array;
  termIds: Int32Array;
  counts: Int32Array;
};

/**
 * Tokenizes texts one at a time (so a caller can yield between chunks), then `finish()`.
 * The terms are those of `featureTerms`, but interned through token ids: a bigram is looked up by
 * its pair of token ids (`PairTable`), and its string is built once, the first time it is seen.
 */
export function createUnitTermsBuilder(expectedUnits = 0) {
  const tokenIdOf = new Map<string, number>();
  const tokens: string[] = [];
  const unigramTerm: number[] = []; // token id → term id, −1 for stop words
  const bigramTermOf = new PairTable(expectedUnits * 8);
  const terms: string[] = [];
  const offsets: number[] = [0];
  let termIds: Int32Array = new Int32Array(Math.max(1024, expectedUnits * 32));
  let counts: Int32Array = new Int32Array(termIds.length);
  let size = 0;
  let unitIds = new Int32Array(256);
  let unitTokens = new Int32Array(256);

  const tokenId = (token: string): number => {
    let id = tokenIdOf.get(token);
    if (id === undefined) {
      id = tokens.length;
      tokenIdOf.set(token, id);
      tokens.push(token);
      const stop = STOP_WORDS.has(token);
      unigramTerm.push(stop ? -1 : terms.push(token) - 1);
    }
    return id;
  };

  return {
    add(text: string): void {
      const words = tokenize(text);
      if (words.length * 2 > unitIds.length) {
        unitIds = new Int32Array(words.length * 2);
        unitTokens = new Int32Array(words.length);
      }
      let length = 0;
      for (let i = 0; i < words.length; i++) {
        const id = tokenId(words[i]!);
        unitTokens[i] = id;
        const unigram = unigramTerm[id]!;
        if (unigram >= 0) unitIds[length++] = unigram;
      }
      for (let i = 1; i < words.length; i++) {
        let bigram = bigramTermOf.get(unitTokens[i - 1]!, unitTokens[i]!);
        if (bigram < 0) {
          bigram = terms.push(words[i - 1]! + BIGRAM_JOINER + words[i]!) - 1;
          bigramTermOf.insert(unitTokens[i - 1]!, unitTokens[i]!, bigram);
        }
        unitIds[length++] = bigram;
      }
      const sorted = unitIds.subarray(0, length).sort();
      if (size + length > termIds.length) {
        const capacity = Math.max(termIds.length * 2, size + length);
        termIds = grow(termIds, capacity);
        counts = grow(counts, capacity);
      }
      for (let i = 0; i < length; ) {
        let j = i + 1;
        while (j < length && sorted[j] === sorted[i]) j++;
        termIds[size] = sorted[i]!;
        counts[size] = j - i;
        size++;
        i = j;
      }
      offsets.push(size);
    },
    finish(): UnitTerms {
      return { terms, offsets: Int32Array.from(offsets), termIds: termIds.slice(0, size), counts: counts.slice(0, size) };
    },
  };
}

/** Tokenizes every text once. */
export function countUnitTerms(texts: readonly string[]): UnitTerms {
  const builder = createUnitTermsBuilder(texts.length);
  for (const text of texts) builder.add(text);
  return builder.finish();
}

function grow(array: Int32Array, capacity: number): Int32Array {
  const bigger = new Int32Array(capacity);
  bigger.set(array);
  return bigger;
}

export type Vocabulary = {
  /** Feature terms sorted by term; index = feature id. */
  terms: string[];
  idf: Float32Array;
  /** Term-table id → feature id, or −1 when the term is not a feature. */
  featureOfTerm: Int32Array;
};

/** The vocabulary and idf learnt from the units `unitIndices` (and only those). */
export function selectVocabulary(
  unitTerms: UnitTerms,
  unitIndices: readonly number[],
  options: { minDf: number; maxFeatures: number },
): Vocabulary {
  const df = new Int32Array(unitTerms.terms.length);
  for (const u of unitIndices) {
    for (let k = unitTerms.offsets[u]!; k < unitTerms.offsets[u + 1]!; k++) df[unitTerms.termIds[k]!]!++;
  }
  const candidates: number[] = [];
  for (let id = 0; id < df.length; id++) if (df[id]! >= options.minDf) candidates.push(id);
  const { terms } = unitTerms;
  if (candidates.length > options.maxFeatures) {
    candidates.sort((a, b) => df[b]! - df[a]! || compareIds(terms[a]!, terms[b]!));
    candidates.length = options.maxFeatures;
  }
  candidates.sort((a, b) => compareIds(terms[a]!, terms[b]!));
  const featureOfTerm = new Int32Array(terms.length).fill(-1);
  const idf = new Float32Array(candidates.length);
  const n = unitIndices.length;
  candidates.forEach((id, feature) => {
    featureOfTerm[id] = feature;
    idf[feature] = Math.log((1 + n) / (1 + df[id]!)) + 1;
  });
  return { terms: candidates.map((id) => terms[id]!), idf, featureOfTerm };
}
