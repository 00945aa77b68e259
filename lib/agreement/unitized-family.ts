import { asConcatenated, type Concatenated, type Section } from "./continua";
import { groupBy } from "./group";
import { mergeRanges } from "./ranges";
import type { Continuum, Estimate, Segment } from "./types";

const GAP = "∅";

export type UnitizedFamily = {
  /** uα: all segments, units and gaps, nominal (section 5.1). */
  uAlpha: Estimate & { name: "uα" };
  /** |uα: relevant matter (any code) vs gaps (section 5.2); ATLAS.ti's "alpha-binary". */
  binaryAlpha: Estimate & { name: "|uα (alpha-binary)" };
  /** cuα: the values of intersecting units only (section 5.3); coverage = share of the continuum's pairable values it rests on. */
  cuAlpha: Estimate & { name: "cuα"; coverage: number | null };
  /** (k)uα per value: the reliability of each value among intersecting units (section 5.4). */
  perValue: Record<string, Estimate & { name: "(k)uα"; coverage: number | null }>;
};

/**
 * The uα family of Krippendorff, Mathet, Bouvry & Widlöcher (2016), "On the reliability of
 * unitizing textual continua: Further developments", Quality & Quantity 50:2347–2364 (the
 * coefficients ATLAS.ti reports as alpha-binary, cu-alpha and Cu-alpha). Nominal values.
 *
 * Each coder partitions the continuum (length L, m coders) into sections with a value: a code's
 * value (see `valueOfCode`: the code itself, or e.g. its top-level code as a semantic domain), or ∅ for matter they left uncoded. The model needs one value per place,
 * so where a coder's codings of different values overlap, that stretch takes the combined value
 * "a + b" (ATLAS.ti instead requires codes of a semantic domain to be exclusive).
 *   Observed coincidences (eq. 1): l_ck = Σ_{i≠j} Σ_{g of i valued c} Σ_{h of j valued k} |g ∩ h| / (m − 1);
 *   margins l_c, l·· = mL.
 *   Expected (eq. 4): e_ck = l·· (l_c l_k − [c = k] S_c) / (l··² − Σ_c S_c), with S_c = Σ ℓ_g² over
 *   sections valued c ≠ ∅ and S_∅ = Σ ℓ_g over gaps (gaps have no structure).
 *   uα = 1 − (l·· − Σ_c l_cc) / (l·· − Σ_c e_cc);  |uα = 1 − (l_∅ − l_∅∅) / (e_∅ − e_∅∅).
 *   cuα over the intersections of valued units: l'_c = l_c − l_c∅, l'·· = Σ l'_c; T_c = Σ_{i≠j} Σ_{g of i valued c}
 *   |g ∩ valued matter of j|²; e'_ck = (l'_c l'_k − [c = k] T_c/(m − 1)) / (l'·· − Σ T_c / (l'··(m − 1)));
 *   cuα = 1 − (l'·· − Σ l_cc) / (l'·· − Σ e'_cc);  (k)uα = 1 − (e'_k / l'_k)(l'_k − l_kk) / (e'_k − e'_kk).
 * Cross-checked against an independent implementation's published example (see the test).
 */
