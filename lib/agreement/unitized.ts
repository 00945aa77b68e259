import { asConcatenated, type Concatenated, forEachOverlap, sectionsOf, type Section, unitsByCode } from "./continua";
import type { Continuum, Estimate } from "./types";

export type UnitizedAlpha2004 = {
  name: "uα (Krippendorff 1995/2004)";
  overall: Estimate;
  perCode: Record<string, Estimate & { observed: number; expected: number; binary: Estimate }>;
};

/**
 * Krippendorff's α for unitized continuous data, uα, as defined in Krippendorff (1995) "On the
 * reliability of unitizing continuous data", Sociological Methodology 25:47–76, and Krippendorff
 * (2004) Content Analysis, 2nd ed., pp. 251–256 — computed the way DKPro Agreement
 * (KrippendorffAlphaUnitizingAgreement, INCEpTION's engine) computes it, code by code:
 *
 * Each coder's codings of code c (overlapping ones merged) cut the continuum of length L into
 * units and gaps. For every pair of coders and every pair of their sections that overlap:
 *   δ² = (b₁ − b₂)² + (e₁ − e₂)²  when both are units and they overlap,
 *   δ² = ℓ²                       when one is a unit of length ℓ lying wholly inside the other's gap,
 *   δ² = 0                        otherwise.
 *   D_o(c) = 2 Σ_{pairs of coders} Σ δ² / (m (m − 1) L²)
 *   D_e(c) = (2/L) Σ_{units g} [ (N_c − 1)(2ℓ_g³ − 3ℓ_g² + ℓ_g)/3 + ℓ_g² Σ_{gaps h: ℓ_h ≥ ℓ_g} (ℓ_h − ℓ_g + 1) ]
 *            / ( mL(mL − 1) − Σ_{units g} ℓ_g(ℓ_g − 1) )
 * over all m coders' units (N_c of them) and gaps. uα(c) = 1 − D_o(c)/D_e(c); the overall uα is
 * 1 − Σ_c D_o(c) / Σ_c D_e(c) (DKPro averages both over the codes; the ratio is the same).
 * Codes nobody used, and codes without expected disagreement, have no value (null).
 */
export function unitizedAlpha2004(continua: readonly Continuum[] | Concatenated, opts: { coders: readonly string[]; codes: readonly string[] }): UnitizedAlpha2004 {
  const { length, segments } = asConcatenated(continua);
  const m = opts.coders.length;
  const perCode: UnitizedAlpha2004["perCode"] = {};
  let observedSum = 0;
  let expectedSum = 0;
  let unitsTotal = 0;
  const unitsOfCode = unitsByCode(segments);
  for (const code of opts.codes) {
    const sections = opts.coders.map((coder) => sectionsOf((unitsOfCode.get(code)?.get(coder) ?? []).map((r) => ({ start: r.start, end: r.end, value: code })), length));
    const units = sections.reduce((n, mine) => n + mine.filter((s) => s.value !== null).length, 0);
    const observed = m >= 2 && length > 0 ? observedDisagreement(sections, length) : 0;
    const expected = m >= 2 && length > 0 ? expectedDisagreement(sections, length) : 0;
    unitsTotal += units;
    const binary = m >= 2 && length > 0 ? binaryAlphaOf(sections, length) : { value: null, units, values: m, note: "needs two or more coders and some text" };
    const base = { units, values: m, observed, expected, binary };
    if (units === 0) perCode[code] = { value: null, ...base, note: "no coder used this code here" };
    else if (expected === 0) perCode[code] = { value: null, ...base, note: "no expected disagreement" };
    else perCode[code] = { value: 1 - observed / expected, ...base };
    observedSum += observed;
    expectedSum += expected;
  }
  const overall: Estimate =
    m < 2
      ? { value: null, units: unitsTotal, values: m, note: "unitized α needs two or more coders" }
      : expectedSum === 0
        ? { value: null, units: unitsTotal, values: m, note: "no expected disagreement: no coder coded anything" }
        : { value: 1 - observedSum / expectedSum, units: unitsTotal, values: m };
  return { name: "uα (Krippendorff 1995/2004)", overall, perCode };
}

