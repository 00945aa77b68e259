import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { drawFingerprint, drawSample, SampleInputError, sampleLabel, sampleSize, type SampleInput } from "./draw";

const docs = (n: number, stratum = (i: number) => ["news", "ngo_report", "academic_article"][i % 3]!) =>
  Array.from({ length: n }, (_, i) => ({ id: `doc-${String(i).padStart(3, "0")}`, stratum: stratum(i) }));
const CODERS = ["ana", "ben", "chen"];

describe("sampleSize", () => {
  it.each([
    [{ share: 0.2 }, 10, 2],
    [{ share: 0.25 }, 10, 3], // 2.5 rounds up
    [{ share: 0.15 }, 10, 2], // 1.4999999999999998 in floating point, still 2
    [{ share: 0.01 }, 10, 1], // never empty
    [{ share: 1 }, 7, 7],
    [{ count: 4 }, 7, 4],
  ])("%j of %i → %i", (size, population, n) => {
    expect(sampleSize(population, size)).toBe(n);
  });

  it.each([
    [{ share: 0 }, 10],
    [{ share: 1.2 }, 10],
    [{ share: Number.NaN }, 10],
    [{ count: 0 }, 10],
    [{ count: 11 }, 10],
    [{ count: 2.5 }, 10],
    [{}, 10],
    [{ share: 0.5, count: 2 }, 10],
    [{ share: 0.5 }, 0],
  ])("refuses %j of %i", (size, population) => {
    expect(() => sampleSize(population, size)).toThrow(SampleInputError);
  });
});

describe("drawSample", () => {
  const base: SampleInput = { documents: docs(30), share: 0.2, seed: 42, stratify: true, codersPerDocument: 2, coders: CODERS };

  it("draws the same documents and coders from the same seed, whatever the input order", () => {
    const a = drawSample(base);
    const b = drawSample({ ...base, documents: [...base.documents].reverse(), coders: [...CODERS].reverse() });
    expect(b).toEqual(a);
    expect(a.size).toBe(6);
    expect(a.documents).toHaveLength(6);
    expect(drawSample({ ...base, seed: "42" })).toEqual(a);
    expect(drawSample({ ...base, seed: 43 }).documents).not.toEqual(a.documents);
  });

  it("gives a fixed answer for a fixed seed (golden: a published draw must redraw the same)", () => {
    // Checked against an independent re-implementation of the rule (FNV-1a of "42\0stratum:all",
    // mulberry32, Fisher–Yates over the ids sorted), written in Python from the comments alone.
    const draw = drawSample({ documents: docs(8), share: 0.5, seed: 42, stratify: false, codersPerDocument: 2, coders: ["u1", "u2"] });
    expect(draw.documents.map((d) => d.id)).toEqual(["doc-003", "doc-002", "doc-001", "doc-006"]);
    expect(draw.documents.map((d) => d.coders)).toEqual(Array(4).fill(["u1", "u2"]));
    expect(draw.workload).toEqual({ u1: 4, u2: 4 });
  });

  it("takes its share from every stratum", () => {
    const draw = drawSample(base);
    expect(draw.strata.map((s) => [s.stratum, s.size, s.drawn])).toEqual([
      ["academic_article", 10, 2],
      ["news", 10, 2],
      ["ngo_report", 10, 2],
    ]);
    for (const s of draw.strata) expect(draw.documents.filter((d) => d.stratum === s.stratum)).toHaveLength(s.drawn);
  });

  it("groups documents with no value in a stratum of their own", () => {
    const draw = drawSample({ ...base, documents: docs(10, (i) => (i < 2 ? "x" : (null as unknown as string))), share: 0.5 });
    expect(draw.strata.map((s) => [s.stratum, s.drawn])).toEqual([
      ["", 4],
      ["x", 1],
    ]);
  });

  it("unstratified: one stratum of everything", () => {
    const draw = drawSample({ ...base, stratify: false });
    expect(draw.strata).toEqual([{ stratum: "all", size: 30, quota: 6, drawn: 6 }]);
  });

  it("varies the pairs of coders across documents", () => {
    const draw = drawSample({ ...base, documents: docs(60), share: 1, coders: ["a", "b", "c", "d"] });
    const pairs = new Set(draw.documents.map((d) => d.coders.join("+")));
    expect(pairs.size).toBe(6); // every pair of four coders codes some documents together
  });

  it.each([
    [{ codersPerDocument: 1 }, /at least 2 coders per document/],
    [{ codersPerDocument: 4 }, /needs at least 4 coders; 3 are chosen/],
    [{ coders: ["a", "a", "b"] }, /listed twice/],
    [{ documents: [{ id: "x" }, { id: "x" }] }, /listed twice/],
    [{ seed: "  " }, /Give a seed/],
    [{ documents: [] }, /no documents/],
  ])("refuses %j", (change, message) => {
    expect(() => drawSample({ ...base, ...change })).toThrow(message);
  });

  it("labels a sample so it can be recognised", () => {
    expect(sampleLabel({ share: 0.2, seed: 42, stratifiedBy: "source type" })).toBe("Sample 20 % · seed 42 · by source type");
    expect(sampleLabel({ share: 0.125, seed: "abc" })).toBe("Sample 12.5 % · seed abc");
    expect(sampleLabel({ count: 1, seed: 7 })).toBe("Sample 1 document · seed 7");
  });

  it("fingerprints what a draw assigns", () => {
    const a = drawSample(base);
    expect(drawFingerprint(a)).toMatch(/^[0-9a-f]{8}$/);
    expect(drawFingerprint(drawSample(base))).toBe(drawFingerprint(a));
    expect(drawFingerprint(drawSample({ ...base, seed: 1 }))).not.toBe(drawFingerprint(a));
  });
});

