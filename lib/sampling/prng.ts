/**
 * A small, well-known seeded random number generator, so that a sample drawn from a seed can be
 * drawn again — by this app, or by a reviewer re-implementing it from the methods section.
 *
 * - Seeds are strings (a number seed is its decimal string: 42 and "42" are the same seed).
 * - A seed and a purpose label ("stratum:news", "coders", …) are hashed with 32-bit FNV-1a over
 *   the UTF-8 bytes of `${seed}\u0000${label}` (http://www.isthe.com/chongo/tech/comp/fnv/).
 *   Each purpose gets its own stream, so adding a stratum does not change what another draws.
 * - The stream is mulberry32 (Tommy Ettinger, 2017; the JavaScript form popularised by bryc's
 *   "PRNGs" collection): 32-bit state, period 2^32, outputs uniform in [0, 1) as u32 / 2^32.
 * - Integers in [0, n) are floor(u · n): for n up to a few thousand the bias is below 1e-6.
 * - Shuffles are Fisher–Yates (Durstenfeld): for i from n−1 down to 1, swap i with j in [0, i].
 */

export type Rng = () => number;

const encoder = new TextEncoder();

/** 32-bit FNV-1a of the UTF-8 bytes of `text`, as an unsigned integer. */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of encoder.encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** mulberry32 from a 32-bit state: each call returns the next number in [0, 1). */
export function mulberry32(state: number): Rng {
  let a = state >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed as the draw uses it: numbers become their decimal string, strings are trimmed. */
export function normalizeSeed(seed: string | number): string {
  return typeof seed === "number" ? String(seed) : seed.trim();
}

/** The random stream for one purpose of one seeded draw. */
export function rngFor(seed: string | number, label: string): Rng {
  return mulberry32(fnv1a32(`${normalizeSeed(seed)}\u0000${label}`));
}

/** An integer in [0, n). */
export function randomInt(rng: Rng, n: number): number {
  return Math.floor(rng() * n);
}

/** A shuffled copy (Fisher–Yates); the input is left as it was. */
export function shuffle<T>(items: readonly T[], rng: Rng): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(rng, i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Code-unit order: the same in every runtime and locale (unlike localeCompare). */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
