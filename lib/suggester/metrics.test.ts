import { describe, expect, it } from "vitest";
import { cohenKappa } from "@/lib/agreement/cohen";
import { kappaOf, metricsOf, type Confusion } from "./metrics";
import { mostFrequentCode } from "./evaluate";
import { splitDocuments } from "./split";
import { chooseThreshold } from "./threshold";

const table = (truePositives: number, falsePositives: number, falseNegatives: number, trueNegatives: number): Confusion => ({
  truePositives,
  falsePositives,
  falseNegatives,
  trueNegatives,
});

/** The same table as a units × 2 reliability matrix for lib/agreement. */
function asMatrix(c: Confusion): string[][] {
  const rows: string[][] = [];
  const push = (n: number, model: string, human: string) => {
    for (let i = 0; i < n; i++) rows.push([model, human]);
  };
  push(c.truePositives, "yes", "yes");
  push(c.falsePositives, "yes", "no");
  push(c.falseNegatives, "no", "yes");
  push(c.trueNegatives, "no", "no");
  return rows;
}

describe("metrics", () => {
  it.each([
    ["balanced", table(20, 5, 10, 65)],
    ["rare code", table(3, 2, 4, 191)],
    ["worse than chance", table(1, 9, 9, 1)],
  ])("κ equals lib/agreement's Cohen's κ (%s)", (_, c) => {
    expect(kappaOf(c)).toBeCloseTo(cohenKappa(asMatrix(c)).value!, 12);
  });

  it("computes precision, recall and F1 from the table", () => {
    expect(metricsOf(table(20, 5, 10, 65))).toMatchObject({ precision: 0.8, recall: 20 / 30, f1: 40 / 55 });
  });

  it("nothing proposed: precision null, recall and F1 0, κ 0 when humans varied", () => {
    expect(metricsOf(table(0, 0, 10, 90))).toEqual({ precision: null, recall: 0, f1: 0, kappa: 0 });
  });

  it("everything proposed: κ 0", () => {
    expect(metricsOf(table(10, 90, 0, 0))).toEqual({ precision: 0.1, recall: 1, f1: 20 / 110, kappa: 0 });
  });

  it("nothing proposed and never used: everything undefined is null", () => {
    expect(metricsOf(table(0, 0, 0, 50))).toEqual({ precision: null, recall: null, f1: null, kappa: null });
    expect(kappaOf(table(0, 0, 0, 0))).toBeNull();
  });
});

describe("mostFrequentCode", () => {
  it("takes the code with most training positives, ties by smallest id, none when all are 0", () => {
    expect(mostFrequentCode(["b", "a", "c"], Int32Array.from([5, 5, 2]))).toBe("a");
    expect(mostFrequentCode(["b", "a", "c"], Int32Array.from([1, 0, 2]))).toBe("c");
    expect(mostFrequentCode(["b", "a"], Int32Array.from([0, 0]))).toBeNull();
  });
});

describe("chooseThreshold", () => {
  it("is 0.5 with fewer than 5 positives", () => {
    expect(chooseThreshold(Float64Array.from([0.9, 0.8, 0.1]), (i) => i < 2)).toBe(0.5);
  });

  it("cuts midway between the best-F1 cut and the next score", () => {
    const scores = Float64Array.from([0.9, 0.85, 0.8, 0.75, 0.7, 0.4, 0.3, 0.1]);
    expect(chooseThreshold(scores, (i) => i < 5)).toBeCloseTo(0.55, 12);
  });

  it("is clamped to [0.2, 0.8]", () => {
    const high = Float64Array.from([0.99, 0.98, 0.97, 0.96, 0.95, 0.9]);
    expect(chooseThreshold(high, (i) => i < 5)).toBe(0.8);
    const low = Float64Array.from([0.1, 0.09, 0.08, 0.07, 0.06, 0.01]);
    expect(chooseThreshold(low, (i) => i < 5)).toBe(0.2);
  });
});

describe("splitDocuments", () => {
  const documents = Array.from({ length: 60 }, (_, d) => `doc-${d}`);

  it("holds out round(share · documents), the same for the same seed in any order", () => {
    const split = splitDocuments(documents, 0.2, 1);
    expect(split.heldOut.size).toBe(12);
    expect(split.training.size).toBe(48);
    expect([...split.heldOut].some((d) => split.training.has(d))).toBe(false);
    expect(splitDocuments([...documents].reverse(), 0.2, 1).heldOut).toEqual(split.heldOut);
    expect(splitDocuments(documents, 0.2, 2).heldOut).not.toEqual(split.heldOut);
  });

  it("with one document holds nothing out and says why", () => {
    const split = splitDocuments(["only", "only"], 0.2, 1);
    expect(split.heldOut.size).toBe(0);
    expect(split.training).toEqual(new Set(["only"]));
    expect(split.note).toMatch(/one document/i);
  });

  it("with few documents keeps at least one on each side, and says so", () => {
    const two = splitDocuments(["a", "b"], 0.2, 1);
    expect([two.training.size, two.heldOut.size]).toEqual([1, 1]);
    expect(two.note).toMatch(/held out 1 \(not 0\)/);
    const most = splitDocuments(["a", "b", "c"], 0.9, 1);
    expect([most.training.size, most.heldOut.size]).toEqual([1, 2]);
  });

  it("with share 0 holds nothing out", () => {
    expect(splitDocuments(documents, 0, 1).heldOut.size).toBe(0);
  });
});
