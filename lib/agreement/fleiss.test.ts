import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fleissKappa } from "./fleiss";
import { ARTSTEIN_POESIO, FLEISS_1971_DIAGNOSES, fromCategoryCounts, WIKIPEDIA_FLEISS_COUNTS } from "./published-examples";
import type { Value } from "./types";

describe("Fleiss' κ on published data", () => {
  it("reproduces Wikipedia's 'Fleiss' kappa' worked example (10 subjects, 14 raters; κ = 0.210)", () => {
    const result = fleissKappa(fromCategoryCounts(WIKIPEDIA_FLEISS_COUNTS, [1, 2, 3, 4, 5]));
    expect(result.value).toBeCloseTo(0.21, 3);
    expect(result).toMatchObject({ units: 10, values: 140 });
    expect(result.note).toBeUndefined();
  });

  it("reproduces Fleiss 1971's Table 1 (30 patients, 6 psychiatrists each; κ = .430)", () => {
    const result = fleissKappa(FLEISS_1971_DIAGNOSES);
    expect(result.value).toBeCloseTo(0.43, 3);
    expect(result.value).toBeCloseTo(0.4302445, 6); // irr::kappam.fleiss, as statsmodels records it
  });

  it("is Scott's π for two coders: Artstein & Poesio's (2008) π = 0.7995", () => {
    expect(fleissKappa(ARTSTEIN_POESIO).value).toBeCloseTo(0.7995, 3);
  });
});

describe("Fleiss' κ: incomplete data", () => {
  it("leaves out units not coded by every coder and says how many", () => {
    const result = fleissKappa([["a", "a", "b"], ["a", null, "a"], ["b", "b", "b"], [null, null, "a"]]);
    expect(result.units).toBe(2);
    expect(result.values).toBe(6);
    expect(result.note).toBe("2 units not coded by every coder left out");
  });

  it("is undefined with both reasons when the complete units show no variation", () => {
    const result = fleissKappa([["a", "a"], ["a", null]]);
    expect(result.value).toBeNull();
    expect(result.note).toMatch(/no variation.*1 unit not coded by every coder/);
  });

  it("is undefined when no unit is complete", () => {
    expect(fleissKappa([["a", null], [null, "b"]])).toMatchObject({ value: null, units: 0 });
  });
});

describe("Fleiss' κ: properties", () => {
  const category = fc.constantFrom("pressure", "reward", "sovereignty", "none");
  const matrix = fc.array(fc.array(fc.option(category, { nil: null, freq: 6 }), { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 40 });
  const same = (a: number | null, b: number | null) => (a === null ? expect(b).toBeNull() : expect(b).toBeCloseTo(a, 10));

  it("is 1 for identical coders whenever there is variation", () => {
    fc.assert(
      fc.property(fc.array(category, { minLength: 2, maxLength: 40 }), fc.integer({ min: 2, max: 6 }), (values, coders) => {
        fc.pre(new Set(values).size > 1);
        expect(fleissKappa(values.map((v) => Array<Value>(coders).fill(v))).value).toBeCloseTo(1, 10);
      }),
    );
  });

  it("does not depend on the order of coders or units", () => {
    fc.assert(
      fc.property(matrix, fc.nat(), (m, shift) => {
        const kappa = fleissKappa(m).value;
        same(kappa, fleissKappa(m.map(([a, b, c]) => [c!, a!, b!])).value);
        const r = shift % m.length;
        same(kappa, fleissKappa([...m.slice(r), ...m.slice(0, r)].reverse()).value);
      }),
    );
  });
});