export function unitizedAlphaFamily(
  continua: readonly Continuum[] | Concatenated,
  opts: { coders: readonly string[]; codes: readonly string[]; valueOfCode?: (code: string) => string },
): UnitizedFamily {
  const valueOf = opts.valueOfCode ?? ((code: string) => code);
  const wanted = new Set(opts.codes);
  const { length, segments } = asConcatenated(continua);
  const m = opts.coders.length;
  const partitions = opts.coders.map((coder) => partition(segments.filter((s) => s.coder === coder && wanted.has(s.code)), length, valueOf));

  // Coincidences in flat arrays indexed by value (the hot loop of a report over 60,000 codings).
  const names = [...new Set(partitions.flatMap((p) => p.map((s) => s.value ?? GAP)))].sort();
  const indexOf = new Map(names.map((v, i) => [v, i]));
  const V = names.length;
  const lFlat = new Float64Array(V * V);
  const tFlat = new Float64Array(V);
  const ids = partitions.map((p) => Int32Array.from(p, (s) => indexOf.get(s.value ?? GAP)!));
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      if (i === j) continue;
      const a = partitions[i]!;
      const b = partitions[j]!;
      const ai = ids[i]!;
      const bi = ids[j]!;
      let x = 0;
      let y = 0;
      let valued = 0; // g's overlap with j's valued matter so far
      while (x < a.length && y < b.length) {
        const g = a[x]!;
        const h = b[y]!;
        const overlap = Math.min(g.end, h.end) - Math.max(g.start, h.start);
        if (overlap > 0) {
          lFlat[ai[x]! * V + bi[y]!]! += overlap / (m - 1);
          if (g.value !== null && h.value !== null) valued += overlap;
        }
        if (g.end <= h.end) {
          if (g.value !== null && valued > 0) tFlat[ai[x]!]! += valued * valued;
          valued = 0;
          x++;
          if (g.end === h.end) y++;
        } else {
          y++;
        }
      }
    }
  }
  const l = new Map(names.map((c, ci) => [c, new Map(names.map((k, ki) => [k, lFlat[ci * V + ki]!] as const).filter(([, v]) => v > 0))]));
  const T = new Map(names.map((c, ci) => [c, tFlat[ci]!] as const).filter(([, v]) => v > 0));
  const get = (c: string, k: string) => l.get(c)?.get(k) ?? 0;
  const values = [...l.keys()].sort();
  const margins = new Map([...l].map(([c, row]) => [c, [...row.values()].reduce((a, b) => a + b, 0)]));
  const margin = (c: string) => margins.get(c) ?? 0;
  const lAll = m * length;
  const none = <N extends string>(name: N, note: string) => ({ value: null, units: 0, values: lAll, note, name });
  if (m < 2 || length === 0) {
    return { uAlpha: none("uα", "needs two or more coders and some text"), binaryAlpha: none("|uα (alpha-binary)", "needs two or more coders"), cuAlpha: { ...none("cuα", "needs two or more coders"), coverage: null }, perValue: {} };
  }

  // Expected coincidences over units and gaps (eq. 4).
  const S = new Map<string, number>();
  for (const p of partitions) for (const s of p) S.set(s.value ?? GAP, (S.get(s.value ?? GAP) ?? 0) + (s.value === null ? s.end - s.start : (s.end - s.start) ** 2));
  const sTotal = [...S.values()].reduce((a, b) => a + b, 0);
  const e = (c: string, k: string) => (lAll * (margin(c) * margin(k) - (c === k ? (S.get(c) ?? 0) : 0))) / (lAll * lAll - sTotal);
  const units = partitions.flat().filter((s) => s.value !== null).length;

  const observedDiagonal = values.reduce((sum, c) => sum + get(c, c), 0);
  const expectedDiagonal = values.reduce((sum, c) => sum + e(c, c), 0);
  const uAlpha = ratio(lAll - observedDiagonal, lAll - expectedDiagonal, { units, values: lAll }, "uα");

  const expectedGapMargin = values.reduce((sum, k) => sum + e(GAP, k), 0);
  const binaryAlpha = ratio(margin(GAP) - get(GAP, GAP), expectedGapMargin - e(GAP, GAP), { units, values: lAll }, "|uα (alpha-binary)");

  // cuα and (k)uα on the intersections of valued units.
  const valued = values.filter((c) => c !== GAP);
  const cuMargin = new Map(valued.map((c) => [c, margin(c) - get(c, GAP)]));
  const cuAll = [...cuMargin.values()].reduce((a, b) => a + b, 0);
  const tTotal = [...T.values()].reduce((a, b) => a + b, 0);
  const cuDenominator = cuAll - tTotal / (cuAll * (m - 1));
  const eCu = (c: string, k: string) => (cuMargin.get(c)! * cuMargin.get(k)! - (c === k ? (T.get(c) ?? 0) / (m - 1) : 0)) / cuDenominator;
  const coverage = lAll === 0 ? null : cuAll / lAll;
  const cuObserved = cuAll - valued.reduce((sum, c) => sum + get(c, c), 0);
  const cuExpected = cuAll - valued.reduce((sum, c) => sum + eCu(c, c), 0);
  const cuAlpha = cuAll === 0 ? { ...none("cuα", "no coded stretch is coded by two coders"), coverage } : { ...ratio(cuObserved, cuExpected, { units, values: cuAll }, "cuα"), coverage };

  const perValue: UnitizedFamily["perValue"] = {};
  for (const k of valued) {
    const lk = cuMargin.get(k)!;
    const coverageK = margin(k) === 0 ? null : lk / margin(k);
    if (lk === 0) {
      perValue[k] = { value: null, units: 0, values: 0, name: "(k)uα", coverage: coverageK, note: "no stretch with this value is coded by two coders" };
      continue;
    }
    const ek = valued.reduce((sum, c) => sum + eCu(k, c), 0);
    const denominator = ek - eCu(k, k);
    perValue[k] =
      denominator === 0
        ? { value: null, units, values: lk, name: "(k)uα", coverage: coverageK, note: "no expected disagreement" }
        : { value: 1 - ((ek / lk) * (lk - get(k, k))) / denominator, units, values: lk, name: "(k)uα", coverage: coverageK };
  }
  return { uAlpha, binaryAlpha, cuAlpha, perValue };
}

function ratio<N extends string>(observed: number, expected: number, base: { units: number; values: number }, name: N): Estimate & { name: N } {
  if (expected === 0) return { value: null, ...base, name, note: "no expected disagreement" };
  return { value: 1 - observed / expected, ...base, name };
}

/**
 * A coder's sections: overlapping codings of the same value merge into one unit; then the
 * continuum is cut wherever the set of units covering it changes. Each stretch takes the value of
 * the units covering it (combined when several values overlap) or ∅.
 */
function partition(segments: readonly Segment[], length: number, valueOf: (code: string) => string): Section[] {
  const byValue = groupBy(segments, (s) => valueOf(s.code));
  const units = [...byValue].flatMap(([value, list]) => mergeRanges(list, { touching: false }).map((r) => ({ ...r, value })));
  const cuts = [...new Set([0, length, ...units.flatMap((u) => [u.start, u.end])])].filter((p) => p >= 0 && p <= length).sort((a, b) => a - b);
  const starting = groupBy(units.keys(), (id) => units[id]!.start);
  const active = new Set<number>();
  const out: (Section & { key: string })[] = [];
  for (let p = 0; p < cuts.length - 1; p++) {
    const from = cuts[p]!;
    const to = cuts[p + 1]!;
    let changed = p === 0;
    for (const id of active) {
      if (units[id]!.end <= from) {
        active.delete(id);
        changed = true;
      }
    }
    for (const id of starting.get(from) ?? []) {
      active.add(id);
      changed = true;
    }
    const last = out[out.length - 1];
    if (!changed && last) {
      last.end = to;
      continue;
    }
    const sorted = [...active].sort((a, b) => a - b);
    const key = sorted.join(",");
    if (last && last.key === key) {
      last.end = to;
      continue;
    }
    const value = sorted.length === 0 ? null : [...new Set(sorted.map((id) => units[id]!.value))].sort().join(" + ");
    out.push({ start: from, end: to, value, key });
  }
  return out.map(({ start, end, value }) => ({ start, end, value }));
}
