import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { percentAgreement } from "./percent";
import { ARTSTEIN_POESIO, fromCategoryCounts, fromContingency, WIKIPEDIA_FLEISS_COUNTS } from "./published-examples";
import type { Value } from "./types";

describe("percent agreement on published data", () => {
  it("is the two-coder share of agreeing units: A_o = 0.88 in Artstein & Poesio (2008)", () => {
    expect(percentAgreement(ARTSTEIN_POESIO)).toMatchObject({ value: 0.88, units: 100, values: 200 });
  });

  it("is p_o = 0.7 in Wikipedia's Cohen's kappa example", () => {
    expect(percentAgreement(fromContingency([[20, 5], [10, 15]], ["yes", "no"])).value).toBeCloseTo(0.7, 3);
  });

  it("is Fleiss's P_i per subject: the P_i column of Wikipedia's Fleiss' kappa table", () => {
    // As printed there (and copied into statsmodels' test_inter_rater.py): P_1 … P_10.
    const printed = [1.0, 0.253, 0.308, 0.44, 0.33, 0.462, 0.242, 0.176, 0.286, 0.286];
    const rows = fromCategoryCounts(WIKIPEDIA_FLEISS_COUNTS, [1, 2, 3, 4, 5]);
    rows.forEach((row, i) => expect(percentAgreement([row]).value).toBeCloseTo(printed[i]!, 3));
  });
});

describe("percent agreement: units it uses", () => {
  it("counts agreeing pairs within a unit: a, a, b has one agreeing pair of three", () => {
    expect(percentAgreement([["a", "a", "b"]]).value).toBeCloseTo(1 / 3, 10);
  });

  it("averages over units with two or more values and ignores the rest", () => {
    const result = percentAgreement([["a", "a", null], ["a", "b", "b"], ["c", null, null]]);
    expect(result.value).toBeCloseTo((1 + 1 / 3) / 2, 10);
    expect(result).toMatchObject({ units: 2, values: 5 });
  });

  it("is undefined, with a reason, when no unit has two values", () => {
    const result = percentAgreement([["a", null]]);
    expect(result.value).toBeNull();
    expect(result.note).toMatch(/two or more coders/);
  });
});

describe("percent agreement: properties", () => {
  const category = fc.constantFrom("pressure", "reward", "sovereignty", "none");
  const matrix = fc.array(fc.array(fc.option(category, { nil: null, freq: 4 }), { minLength: 4, maxLength: 4 }), { minLength: 1, maxLength: 40 });

  it("lies in [0, 1] and does not depend on coder or unit order", () => {
    fc.assert(
      fc.property(matrix, fc.nat(), (m, shift) => {
        const p = percentAgreement(m).value;
        const r = shift % m.length;
        const others = [m.map((row) => [...row].reverse()), [...m.slice(r), ...m.slice(0, r)].reverse()];
        for (const other of others) {
          const q = percentAgreement(other).value;
          if (p === null) expect(q).toBeNull();
          else expect(q).toBeCloseTo(p, 10);
        }
        if (p !== null) {
          expect(p).toBeGreaterThanOrEqual(0);
          expect(p).toBeLessThanOrEqual(1);
        }
      }),
    );
  });

  it("is 1 for identical coders", () => {
    fc.assert(
      fc.property(fc.array(category, { minLength: 1, maxLength: 40 }), fc.integer({ min: 2, max: 5 }), (values, coders) => {
        expect(percentAgreement(values.map((v) => Array<Value>(coders).fill(v))).value).toBe(1);
      }),
    );
  });
});
