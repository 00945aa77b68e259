import { describe, expect, it } from "vitest";
import { bootstrapAlpha } from "./bootstrap";
import { krippendorffAlpha } from "./krippendorff";
import { KRIPPENDORFF_2011_MISSING } from "./published-examples";
import type { MetricLevel } from "./types";

const LEVELS: MetricLevel[] = ["nominal", "ordinal", "interval", "ratio"];

describe("bootstrap interval for α", () => {
  it("is identical for the same seed", () => {
    const first = bootstrapAlpha(KRIPPENDORFF_2011_MISSING, "nominal", { seed: 7, samples: 500 });
    const second = bootstrapAlpha(KRIPPENDORFF_2011_MISSING, "nominal", { seed: 7, samples: 500 });
    expect(first).not.toBeNull();
    expect(second).toEqual(first);
    expect(first).toMatchObject({ level: 0.95, samples: 500, seed: 7 });
  });

  it.each(LEVELS)("contains the point estimate on Krippendorff 2011's data (%s)", (level) => {
    const estimate = krippendorffAlpha(KRIPPENDORFF_2011_MISSING, level).value!;
    const interval = bootstrapAlpha(KRIPPENDORFF_2011_MISSING, level, { seed: 2011 })!;
    expect(interval.samples).toBe(1000); // the default
    expect(interval.low).toBeLessThanOrEqual(estimate);
    expect(interval.high).toBeGreaterThanOrEqual(estimate);
    expect(interval.high).toBeLessThanOrEqual(1);
  });

  it("differs between seeds", () => {
    const intervals = [1, 2, 3, 4, 5].map((seed) => bootstrapAlpha(KRIPPENDORFF_2011_MISSING, "nominal", { seed, samples: 200 })!);
    const distinct = new Set(intervals.map((i) => `${i.low}:${i.high}`));
    expect(distinct.size).toBeGreaterThan(1);
  });

  it("nests a narrower level inside a wider one for the same resamples", () => {
    const wide = bootstrapAlpha(KRIPPENDORFF_2011_MISSING, "interval", { seed: 3, level: 0.95 })!;
    const narrow = bootstrapAlpha(KRIPPENDORFF_2011_MISSING, "interval", { seed: 3, level: 0.5 })!;
    expect(narrow.low).toBeGreaterThanOrEqual(wide.low);
    expect(narrow.high).toBeLessThanOrEqual(wide.high);
    expect(narrow.low).toBeLessThan(narrow.high);
  });

  it("is null when α is undefined", () => {
    expect(bootstrapAlpha([["a", "a"], ["a", "a"]], "nominal", { seed: 1 })).toBeNull();
    expect(bootstrapAlpha([["a", null]], "nominal", { seed: 1 })).toBeNull();
  });

  it("refuses a sample count or level that cannot work", () => {
    expect(() => bootstrapAlpha(KRIPPENDORFF_2011_MISSING, "nominal", { seed: 1, samples: 0 })).toThrow(RangeError);
    expect(() => bootstrapAlpha(KRIPPENDORFF_2011_MISSING, "nominal", { seed: 1, level: 1 })).toThrow(RangeError);
  });
});
