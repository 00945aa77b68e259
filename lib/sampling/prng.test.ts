import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareIds, fnv1a32, mulberry32, normalizeSeed, randomInt, rngFor, shuffle } from "./prng";

/** bryc's published JavaScript mulberry32 ("PRNGs", github.com/bryc/code), as written there. */
function referenceMulberry32(a: number) {
  return function () {
    let t = (a += 0x6d2b79f5);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("fnv1a32", () => {
  // Test vectors from the FNV reference (Landon Curt Noll, fnv test suite, FNV-1a 32-bit).
  it.each([
    ["", 0x811c9dc5],
    ["a", 0xe40c292c],
    ["b", 0xe70c2de5],
    ["foobar", 0xbf9cf968],
  ])("%j → %i", (text, hash) => {
    expect(fnv1a32(text)).toBe(hash);
  });

  it("hashes UTF-8 bytes, not UTF-16 units", () => {
    // "é" is two UTF-8 bytes (c3 a9): fold them by hand.
    let h = 0x811c9dc5;
    for (const b of [0xc3, 0xa9]) h = Math.imul(h ^ b, 0x01000193) >>> 0;
    expect(fnv1a32("é")).toBe(h);
  });
});

describe("mulberry32", () => {
  it("gives the published values (first outputs as u32)", () => {
    const u32 = (seed: number) => {
      const rng = mulberry32(seed);
      return [rng(), rng(), rng()].map((x) => x * 4294967296);
    };
    expect(u32(0)).toEqual([1144304738, 1416247, 958946056]);
    expect(u32(1)).toEqual([2693262067, 11749833, 2265367787]);
    expect(u32(42)).toEqual([2581720956, 1925393290, 3661312704]);
  });

  it("matches the reference implementation for any seed (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (seed) => {
        const ours = mulberry32(seed);
        const theirs = referenceMulberry32(seed | 0);
        for (let i = 0; i < 20; i++) expect(ours()).toBe(theirs());
      }),
    );
  });

  it("stays in [0, 1)", () => {
    const rng = mulberry32(7);
    const xs = Array.from({ length: 10_000 }, rng);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
  });
});

describe("seeds", () => {
  it("treat a number and its decimal string as the same seed", () => {
    expect(normalizeSeed(42)).toBe("42");
    expect(normalizeSeed(" 42 ")).toBe("42");
    const a = rngFor(42, "coders");
    const b = rngFor("42", "coders");
    expect([a(), a()]).toEqual([b(), b()]);
  });

  it("give each purpose its own stream", () => {
    expect(rngFor(42, "coders")()).not.toBe(rngFor(42, "strata")());
    expect(rngFor(42, "coders")()).not.toBe(rngFor(43, "coders")());
  });
});

describe("shuffle (Fisher–Yates)", () => {
  it("returns a permutation and leaves the input alone (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), fc.integer(), (items, seed) => {
        const copy = [...items];
        const out = shuffle(items, rngFor(seed, "t"));
        expect(items).toEqual(copy);
        expect([...out].sort((a, b) => a - b)).toEqual([...items].sort((a, b) => a - b));
      }),
    );
  });

  it("is reproducible from the seed", () => {
    const items = Array.from({ length: 30 }, (_, i) => i);
    expect(shuffle(items, rngFor("s", "x"))).toEqual(shuffle(items, rngFor("s", "x")));
    expect(shuffle(items, rngFor("s", "x"))).not.toEqual(shuffle(items, rngFor("t", "x")));
  });

  it("is roughly uniform: each of 3! orders about 1/6 of the time", () => {
    const counts = new Map<string, number>();
    const rng = mulberry32(123);
    const runs = 60_000;
    for (let i = 0; i < runs; i++) {
      const key = shuffle(["a", "b", "c"], rng).join("");
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    for (const n of counts.values()) expect(Math.abs(n / runs - 1 / 6)).toBeLessThan(0.01);
  });

  it("randomInt stays in [0, n)", () => {
    const rng = mulberry32(9);
    for (let i = 0; i < 1000; i++) {
      const x = randomInt(rng, 5);
      expect(Number.isInteger(x) && x >= 0 && x < 5).toBe(true);
    }
  });
});

it("compareIds orders by code units, whatever the locale", () => {
  expect(["b", "B", "a", "A", "é"].sort(compareIds)).toEqual(["A", "B", "a", "b", "é"]);
});
