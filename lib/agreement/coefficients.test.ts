import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bootstrapAlpha } from "./bootstrap";
import { brennanPredigerKappa } from "./brennan-prediger";
import { cohenKappa } from "./cohen";
import { fleissKappa } from "./fleiss";
import { krippendorffAlpha } from "./krippendorff";
import { percentAgreement } from "./percent";
import type { Value } from "./types";

/** Coders as rows (as the papers print them) → units × coders. */
const byUnit = (coders: (Value | null)[][]): (Value | null)[][] => coders[0]!.map((_, u) => coders.map((row) => row[u]!));
/** Fleiss-style counts per category → one row of ratings per unit (rater identity is irrelevant). */
const fromCounts = (counts: number[][], categories: Value[]) => counts.map((row) => row.flatMap((n, j) => Array<Value>(n).fill(categories[j]!)));
/** A 2×2 table of two coders' yes/no decisions → units × 2 coders. */
const fromTable = (yy: number, yn: number, ny: number, nn: number): Value[][] => [
  ...Array.from({ length: yy }, () => ["yes", "yes"]),
  ...Array.from({ length: yn }, () => ["yes", "no"]),
  ...Array.from({ length: ny }, () => ["no", "yes"]),
  ...Array.from({ length: nn }, () => ["no", "no"]),
];

// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: four observers,
// twelve units, values 1–5, missing data; published α: nominal .743, ordinal .815, interval .849,
// ratio .797 (unit 12 has a single value and is not pairable).
const K2011 = byUnit([
  [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
  [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
  [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
  [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
]);

describe("Krippendorff's α", () => {
  it("reproduces Krippendorff 2011's four-observer example at every level", () => {
    expect(krippendorffAlpha(K2011, "nominal").value).toBeCloseTo(0.743, 3);
    expect(krippendorffAlpha(K2011, "ordinal").value).toBeCloseTo(0.815, 3);
    expect(krippendorffAlpha(K2011, "interval").value).toBeCloseTo(0.849, 3);
    expect(krippendorffAlpha(K2011, "ratio").value).toBeCloseTo(0.797, 3);
    const alpha = krippendorffAlpha(K2011, "nominal");
    expect(alpha.units).toBe(11); // unit 12 is not pairable
    expect(alpha.values).toBe(40); // n·· = 40 pairable values in the paper
  });

  it("reproduces Krippendorff 2011's two-observer binary example (α = 0.095)", () => {
    // Section A: observers A and B, ten units, values 0/1.
    const data = byUnit([
      [0, 1, 0, 0, 0, 0, 0, 0, 1, 0],
      [1, 1, 1, 0, 0, 1, 0, 0, 0, 0],
    ]);
    expect(krippendorffAlpha(data, "nominal").value).toBeCloseTo(0.095, 3);
  });

  it("is undefined, with a reason, when there is no variation", () => {
    const result = krippendorffAlpha([["a", "a"], ["a", "a"]], "nominal");
    expect(result.value).toBeNull();
    expect(result.note).toMatch(/no variation/);
  });

  it("refuses non-numbers at metric levels", () => {
    expect(() => krippendorffAlpha([["a", "b"]], "interval")).toThrow(RangeError);
  });
});

describe("Cohen's κ", () => {
  it("reproduces the two-rater yes/no example of Wikipedia's 'Cohen's kappa' (κ = 0.4)", () => {
    // 50 proposals, 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no: p_o = 0.7, p_e = 0.5.
    expect(cohenKappa(fromTable(20, 5, 10, 15)).value).toBeCloseTo(0.4, 3);
  });

  it("reproduces Wikipedia's same-agreement, different-marginals pair (κ = 0.1304 and 0.2593)", () => {
    // Both tables have 60 % agreement; unequal marginals give the higher κ.
    expect(cohenKappa(fromTable(45, 15, 25, 15)).value).toBeCloseTo(0.1304, 3);
    expect(cohenKappa(fromTable(25, 35, 5, 35)).value).toBeCloseTo(0.2593, 3);
  });

  it("uses only units both coders coded, and refuses more than two coders", () => {
    const withMissing = [...fromTable(20, 5, 10, 15), ["yes", null], [null, "no"]];
    expect(cohenKappa(withMissing).value).toBeCloseTo(0.4, 3);
    expect(cohenKappa(withMissing).units).toBe(50);
    expect(() => cohenKappa([["a", "b", "c"]])).toThrow(RangeError);
  });
});

describe("Fleiss' κ", () => {
  it("reproduces the worked example of Wikipedia's 'Fleiss' kappa' (10 subjects, 14 raters; κ = 0.210)", () => {
    const counts = [
      [0, 0, 0, 0, 14],
      [0, 2, 6, 4, 2],
      [0, 0, 3, 5, 6],
      [0, 3, 9, 2, 0],
      [2, 2, 8, 1, 1],
      [7, 7, 0, 0, 0],
      [3, 2, 6, 3, 0],
      [2, 5, 3, 2, 2],
      [6, 5, 2, 1, 0],
      [0, 2, 2, 3, 7],
    ];
    const result = fleissKappa(fromCounts(counts, [1, 2, 3, 4, 5]));
    expect(result.value).toBeCloseTo(0.21, 3);
    expect(result.units).toBe(10);
  });

  it("equals Scott's π (and so α up to the small-sample correction) for two coders", () => {
    // Fleiss' κ for two raters is Scott's π; α = 1 − (n−1)/n · (1 − π)… checked on the Cohen table.
    const data = fromTable(20, 5, 10, 15);
    const pi = fleissKappa(data).value!;
    const n = 100; // pairable values
    expect(krippendorffAlpha(data, "nominal").value).toBeCloseTo(1 - ((n - 1) / n) * (1 - pi), 10);
  });

  it("leaves out units not coded by every coder and says so", () => {
    const result = fleissKappa([["a", "a", "b"], ["a", null, "a"], ["b", "b", "b"]]);
    expect(result.units).toBe(2);
    expect(result.note).toMatch(/1 unit not coded by every coder/);
  });
});

describe("percent agreement and Brennan–Prediger κ", () => {
  it("percent agreement is the share of agreeing pairs", () => {
    expect(percentAgreement(fromTable(20, 5, 10, 15)).value).toBeCloseTo(0.7, 10);
    // Three coders a,a,b: one agreeing pair of three.
    expect(percentAgreement([["a", "a", "b"]]).value).toBeCloseTo(1 / 3, 10);
    expect(percentAgreement([["a", null]]).value).toBeNull();
  });

  it("Brennan–Prediger κ by hand: p_o = 0.7 with two categories gives 0.4, with four 0.6", () => {
    expect(brennanPredigerKappa(fromTable(20, 5, 10, 15), 2).value).toBeCloseTo(0.4, 10);
    expect(brennanPredigerKappa(fromTable(20, 5, 10, 15), 4).value).toBeCloseTo((0.7 - 0.25) / 0.75, 10);
    expect(() => brennanPredigerKappa([["a", "a"]], 1)).toThrow(RangeError);
  });
});

describe("properties", () => {
  const category = fc.constantFrom("pressure", "reward", "sovereignty", "none");
  const matrix = (coders: number) => fc.array(fc.array(fc.option(category, { nil: null, freq: 5 }), { minLength: coders, maxLength: coders }), { minLength: 2, maxLength: 40 });

  it("identical coders give 1 whenever there is variation", () => {
    fc.assert(
      fc.property(fc.array(category, { minLength: 2, maxLength: 40 }), fc.integer({ min: 2, max: 5 }), (values, coders) => {
        fc.pre(new Set(values).size > 1);
        const m = values.map((v) => Array<Value>(coders).fill(v));
        expect(krippendorffAlpha(m, "nominal").value).toBeCloseTo(1, 10);
        expect(fleissKappa(m).value).toBeCloseTo(1, 10);
        expect(percentAgreement(m).value).toBe(1);
        if (coders === 2) expect(cohenKappa(m).value).toBeCloseTo(1, 10);
      }),
    );
  });

  it("is symmetric in coder order and independent of unit order", () => {
    fc.assert(
      fc.property(matrix(3), fc.nat(), (m, rotation) => {
        const swapped = m.map((row) => [row[2]!, row[0]!, row[1]!]);
        const r = rotation % m.length;
        const shuffled = [...m.slice(r), ...m.slice(0, r)].reverse();
        const same = (a: number | null, b: number | null) => (a === null ? expect(b).toBeNull() : expect(b).toBeCloseTo(a, 10));
        for (const other of [swapped, shuffled]) {
          same(krippendorffAlpha(m, "nominal").value, krippendorffAlpha(other, "nominal").value);
          same(fleissKappa(m).value, fleissKappa(other).value);
          same(percentAgreement(m).value, percentAgreement(other).value);
        }
        const two = m.map((row) => [row[0]!, row[1]!]);
        same(cohenKappa(two).value, cohenKappa(two.map(([a, b]) => [b!, a!])).value);
      }),
    );
  });

  it("α ignores units with a single value", () => {
    fc.assert(
      fc.property(matrix(3), category, (m, lonely) => {
        const before = krippendorffAlpha(m, "nominal");
        const after = krippendorffAlpha([...m, [lonely, null, null]], "nominal");
        if (before.value === null) expect(after.value).toBeNull();
        else expect(after.value).toBeCloseTo(before.value, 10);
      }),
    );
  });

  it("percent agreement stays in [0, 1] and κ_BP ≤ 1", () => {
    fc.assert(
      fc.property(matrix(4), (m) => {
        const p = percentAgreement(m).value;
        if (p !== null) {
          expect(p).toBeGreaterThanOrEqual(0);
          expect(p).toBeLessThanOrEqual(1);
          expect(brennanPredigerKappa(m, 4).value!).toBeLessThanOrEqual(1);
        }
      }),
    );
  });
});

describe("bootstrap interval for α", () => {
  it("is reproducible for a seed and contains the estimate on Krippendorff 2011's data", () => {
    const a = bootstrapAlpha(K2011, "nominal", { seed: 7, samples: 500 });
    const b = bootstrapAlpha(K2011, "nominal", { seed: 7, samples: 500 });
    expect(a).toEqual(b);
    expect(a!.low).toBeLessThanOrEqual(0.743);
    expect(a!.high).toBeGreaterThanOrEqual(0.743);
    expect(a!.high).toBeLessThanOrEqual(1);
    const c = bootstrapAlpha(K2011, "nominal", { seed: 8, samples: 500 });
    expect(c!.seed).toBe(8);
  });

  it("is null when α is undefined", () => {
    expect(bootstrapAlpha([["a", "a"]], "nominal", { seed: 1 })).toBeNull();
  });
});
