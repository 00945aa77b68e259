import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { coincidenceMatrix, krippendorffAlpha } from "./krippendorff";
import {
  ARTSTEIN_POESIO,
  KRIPPENDORFF_2011_BINARY,
  KRIPPENDORFF_2011_MISSING,
  KRIPPENDORFF_2011_TWO_OBSERVERS,
  WIKIPEDIA_ALPHA_EXAMPLE,
} from "./published-examples";
import type { MetricLevel, Value } from "./types";

const LEVELS: MetricLevel[] = ["nominal", "ordinal", "interval", "ratio"];

describe("Krippendorff's α on published data", () => {
  // Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability": four observers, twelve
  // units, missing data. Printed: nominal .743, ordinal .815, interval .849, ratio .797.
  it.each([
    ["nominal", 0.743],
    ["ordinal", 0.815],
    ["interval", 0.849],
    ["ratio", 0.797],
  ] as const)("reproduces Krippendorff 2011's four-observer example at the %s level (%s)", (level, printed) => {
    const alpha = krippendorffAlpha(KRIPPENDORFF_2011_MISSING, level);
    expect(alpha.value).toBeCloseTo(printed, 3);
    expect(alpha.units).toBe(11); // unit 12 has a single value and is not pairable
    expect(alpha.values).toBe(40); // the paper's n·· = 40
  });

  it("builds the coincidence matrix the 2011 paper prints for that example", () => {
    const { categories, o, totals, n } = coincidenceMatrix(KRIPPENDORFF_2011_MISSING, "nominal");
    const third = 1 / 3;
    const printed = [
      [7, 4 * third, third, third, 0],
      [4 * third, 10, 4 * third, third, 0],
      [third, 4 * third, 8, third, 0],
      [third, third, third, 4, 0],
      [0, 0, 0, 0, 3],
    ];
    expect(categories).toEqual([1, 2, 3, 4, 5]);
    o.forEach((row, c) => row.forEach((cell, k) => expect(cell).toBeCloseTo(printed[c]![k]!, 10)));
    [9, 13, 10, 5, 3].forEach((total, c) => expect(totals[c]).toBeCloseTo(total, 10));
    expect(n).toBeCloseTo(40, 10);
  });

  it("reproduces Krippendorff 2011's binary two-observer example (α = .095)", () => {
    expect(krippendorffAlpha(KRIPPENDORFF_2011_BINARY, "nominal").value).toBeCloseTo(0.095, 3);
  });

  it("reproduces Krippendorff 2011's nominal two-observer example (α = .692)", () => {
    expect(krippendorffAlpha(KRIPPENDORFF_2011_TWO_OBSERVERS, "nominal").value).toBeCloseTo(0.692, 3);
  });

  it("reproduces Wikipedia's three-coder example (nominal 0.691, interval 0.811)", () => {
    expect(krippendorffAlpha(WIKIPEDIA_ALPHA_EXAMPLE, "nominal").value).toBeCloseTo(0.691, 3);
    expect(krippendorffAlpha(WIKIPEDIA_ALPHA_EXAMPLE, "interval").value).toBeCloseTo(0.811, 3);
  });

  it("gives NLTK's α on Artstein & Poesio's two-coder table (0.8005)", () => {
    expect(krippendorffAlpha(ARTSTEIN_POESIO, "nominal").value).toBeCloseTo(0.8005, 3);
  });
});

describe("Krippendorff's α: undefined cases and bad input", () => {
  it("is undefined, with a reason, when there is no variation", () => {
    const result = krippendorffAlpha([["a", "a"], ["a", "a", "a"]], "nominal");
    expect(result.value).toBeNull();
    expect(result.note).toMatch(/no variation/);
  });

  it("is undefined, with a reason, when no unit has two values", () => {
    const result = krippendorffAlpha([["a", null], [null, "b"]], "nominal");
    expect(result).toMatchObject({ value: null, units: 0, values: 0 });
    expect(result.note).toMatch(/two or more values/);
  });

  it("refuses non-numbers at the metric levels, even in a unit that is not pairable", () => {
    for (const level of ["ordinal", "interval", "ratio"] as const) {
      expect(() => krippendorffAlpha([["a", "b"]], level)).toThrow(RangeError);
      expect(() => krippendorffAlpha([[1, 2], ["x", null]], level)).toThrow(RangeError);
      expect(() => krippendorffAlpha([[1, Number.NaN]], level)).toThrow(RangeError);
    }
  });

  it("refuses negative values at the ratio level only", () => {
    expect(() => krippendorffAlpha([[-1, 1], [2, 2]], "ratio")).toThrow(RangeError);
    expect(krippendorffAlpha([[-1, 1], [2, 2]], "interval").value).not.toBeNull();
  });
});

describe("Krippendorff's α: properties", () => {
  const value = fc.integer({ min: 0, max: 4 });
  const cell = fc.option(value, { nil: null, freq: 4 });
  const matrix = (coders: number) => fc.array(fc.array(cell, { minLength: coders, maxLength: coders }), { minLength: 1, maxLength: 30 });
  const level = fc.constantFrom(...LEVELS);
  const same = (a: number | null, b: number | null) => (a === null ? expect(b).toBeNull() : expect(b).toBeCloseTo(a, 9));

  it("is 1 when every coder gives every unit the same value and values vary", () => {
    fc.assert(
      fc.property(fc.array(value, { minLength: 2, maxLength: 30 }), fc.integer({ min: 2, max: 5 }), level, (values, coders, lvl) => {
        fc.pre(new Set(values).size > 1);
        const m = values.map((v) => Array<Value>(coders).fill(v));
        expect(krippendorffAlpha(m, lvl).value).toBeCloseTo(1, 10);
      }),
    );
  });

  it("does not depend on the order of the coders", () => {
    const withPermutation = matrix(4).chain((m) => fc.tuple(fc.constant(m), fc.shuffledSubarray([0, 1, 2, 3], { minLength: 4, maxLength: 4 })));
    fc.assert(
      fc.property(withPermutation, level, ([m, order], lvl) => {
        const permuted = m.map((row) => order.map((i) => row[i]!));
        same(krippendorffAlpha(m, lvl).value, krippendorffAlpha(permuted, lvl).value);
      }),
    );
  });

  it("does not depend on the order of the units", () => {
    fc.assert(
      fc.property(matrix(3), fc.nat(), level, (m, shift, lvl) => {
        const r = shift % m.length;
        const reordered = [...m.slice(r), ...m.slice(0, r)].reverse();
        same(krippendorffAlpha(m, lvl).value, krippendorffAlpha(reordered, lvl).value);
      }),
    );
  });

  it("ignores units with a single value, wherever they are added", () => {
    fc.assert(
      fc.property(matrix(3), value, fc.nat(), fc.nat({ max: 2 }), level, (m, lonely, at, coder, lvl) => {
        const unit = [null, null, null] as (Value | null)[];
        unit[coder] = lonely;
        const position = at % (m.length + 1);
        const extended = [...m.slice(0, position), unit, ...m.slice(position)];
        const before = krippendorffAlpha(m, lvl);
        const after = krippendorffAlpha(extended, lvl);
        same(before.value, after.value);
        expect(after.units).toBe(before.units);
      }),
    );
  });

  it("never exceeds 1", () => {
    fc.assert(
      fc.property(matrix(3), level, (m, lvl) => {
        const alpha = krippendorffAlpha(m, lvl).value;
        if (alpha !== null) expect(alpha).toBeLessThanOrEqual(1 + 1e-12);
      }),
    );
  });
});