/**
 * |uα (alpha-binary) of Krippendorff et al. 2016 for one code, from the same sections: with only
 * the values ∅ (gap) and c, eq. 6 reduces to |uα = 1 − l_∅c / e_∅c, where l_∅c sums the overlaps of
 * one coder's gaps with another's units (each unordered pair of coders counts both orders, / (m−1)),
 * e_∅c = l·· · l_∅ · l_c / (l··² − S), l_∅ and l_c the total gap and unit lengths over all coders,
 * l·· = mL, and S = Σ ℓ² over units + Σ ℓ over gaps. Equal to unitizedAlphaFamily on this code
 * alone (tested), at the cost of one pass the uα computation makes anyway.
 */
function binaryAlphaOf(sections: Section[][], length: number): Estimate {
  const m = sections.length;
  let mixed = 0;
  for (let i = 0; i < m; i++) {
    for (let j = i + 1; j < m; j++) {
      forEachOverlap(sections[i]!, sections[j]!, (a, b) => {
        if ((a.value === null) !== (b.value === null)) mixed += Math.min(a.end, b.end) - Math.max(a.start, b.start);
      });
    }
  }
  let gaps = 0;
  let units = 0;
  let s = 0;
  let count = 0;
  for (const mine of sections) {
    for (const section of mine) {
      const l = section.end - section.start;
      if (section.value === null) {
        gaps += l;
        s += l;
      } else {
        units += l;
        s += l * l;
        count++;
      }
    }
  }
  const all = m * length;
  const observed = mixed / (m - 1); // l_∅c: each mixed overlap lies in the ∅→c cell in exactly one of its two orders
  const expected = (all * gaps * units) / (all * all - s);
  const base = { units: count, values: all };
  if (expected === 0) return { value: null, ...base, note: "no expected disagreement" };
  return { value: 1 - observed / expected, ...base };
}

/** The δ² of two overlapping sections (see unitizedAlpha2004). */
export function sectionDistance(a: Section, b: Section): number {
  if (a.value !== null && b.value !== null) return (a.start - b.start) ** 2 + (a.end - b.end) ** 2;
  if (a.value !== null && b.value === null && b.start <= a.start && a.end <= b.end) return (a.end - a.start) ** 2;
  if (a.value === null && b.value !== null && a.start <= b.start && b.end <= a.end) return (b.end - b.start) ** 2;
  return 0;
}

function observedDisagreement(sections: Section[][], length: number): number {
  const m = sections.length;
  let sum = 0;
  for (let i = 0; i < m; i++) {
    for (let j = i + 1; j < m; j++) {
      forEachOverlap(sections[i]!, sections[j]!, (a, b) => (sum += sectionDistance(a, b)));
    }
  }
  return (2 * sum) / (m * (m - 1) * length * length);
}

function expectedDisagreement(sections: Section[][], length: number): number {
  const m = sections.length;
  const units: number[] = [];
  const gapLengths: number[] = [];
  for (const mine of sections) {
    for (const s of mine) {
      if (s.value === null) gapLengths.push(s.end - s.start);
      else units.push(s.end - s.start);
    }
  }
  // Gaps ascending with suffix sums: Σ_{g ≥ ℓ} (g − ℓ + 1) = (sum of those gaps) − (ℓ − 1)·(their count),
  // found by binary search, so thousands of units cost O((U + G) log G), not U·G.
  const gaps = Float64Array.from(gapLengths).sort();
  const suffix = new Float64Array(gaps.length + 1);
  for (let i = gaps.length - 1; i >= 0; i--) suffix[i] = suffix[i + 1]! + gaps[i]!;
  const n = units.length;
  let numerator = 0;
  let squaredLengths = 0;
  for (const l of units) {
    squaredLengths += l * (l - 1);
    const first = lowerBound(gaps, l);
    const fits = suffix[first]! - (l - 1) * (gaps.length - first);
    numerator += ((n - 1) * (2 * l ** 3 - 3 * l ** 2 + l)) / 3 + l * l * fits;
  }
  const denominator = m * length * (m * length - 1) - squaredLengths;
  return denominator === 0 ? 0 : ((2 / length) * numerator) / denominator;
}

/** Index of the first element ≥ x in an ascending array. */
function lowerBound(sorted: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