describe("drawSample properties", () => {
  const input = fc
    .record({
      n: fc.integer({ min: 1, max: 80 }),
      strataCount: fc.integer({ min: 1, max: 6 }),
      stratumOf: fc.array(fc.nat(), { minLength: 80, maxLength: 80 }),
      coderCount: fc.integer({ min: 2, max: 7 }),
      k: fc.integer({ min: 2, max: 7 }),
      share: fc.integer({ min: 1, max: 100 }).map((p) => p / 100),
      count: fc.option(fc.integer({ min: 1, max: 80 }), { nil: undefined }),
      seed: fc.oneof(fc.string(), fc.integer()).filter((s) => String(s).trim() !== ""),
      stratify: fc.boolean(),
    })
    .map(({ n, strataCount, stratumOf, coderCount, k, share, count, seed, stratify }) => ({
      documents: Array.from({ length: n }, (_, i) => ({ id: `d${i}`, stratum: `s${stratumOf[i]! % strataCount}` })),
      coders: Array.from({ length: coderCount }, (_, i) => `c${i}`),
      codersPerDocument: Math.min(k, coderCount),
      ...(count !== undefined ? { count: Math.min(count, n) } : { share }),
      seed,
      stratify,
    }));

  it("is reproducible and ignores input order", () => {
    fc.assert(
      fc.property(input, (sample) => {
        const a = drawSample(sample);
        expect(drawSample(sample)).toEqual(a);
        expect(drawSample({ ...sample, documents: [...sample.documents].reverse(), coders: [...sample.coders].reverse() })).toEqual(a);
      }),
    );
  });

  it("has the right size, no document twice, strata respected, coders distinct and balanced", () => {
    fc.assert(
      fc.property(input, (sample) => {
        const draw = drawSample(sample);
        const expected = sampleSize(sample.documents.length, sample);
        expect(draw.size).toBe(expected);
        expect(draw.documents).toHaveLength(expected);
        const ids = draw.documents.map((d) => d.id);
        expect(new Set(ids).size).toBe(ids.length);
        const byId = new Map(sample.documents.map((d) => [d.id, d]));
        for (const d of draw.documents) {
          expect(byId.has(d.id)).toBe(true);
          if (sample.stratify) expect(d.stratum).toBe(byId.get(d.id)!.stratum);
          expect(new Set(d.coders).size).toBe(sample.codersPerDocument);
          for (const c of d.coders) expect(sample.coders).toContain(c);
        }
        // Each stratum gives what its allocation says, never more than it has.
        for (const s of draw.strata) {
          expect(draw.documents.filter((d) => d.stratum === s.stratum)).toHaveLength(s.drawn);
          expect(s.drawn).toBeLessThanOrEqual(s.size);
          if (sample.stratify && expected >= draw.strata.length) expect(s.drawn).toBeGreaterThanOrEqual(1);
        }
        // Balanced workload: every coder within one document of every other.
        const loads = sample.coders.map((c) => draw.documents.filter((d) => d.coders.includes(c)).length);
        expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
        expect(sample.coders.map((c) => draw.workload[c])).toEqual(loads);
        expect(loads.reduce((s, x) => s + x, 0)).toBe(expected * sample.codersPerDocument);
      }),
      { numRuns: 300 },
    );
  });
});
