import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sectionDistance, unitizedAlpha2004 } from "./unitized";
import { unitizedAlphaFamily } from "./unitized-family";
import type { Continuum, Segment } from "./types";

const unit = (start: number, end: number) => ({ start, end, value: "x" });
const gap = (start: number, end: number) => ({ start, end, value: null });
const seg = (coder: string, code: string, start: number, length: number): Segment => ({ coder, code, start, end: start + length });

describe("uα of Krippendorff 1995/2004, as DKPro Agreement computes it", () => {
  it("has the distances of Krippendorff 2004, pp. 252–253 (DKPro's Krippendorff2004Test)", () => {
    // (begin, length) pairs as in the book; a gap is a section without a value.
    const sec = (b: number, l: number, coded: boolean) => (coded ? unit(b, b + l) : gap(b, b + l));
    expect(sectionDistance(sec(2, 3, false), sec(2, 2, true)) + sectionDistance(sec(5, 6, true), sec(4, 7, false))).toBe(40);
    expect(sectionDistance(sec(5, 6, true), sec(4, 2, true))).toBe(26);
    expect(sectionDistance(sec(5, 6, true), sec(6, 4, true))).toBe(2);
    expect(sectionDistance(sec(225, 70, true), sec(220, 80, true))).toBe(50);
    expect(sectionDistance(sec(370, 30, true), sec(355, 20, true))).toBe(850);
    expect(sectionDistance(sec(400, 50, false), sec(400, 20, true))).toBe(400);
  });

  it("reproduces Krippendorff 2004's example (p. 254): α_c = 0.7286, α_k = 1, uα = 0.8591", () => {
    // Two observers on a continuum of 300 (the book's 150–450, shifted to start at 0).
    const at = (b: number) => b - 150;
    const continuum: Continuum = {
      id: "k2004",
      length: 300,
      segments: [
        seg("i", "c", at(225), 70),
        seg("i", "c", at(370), 30),
        seg("j", "c", at(220), 80),
        seg("j", "c", at(355), 20),
        seg("j", "c", at(400), 20),
        seg("i", "k", at(180), 60),
        seg("i", "k", at(300), 50),
        seg("j", "k", at(180), 60),
        seg("j", "k", at(300), 50),
      ],
    };
    const result = unitizedAlpha2004([continuum], { coders: ["i", "j"], codes: ["c", "k"] });
    expect(result.perCode.c!.observed).toBeCloseTo(0.0144, 4);
    expect(result.perCode.c!.expected).toBeCloseTo(0.0532, 4);
    expect(result.perCode.c!.value).toBeCloseTo(0.7286, 3);
    expect(result.perCode.k!.observed).toBe(0);
    expect(result.perCode.k!.expected).toBeCloseTo(0.049, 3);
    expect(result.perCode.k!.value).toBe(1);
    expect(result.overall.value).toBeCloseTo(0.8591, 3);
  });

  it("reproduces the observed disagreements of Krippendorff 1995's example (p. 57) exactly, and its α within DKPro's tolerance", () => {
    // Four pairs of observers on a continuum of 24, stretched ×50,000 as DKPro does to approach the
    // paper's continuous case. DKPro notes a small error in the paper's D_E, so α is compared to
    // ±0.02 there (A .553, B −.926, C .679, D .066); D_O is exact.
    const stretch = 50_000;
    const s = (coder: string, code: string, b: number, l: number) => seg(coder, code, b * stretch, l * stretch);
    const continuum: Continuum = {
      id: "k1995",
      length: 24 * stretch,
      segments: [
        s("1", "A", 2, 8), s("1", "A", 14, 6), s("2", "A", 4, 4), s("2", "A", 15, 2),
        s("1", "B", 0, 18), s("2", "B", 0, 2), s("2", "B", 2, 1), s("2", "B", 3, 1), s("2", "B", 4, 1), s("2", "B", 5, 1), s("2", "B", 6, 3), s("2", "B", 9, 1),
        s("1", "C", 2, 6), s("1", "C", 10, 2), s("1", "C", 14, 4), s("1", "C", 20, 2),
        s("2", "C", 0, 2), s("2", "C", 4, 4), s("2", "C", 10, 4), s("2", "C", 16, 2), s("2", "C", 20, 2),
        s("1", "D", 0, 2), s("1", "D", 2, 8), s("1", "D", 10, 4), s("1", "D", 14, 6), s("1", "D", 20, 4),
        s("2", "D", 0, 4), s("2", "D", 4, 4), s("2", "D", 8, 7), s("2", "D", 15, 2), s("2", "D", 17, 7),
      ],
    };
    const result = unitizedAlpha2004([continuum], { coders: ["1", "2"], codes: ["A", "B", "C", "D"] });
    // DKPro's tolerance for D_O, which it prints to five decimals: 1e-5.
    expect(Math.abs(result.perCode.A!.observed - 0.03125)).toBeLessThan(1e-5);
    expect(Math.abs(result.perCode.B!.observed - 2.26736)).toBeLessThan(1e-5);
    expect(Math.abs(result.perCode.C!.observed - 0.02777)).toBeLessThan(1e-5);
    expect(Math.abs(result.perCode.D!.observed - 0.38715)).toBeLessThan(1e-5);
    expect(Math.abs(result.perCode.A!.value! - 0.553)).toBeLessThan(0.02);
    expect(Math.abs(result.perCode.B!.value! - -0.926)).toBeLessThan(0.02);
    expect(Math.abs(result.perCode.C!.value! - 0.679)).toBeLessThan(0.02);
    expect(Math.abs(result.perCode.D!.value! - 0.066)).toBeLessThan(0.02);
  });

  it("gives 1 for identical coders, is symmetric in coder order and independent of segment order", () => {
    const arbitrary = fc.array(fc.record({ start: fc.integer({ min: 0, max: 900 }), length: fc.integer({ min: 1, max: 100 }), code: fc.constantFrom("p", "s", "r") }), { minLength: 1, maxLength: 15 });
    fc.assert(
      fc.property(arbitrary, arbitrary, (mine, theirs) => {
        const same: Continuum = { id: "d", length: 1000, segments: [...mine.map((x) => seg("a", x.code, x.start, x.length)), ...mine.map((x) => seg("b", x.code, x.start, x.length))] };
        const codes = ["p", "s", "r"];
        expect(unitizedAlpha2004([same], { coders: ["a", "b"], codes }).overall.value).toBeCloseTo(1, 10);
        const different: Continuum = { id: "d", length: 1000, segments: [...mine.map((x) => seg("a", x.code, x.start, x.length)), ...theirs.map((x) => seg("b", x.code, x.start, x.length))] };
        const forward = unitizedAlpha2004([different], { coders: ["a", "b"], codes }).overall.value!;
        const backward = unitizedAlpha2004([{ ...different, segments: [...different.segments].reverse() }], { coders: ["b", "a"], codes }).overall.value!;
        expect(backward).toBeCloseTo(forward, 10);
      }),
    );
  });
});

