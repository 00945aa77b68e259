import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { characterAgreement } from "./character";
import { segmentOverlap } from "./segment-overlap";
import type { Continuum, Segment } from "./types";

const seg = (coder: string, code: string, start: number, end: number): Segment => ({ coder, code, start, end });

describe("character-level agreement (NVivo, QualCoder)", () => {
  // A document of 100 characters. Coder a codes p on [10,30) and, overlapping itself, [20,40)
  // (counted once: 30 characters); coder b codes p on [30,50). By hand:
  //   both = [30,40) = 10, onlyFirst = 20, onlySecond = 10, neither = 100 − 40 = 60.
  //   Including uncoded: p_o = 70/100 = 0.7; p₁ = 0.3, p₂ = 0.2; p_e = 0.06 + 0.56 = 0.62; κ = 0.08/0.38 = 0.2105.
  //   Excluding uncoded: N = 40; p_o = 10/40 = 0.25; p₁ = 0.75, p₂ = 0.5; p_e = 0.375 + 0.125 = 0.5; κ = −0.5.
  const doc: Continuum = { id: "d", length: 100, segments: [seg("a", "p", 10, 30), seg("a", "p", 20, 40), seg("b", "p", 30, 50), seg("b", "r", 0, 100)] };

  it("counts characters on ranges, with and without the characters neither coder coded", () => {
    const result = characterAgreement([doc], { coders: ["a", "b"], code: "p" });
    expect(result.table).toEqual({ both: 10, onlyFirst: 20, onlySecond: 10, neither: 60 });
    expect(result.includingUncoded.percent).toBeCloseTo(0.7, 10);
    expect(result.includingUncoded.kappa.value).toBeCloseTo(0.08 / 0.38, 10);
    expect(result.excludingUncoded.percent).toBeCloseTo(0.25, 10);
    expect(result.excludingUncoded.kappa.value).toBeCloseTo(-0.5, 10);
    expect(result.excludingUncoded.characters).toBe(40);
  });

  it("pools the table over documents", () => {
    const result = characterAgreement([doc, { ...doc, id: "e" }], { coders: ["a", "b"], code: "p" });
    expect(result.table).toEqual({ both: 20, onlyFirst: 40, onlySecond: 20, neither: 120 });
    expect(result.includingUncoded.kappa.value).toBeCloseTo(0.08 / 0.38, 10);
  });

  it("is symmetric in coder order and gives 1 for identical coders", () => {
    const ranges = fc.array(fc.tuple(fc.integer({ min: 0, max: 190 }), fc.integer({ min: 1, max: 50 })), { maxLength: 10 });
    fc.assert(
      fc.property(ranges, ranges, (x, y) => {
        const segments = [...x.map(([s, l]) => seg("a", "p", s, s + l)), ...y.map(([s, l]) => seg("b", "p", s, s + l))];
        const c: Continuum = { id: "d", length: 250, segments };
        const ab = characterAgreement([c], { coders: ["a", "b"], code: "p" });
        const ba = characterAgreement([{ ...c, segments: [...segments].reverse() }], { coders: ["b", "a"], code: "p" });
        expect(ba.includingUncoded.percent).toBeCloseTo(ab.includingUncoded.percent!, 10);
        if (ab.includingUncoded.kappa.value !== null) expect(ba.includingUncoded.kappa.value).toBeCloseTo(ab.includingUncoded.kappa.value, 10);
        const same: Continuum = { id: "d", length: 250, segments: [...x.map(([s, l]) => seg("a", "p", s, s + l)), ...x.map(([s, l]) => seg("b", "p", s, s + l))] };
        expect(characterAgreement([same], { coders: ["a", "b"], code: "p" }).includingUncoded.percent).toBe(1);
      }),
    );
  });
});

describe("segment overlap (MAXQDA)", () => {
  // a: p [0,100) and p [200,250); b: p [5,100) (overlap 95/100 = 0.95) and p [200,300) (50/100 = 0.5),
  // and r [400,420) that a did not code. At 90 %: one match; a's [200,250) and b's [200,300) and
  // b's r unmatched. a = 1, b = 1 (a), c = 2 (b): p_o = 1/4; two codes: κ = (0.25 − 0.5)/0.5 = −0.5.
  const doc: Continuum = {
    id: "d",
    length: 500,
    segments: [seg("a", "p", 0, 100), seg("a", "p", 200, 250), seg("b", "p", 5, 100), seg("b", "p", 200, 300), seg("b", "r", 400, 420)],
  };

  it("matches segments of the same code that overlap by at least the threshold of their union", () => {
    const result = segmentOverlap([doc], { coders: ["a", "b"] });
    expect(result.pooled).toMatchObject({ matched: 1, onlyFirst: 1, onlySecond: 2 });
    expect(result.pooled.percent).toBeCloseTo(0.25, 10);
    expect(result.pooled.kappa).toBeCloseTo(-0.5, 10);
    expect(result.perCode.p).toMatchObject({ matched: 1, onlyFirst: 1, onlySecond: 1 });
    expect(result.perCode.r).toMatchObject({ matched: 0, onlyFirst: 0, onlySecond: 1 });
    const close = result.pairs.find((p) => !p.matched && p.first?.start === 200)!;
    expect(close.overlapShare).toBeCloseTo(0.5, 10);
  });

  it("lowers the bar with the threshold, and refuses a threshold outside (0, 1]", () => {
    expect(segmentOverlap([doc], { coders: ["a", "b"], threshold: 0.5 }).pooled.matched).toBe(2);
    expect(() => segmentOverlap([doc], { coders: ["a", "b"], threshold: 0 })).toThrow(/threshold/);
    expect(() => segmentOverlap([doc], { coders: ["a", "b"], threshold: 1.5 })).toThrow(/threshold/);
  });

  it("uses each segment in one match only", () => {
    const twice: Continuum = { id: "d", length: 100, segments: [seg("a", "p", 0, 50), seg("b", "p", 0, 50), seg("b", "p", 0, 50)] };
    expect(segmentOverlap([twice], { coders: ["a", "b"] }).pooled).toMatchObject({ matched: 1, onlyFirst: 0, onlySecond: 1 });
  });

  it("does not depend on segment order and mirrors when coders swap", () => {
    const ab = segmentOverlap([doc], { coders: ["a", "b"] }).pooled;
    const ba = segmentOverlap([{ ...doc, segments: [...doc.segments].reverse() }], { coders: ["b", "a"] }).pooled;
    expect(ba).toEqual({ ...ab, onlyFirst: ab.onlySecond, onlySecond: ab.onlyFirst });
  });
});
