import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allocate } from "./allocate";
import { rngFor } from "./prng";

const rng = () => rngFor("allocate", "strata");
const drawn = (rows: { stratum: string; drawn: number }[]) => Object.fromEntries(rows.map((r) => [r.stratum, r.drawn]));

describe("allocate (largest remainder)", () => {
  it.each([
    // [sizes, n, expected], worked by hand.
    [{ a: 10, b: 10 }, 10, { a: 5, b: 5 }],
    [{ a: 50, b: 30, c: 20 }, 20, { a: 10, b: 6, c: 4 }],
    // Quotas 3, 1.5, 0.5: b and c tie for the seat left; if b takes it, c still gets one (from b).
    [{ a: 6, b: 3, c: 1 }, 5, { a: 3, b: 1, c: 1 }],
    // Quotas 3.5, 1, 0.5: a and c tie; if a takes it, c still gets one (from a, furthest above quota).
    [{ a: 7, b: 2, c: 1 }, 5, { a: 3, b: 1, c: 1 }],
  ])("%j, n = %i → %j", (sizes, n, expected) => {
    const rows = allocate(Object.entries(sizes).map(([stratum, size]) => ({ stratum, size })), n, rng(), { atLeastOne: true });
    expect(drawn(rows)).toEqual(expected);
  });

  it("breaks a tie on remainders by the seeded order, one way or the other", () => {
    // Quotas 4.5, 3.5, 2: a and b tie for the one seat left.
    const sizes = [
      { stratum: "a", size: 45 },
      { stratum: "b", size: 35 },
      { stratum: "c", size: 20 },
    ];
    const outcomes = new Set<string>();
    for (let seed = 0; seed < 40; seed++) {
      const got = drawn(allocate(sizes, 10, rngFor(seed, "strata"), { atLeastOne: true }));
      expect(got.c).toBe(2);
      outcomes.add(`${got.a}/${got.b}`);
    }
    expect([...outcomes].sort()).toEqual(["4/4", "5/3"]);
  });

  it("uses the largest remainders: 10 of sizes 5, 3, 2 → 5, 3, 2 (exact) and 7 → 4, 2, 1", () => {
    const sizes = [
      { stratum: "x", size: 5 },
      { stratum: "y", size: 3 },
      { stratum: "z", size: 2 },
    ];
    expect(drawn(allocate(sizes, 10, rng(), { atLeastOne: false }))).toEqual({ x: 5, y: 3, z: 2 });
    // quotas 3.5, 2.1, 1.4 → 3, 2, 1 and the one seat left to x (.5 is the largest remainder).
    expect(drawn(allocate(sizes, 7, rng(), { atLeastOne: false }))).toEqual({ x: 4, y: 2, z: 1 });
  });

  it("without atLeastOne, a small stratum may get nothing; with it, it gets one taken from the most over-allocated", () => {
    const sizes = [
      { stratum: "big", size: 18 },
      { stratum: "small", size: 2 },
    ];
    // quotas 4.5 and 0.5: tie on remainders.
    const plain = drawn(allocate(sizes, 5, rng(), { atLeastOne: false }));
    expect(plain.big! + plain.small!).toBe(5);
    expect(drawn(allocate(sizes, 5, rng(), { atLeastOne: true }))).toEqual({ big: 4, small: 1 });
    const sizes2 = [
      { stratum: "big", size: 97 },
      { stratum: "small", size: 3 },
    ];
    expect(drawn(allocate(sizes2, 10, rng(), { atLeastOne: false }))).toEqual({ big: 10, small: 0 });
    expect(drawn(allocate(sizes2, 10, rng(), { atLeastOne: true }))).toEqual({ big: 9, small: 1 });
  });

  it("cannot give every stratum one when the sample is smaller than the number of strata", () => {
    const sizes = ["a", "b", "c", "d"].map((stratum) => ({ stratum, size: 5 }));
    const rows = allocate(sizes, 2, rng(), { atLeastOne: true });
    expect(rows.reduce((s, r) => s + r.drawn, 0)).toBe(2);
    expect(rows.every((r) => r.drawn <= 1)).toBe(true);
  });

  it("refuses a sample larger than the population", () => {
    expect(() => allocate([{ stratum: "a", size: 2 }], 3, rng(), { atLeastOne: false })).toThrow(RangeError);
  });

  const strataArb = fc.uniqueArray(fc.record({ stratum: fc.string({ maxLength: 4 }), size: fc.integer({ min: 1, max: 60 }) }), {
    selector: (s) => s.stratum,
    minLength: 1,
    maxLength: 8,
  });

  it("adds up to n, stays within each stratum and within one of the quota (property)", () => {
    fc.assert(
      fc.property(strataArb, fc.double({ min: 0, max: 1, noNaN: true }), fc.string(), (strata, t, seed) => {
        const total = strata.reduce((s, x) => s + x.size, 0);
        const n = Math.round(t * total);
        const pure = allocate(strata, n, rngFor(seed, "strata"), { atLeastOne: false });
        const rep = allocate(strata, n, rngFor(seed, "strata"), { atLeastOne: true });
        for (const rows of [pure, rep]) {
          expect(rows.reduce((s, r) => s + r.drawn, 0)).toBe(n);
          for (const r of rows) {
            expect(r.drawn).toBeGreaterThanOrEqual(0);
            expect(r.drawn).toBeLessThanOrEqual(r.size);
            expect(r.quota).toBeCloseTo((n * r.size) / total, 9);
          }
        }
        // Largest remainder: the whole part of the quota, or one more.
        for (const r of pure) expect(r.drawn === Math.floor(r.quota) || r.drawn === Math.floor(r.quota) + 1).toBe(true);
        if (n >= strata.length) {
          // Every stratum represented; only strata that had nothing gain, the others can only give.
          rep.forEach((r, i) => {
            expect(r.drawn).toBeGreaterThanOrEqual(1);
            if (pure[i]!.drawn === 0) expect(r.drawn).toBe(1);
            else expect(r.drawn).toBeLessThanOrEqual(pure[i]!.drawn);
          });
        } else {
          expect(rep).toEqual(pure);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("ignores the order the strata come in (property)", () => {
    fc.assert(
      fc.property(strataArb, fc.integer({ min: 0, max: 100 }), fc.string(), (strata, pct, seed) => {
        const total = strata.reduce((s, x) => s + x.size, 0);
        const n = Math.round((pct / 100) * total);
        const a = allocate(strata, n, rngFor(seed, "strata"), { atLeastOne: true });
        const b = allocate([...strata].reverse(), n, rngFor(seed, "strata"), { atLeastOne: true });
        expect(a).toEqual(b);
      }),
    );
  });
});