describe("the uα family of Krippendorff et al. 2016", () => {
  // No worked example of the 2016 paper is available in this environment, so the coefficients are
  // checked on a case computed by hand from the paper's equations (steps below), and by properties.
  // Two coders, L = 10, one code p: a codes [0,4), b codes [0,6).
  //   Sections: a = p[0,4) ∅[4,10); b = p[0,6) ∅[6,10).
  //   Coincidences (both directions, m − 1 = 1): l_pp = 4+4 = 8, l_p∅ = l_∅p = 2, l_∅∅ = 4+4 = 8; l·· = 20.
  //   S_p = 4² + 6² = 52, S_∅ = 6 + 4 = 10; denominator 20² − 62 = 338.
  //   e_pp = 20(10·10 − 52)/338 = 2.8402, e_∅∅ = 20(100 − 10)/338 = 5.3254, e_∅p = 20·100/338 = 5.9172.
  //   uα = 1 − (20 − 16)/(20 − 8.1657) = 0.6620;  |uα = 1 − 2/5.9172 = 0.6620 (one code: the same).
  //   cuα: l'_p = 8, T_p = 4² + 4² = 32, e'_pp = (64 − 32)/(8 − 32/8) = 8 → 0/0: one value, undefined.
  const hand: Continuum = { id: "hand", length: 10, segments: [seg("a", "p", 0, 4), seg("b", "p", 0, 6)] };
  const handResult = unitizedAlphaFamily([hand], { coders: ["a", "b"], codes: ["p"] });

  it("matches the hand computation for uα, |uα and cuα", () => {
    expect(handResult.uAlpha.value).toBeCloseTo(1 - 4 / (20 - 20 * (48 + 90) / 338), 10);
    expect(handResult.uAlpha.value).toBeCloseTo(0.662, 3);
    expect(handResult.binaryAlpha.value).toBeCloseTo(1 - 2 / ((20 * 100) / 338), 10);
    expect(handResult.cuAlpha.value).toBeNull();
    expect(handResult.cuAlpha.coverage).toBeCloseTo(8 / 20, 10);
  });

  const example: Continuum = {
    id: "three",
    length: 60,
    segments: [
      { coder: "Alex", code: "1", start: 2, end: 5 },
      { coder: "Paul", code: "1", start: 2, end: 5 },
      { coder: "Paul", code: "2", start: 10, end: 20 },
      { coder: "Susan", code: "2", start: 2, end: 5 },
      { coder: "Susan", code: "2", start: 15, end: 20 },
    ],
  };
  const result = unitizedAlphaFamily([example], { coders: ["Alex", "Paul", "Susan"], codes: ["1", "2"] });

  it("stays within [−1, 1] and below 1 when coders differ, with three coders", () => {
    for (const v of [result.uAlpha.value, result.binaryAlpha.value, result.cuAlpha.value]) {
      expect(v).not.toBeNull();
      expect(v!).toBeLessThan(1);
      expect(v!).toBeGreaterThan(-1);
    }
  });

  it("gives 1 for identical coders and does not depend on coder or segment order", () => {
    const same: Continuum = { id: "d", length: 100, segments: [seg("a", "p", 10, 20), seg("a", "r", 50, 10), seg("b", "p", 10, 20), seg("b", "r", 50, 10)] };
    const identical = unitizedAlphaFamily([same], { coders: ["a", "b"], codes: ["p", "r"] });
    expect(identical.uAlpha.value).toBeCloseTo(1, 10);
    expect(identical.binaryAlpha.value).toBeCloseTo(1, 10);
    expect(identical.cuAlpha.value).toBeCloseTo(1, 10);
    const reordered = unitizedAlphaFamily([{ ...example, segments: [...example.segments].reverse() }], { coders: ["Susan", "Alex", "Paul"], codes: ["2", "1"] });
    expect(reordered.uAlpha.value).toBeCloseTo(result.uAlpha.value!, 10);
    expect(reordered.cuAlpha.value).toBeCloseTo(result.cuAlpha.value!, 10);
  });

  it("gives overlapping codings of different codes a combined value instead of dropping one", () => {
    const overlapping: Continuum = { id: "d", length: 100, segments: [seg("a", "p", 10, 20), seg("a", "r", 20, 20), seg("b", "p", 10, 20), seg("b", "r", 20, 20)] };
    const r = unitizedAlphaFamily([overlapping], { coders: ["a", "b"], codes: ["p", "r"] });
    expect(Object.keys(r.perValue).sort()).toEqual(["p", "p + r", "r"]);
    expect(r.uAlpha.value).toBeCloseTo(1, 10);
  });
});

describe("alpha-binary per code", () => {
  it("computed in the uα pass equals the 2016 family's |uα on that code alone", () => {
    const arbitrary = fc.array(fc.record({ coder: fc.constantFrom("a", "b", "c"), start: fc.integer({ min: 0, max: 450 }), length: fc.integer({ min: 1, max: 60 }) }), { minLength: 1, maxLength: 20 });
    fc.assert(
      fc.property(arbitrary, fc.boolean(), (xs, three) => {
        const coders = three ? ["a", "b", "c"] : ["a", "b"];
        const continuum: Continuum = { id: "d", length: 500, segments: xs.filter((x) => coders.includes(x.coder)).map((x) => seg(x.coder, "p", x.start, x.length)) };
        const fromPass = unitizedAlpha2004([continuum], { coders, codes: ["p"] }).perCode.p!.binary.value;
        const fromFamily = unitizedAlphaFamily([continuum], { coders, codes: ["p"] }).binaryAlpha.value;
        if (fromFamily === null) expect(fromPass).toBeNull();
        else expect(fromPass).toBeCloseTo(fromFamily, 9);
      }),
    );
  });
});

