import { describe, expect, it } from "vitest";
import { syntheticUnits } from "./bench-data";
import { PairTable } from "./pair-table";
import { textFeatures } from "./tokenize";
import { rowOf, vectorizeText, vectorizeUnits } from "./vectorize";
import { countUnitTerms, selectVocabulary } from "./vocabulary";

const texts = [
  "The commission demanded reforms and threatened sanctions.",
  "Sanctions were threatened again.",
  "The government rejected interference in its internal affairs.",
  "Internal affairs are ours, the government said.",
  "A trade deal and aid were offered.",
  "",
];
const all = texts.map((_, u) => u);

function l2(values: Float32Array): number {
  return Math.sqrt(values.reduce((sum, v) => sum + v * v, 0));
}

describe("countUnitTerms", () => {
  it("counts exactly the feature terms of each text", () => {
    const unitTerms = countUnitTerms(texts);
    texts.forEach((text, u) => {
      const counted = new Map<string, number>();
      for (let k = unitTerms.offsets[u]!; k < unitTerms.offsets[u + 1]!; k++) counted.set(unitTerms.terms[unitTerms.termIds[k]!]!, unitTerms.counts[k]!);
      const expected = new Map<string, number>();
      for (const term of textFeatures(text)) expected.set(term, (expected.get(term) ?? 0) + 1);
      expect(counted).toEqual(expected);
    });
  });
});

describe("selectVocabulary", () => {
  const unitTerms = countUnitTerms(texts);

  it("keeps terms in at least minDf units, sorted by term, with smoothed idf", () => {
    const vocabulary = selectVocabulary(unitTerms, all, { minDf: 2, maxFeatures: 1000 });
    expect(vocabulary.terms).toEqual(["affairs", "government", "internal", "internal affairs", "sanctions", "the government", "threatened"]);
    const n = texts.length;
    // "government" is in 2 of 6 units: ln(7/3) + 1.
    expect(vocabulary.idf[vocabulary.terms.indexOf("government")]).toBeCloseTo(Math.log((1 + n) / 3) + 1, 6);
  });

  it("caps by document frequency, breaking ties by term, deterministically", () => {
    const capped = selectVocabulary(unitTerms, all, { minDf: 1, maxFeatures: 3 });
    // df 2 terms, first three by term: "affairs", "government", "internal".
    expect(capped.terms).toEqual(["affairs", "government", "internal"]);
    const reversed = countUnitTerms([...texts].reverse());
    expect(selectVocabulary(reversed, all, { minDf: 1, maxFeatures: 3 }).terms).toEqual(capped.terms);
    expect(selectVocabulary(reversed, all, { minDf: 2, maxFeatures: 1000 }).terms).toEqual(selectVocabulary(unitTerms, all, { minDf: 2, maxFeatures: 1000 }).terms);
  });

  it("learns only from the units it is given (no leakage from held-out ones)", () => {
    const vocabulary = selectVocabulary(unitTerms, [0, 1], { minDf: 1, maxFeatures: 1000 });
    expect(vocabulary.terms).toContain("sanctions");
    expect(vocabulary.terms).not.toContain("interference");
    expect(vocabulary.featureOfTerm[unitTerms.terms.indexOf("interference")]).toBe(-1);
  });
});

describe("tf-idf vectors", () => {
  const unitTerms = countUnitTerms(texts);
  const vocabulary = selectVocabulary(unitTerms, all, { minDf: 1, maxFeatures: 1000 });
  const rows = vectorizeUnits(unitTerms, all, vocabulary);
  const featureOf = new Map(vocabulary.terms.map((term, f) => [term, f]));

  it("are L2-normalised, with ascending feature ids; an empty text gives an empty vector", () => {
    texts.forEach((text, u) => {
      const { indices, values } = rowOf(rows, u);
      if (text === "") {
        expect(indices.length).toBe(0);
        return;
      }
      expect(l2(values)).toBeCloseTo(1, 6);
      for (let k = 1; k < indices.length; k++) expect(indices[k]!).toBeGreaterThan(indices[k - 1]!);
    });
  });

  it("are bit-identical whether built for training or from raw text", () => {
    texts.forEach((text, u) => {
      const fromText = vectorizeText(text, featureOf, vocabulary.idf);
      const row = rowOf(rows, u);
      expect(fromText.indices).toEqual(row.indices);
      expect(fromText.values).toEqual(row.values);
    });
  });

  it("use sublinear tf: a term three times weighs 1 + ln 3 times its idf, not 3 times", () => {
    const idf = new Float32Array([2, 1]);
    const { values } = vectorizeText("aid aid aid deal", new Map([["aid", 0], ["deal", 1]]), idf);
    expect(values[0]! / values[1]!).toBeCloseTo(((1 + Math.log(3)) * 2) / 1, 5);
  });

  it("ignore terms outside the vocabulary", () => {
    expect(vectorizeText("entirely unknown words", featureOf, vocabulary.idf).indices.length).toBe(0);
  });
});

describe("PairTable", () => {
  it("stores and finds many pairs across resizes", () => {
    const table = new PairTable(4);
    for (let a = 0; a < 300; a++) for (let b = 0; b < 30; b++) table.insert(a, b, a * 30 + b);
    expect(table.size).toBe(9000);
    for (let a = 0; a < 300; a += 7) for (let b = 0; b < 30; b += 3) expect(table.get(a, b)).toBe(a * 30 + b);
    expect(table.get(300, 0)).toBe(-1);
    expect(table.get(0, 30)).toBe(-1);
  });
});

describe("on a synthetic project", () => {
  it("gives the same vocabulary for the same units in any order", () => {
    const units = syntheticUnits({ documents: 10, sentencesPerDocument: 20, codes: 5, seed: 3 });
    const forward = countUnitTerms(units.map((u) => u.text));
    const backward = countUnitTerms(units.map((u) => u.text).reverse());
    const indices = units.map((_, u) => u);
    const a = selectVocabulary(forward, indices, { minDf: 2, maxFeatures: 500 });
    const b = selectVocabulary(backward, indices, { minDf: 2, maxFeatures: 500 });
    expect(a.terms.length).toBe(500);
    expect(b.terms).toEqual(a.terms);
    expect(b.idf).toEqual(a.idf);
  });
});
