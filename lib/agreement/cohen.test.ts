import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cohenKappa } from "./cohen";
import { ARTSTEIN_POESIO, fromContingency } from "./published-examples";
import type { Value } from "./types";

const YES_NO = ["yes", "no"];

describe("Cohen's κ on published data", () => {
  it("reproduces Wikipedia's 'Cohen's kappa' worked example (50 proposals; κ = 0.4)", () => {
    // Readers A (rows) and B (columns): 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no; p_o = 0.7, p_e = 0.5.
    const result = cohenKappa(fromContingency([[20, 5], [10, 15]], YES_NO));
    expect(result.value).toBeCloseTo(0.4, 3);
    expect(result).toMatchObject({ units: 50, values: 100 });
  });

  it("gives κ = 0.8013 on Artstein & Poesio's (2008) STAT/IREQ/CHCK table (as NLTK computes it)", () => {
    expect(cohenKappa(ARTSTEIN_POESIO).value).toBeCloseTo(0.8013, 3);
  });

  it("reproduces the SAS 'Simple Kappa Coefficient' printout used by statsmodels (κ = 0.4842)", () => {
    // statsmodels/stats/tests/test_inter_rater.py, table10: a 3×3 table whose first column is empty.
    expect(cohenKappa(fromContingency([[0, 4, 1], [0, 8, 0], [0, 1, 5]], [1, 2, 3])).value).toBeCloseTo(0.4842, 3);
  });
});

describe("Cohen's κ: data it uses and refuses", () => {
  it("uses only units both coders coded", () => {
    const withMissing = [...fromContingency([[20, 5], [10, 15]], YES_NO), ["yes", null], [null, "no"], [null, null]];
    const result = cohenKappa(withMissing);
    expect(result.value).toBeCloseTo(0.4, 3);
    expect(result.units).toBe(50);
  });

  it("refuses anything but two coders", () => {
    expect(() => cohenKappa([["a", "b", "c"]])).toThrow(RangeError);
    expect(() => cohenKappa([["a"]])).toThrow(RangeError);
  });

  it("is undefined when no unit was coded by both, or when both give one single value", () => {
    expect(cohenKappa([["a", null], [null, "b"]]).note).toMatch(/both coders/);
    const constant = cohenKappa([["a", "a"], ["a", "a"]]);
    expect(constant.value).toBeNull();
    expect(constant.note).toMatch(/no variation/);
  });
});

describe("Cohen's κ: properties", () => {
  const category = fc.constantFrom("pressure", "reward", "sovereignty", "none");
  const pairs = fc.array(fc.tuple(fc.option(category, { nil: null, freq: 5 }), fc.option(category, { nil: null, freq: 5 })), { minLength: 1, maxLength: 40 });
  const same = (a: number | null, b: number | null) => (a === null ? expect(b).toBeNull() : expect(b).toBeCloseTo(a, 10));

  it("is 1 for identical coders whenever there is variation", () => {
    fc.assert(
      fc.property(fc.array(category, { minLength: 2, maxLength: 40 }), (values) => {
        fc.pre(new Set(values).size > 1);
        expect(cohenKappa(values.map((v): Value[] => [v, v])).value).toBeCloseTo(1, 10);
      }),
    );
  });

  it("is symmetric in the two coders and independent of unit order", () => {
    fc.assert(
      fc.property(pairs, fc.nat(), (m, shift) => {
        const kappa = cohenKappa(m).value;
        same(kappa, cohenKappa(m.map(([a, b]) => [b, a])).value);
        const r = shift % m.length;
        same(kappa, cohenKappa([...m.slice(r), ...m.slice(0, r)].reverse()).value);
        if (kappa !== null) expect(kappa).toBeLessThanOrEqual(1 + 1e-12);
      }),
    );
  });
});
