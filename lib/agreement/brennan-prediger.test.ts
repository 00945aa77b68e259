import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { brennanPredigerKappa } from "./brennan-prediger";
import { ARTSTEIN_POESIO, fromContingency } from "./published-examples";

describe("Brennan–Prediger κ", () => {
  it("equals Bennett et al.'s S = 0.82 on Artstein & Poesio's (2008) three-category table", () => {
    // A_o = 0.88, q = 3: (0.88 − 1/3) / (1 − 1/3) = 0.82, the S they print.
    expect(brennanPredigerKappa(ARTSTEIN_POESIO, 3).value).toBeCloseTo(0.82, 3);
  });

  it("by hand: 8 of 10 units agree, present/absent (q = 2) gives 0.6; with q = 4, 0.7333", () => {
    const m = fromContingency([[3, 1], [1, 5]], ["present", "absent"]);
    expect(brennanPredigerKappa(m, 2).value).toBeCloseTo(0.6, 10); // (0.8 − 0.5) / 0.5
    expect(brennanPredigerKappa(m, 4).value).toBeCloseTo(0.55 / 0.75, 10); // (0.8 − 0.25) / 0.75
    expect(brennanPredigerKappa(m, 2).note).toBeUndefined();
  });

  it("by hand, three coders: units (a, a, b) and (a, a, a) give p_o = 2/3, so with q = 2 κ = 1/3", () => {
    expect(brennanPredigerKappa([["a", "a", "b"], ["a", "a", "a"]], 2).value).toBeCloseTo(1 / 3, 10);
  });

  it("says so when the data hold more distinct values than the categories it was told", () => {
    const result = brennanPredigerKappa([["a", "b"], ["c", "c"]], 2);
    expect(result.value).toBeCloseTo(0, 10); // p_o = 0.5 = 1/q
    expect(result.note).toMatch(/3 distinct values/);
  });

  it("refuses fewer than two or fractional categories, and is undefined without pairable units", () => {
    expect(() => brennanPredigerKappa([["a", "a"]], 1)).toThrow(RangeError);
    expect(() => brennanPredigerKappa([["a", "a"]], 2.5)).toThrow(RangeError);
    expect(brennanPredigerKappa([["a", null]], 2).value).toBeNull();
  });

  it("is at most 1 and never falls as the number of categories grows", () => {
    const category = fc.constantFrom("a", "b", "c");
    const matrix = fc.array(fc.array(fc.option(category, { nil: null, freq: 4 }), { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 30 });
    fc.assert(
      fc.property(matrix, fc.integer({ min: 2, max: 20 }), (m, q) => {
        const fewer = brennanPredigerKappa(m, q).value;
        const more = brennanPredigerKappa(m, q + 1).value;
        if (fewer === null) {
          expect(more).toBeNull();
          return;
        }
        expect(fewer).toBeLessThanOrEqual(1);
        expect(more!).toBeGreaterThanOrEqual(fewer - 1e-12);
      }),
    );
  });
});
