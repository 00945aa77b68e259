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
  const byCoder = groupBy(segments, (s) => s.coder);
  const partitions = opts.coders.map((coder) => partition((byCoder.get(coder) ?? []).filter((s) => wanted.has(s.code)), length, valueOf));

  // Coincidences in flat arrays indexed by value (the hot loop of a report over 60,000 codings).
  const distinct = new Set<string>();
  for (const p of partitions) for (const s of p) distinct.add(s.value ?? GAP);
  const names = [...distinct].sort();
  const indexOf = new Map(names.map((v, i) => [v, i]));
  const V = names.length;
  const lFlat = new Float64Array(V * V);
  const tFlat = new Float64Array(V);
  const ids = partitions.map((p) => {
    const out = new Int32Array(p.length);
    for (let x = 0; x < p.length; x++) out[x] = indexOf.get(p[x]!.value ?? GAP)!;
    return out;
  });
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
  const { S, units } = structureSums(partitions, ids, names);
  const sTotal = [...S.values()].reduce((a, b) => a + b, 0);
  const e = (c: string, k: string) => (lAll * (margin(c) * margin(k) - (c === k ? (S.get(c) ?? 0) : 0))) / (lAll * lAll - sTotal);

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

/** S_c per value (Σ ℓ² over its sections, Σ ℓ over gaps), keyed in order of first appearance, and the number of units. */
function structureSums(partitions: readonly Section[][], ids: readonly Int32Array[], names: readonly string[]): { S: Map<string, number>; units: number } {
  const sums = new Float64Array(names.length);
  const order: number[] = [];
  const seen = new Uint8Array(names.length);
  let units = 0;
  partitions.forEach((p, i) => {
    const id = ids[i]!;
    for (let x = 0; x < p.length; x++) {
      const s = p[x]!;
      const v = id[x]!;
      if (!seen[v]) {
        seen[v] = 1;
        order.push(v);
      }
      if (s.value === null) sums[v]! += s.end - s.start;
      else {
        sums[v]! += (s.end - s.start) ** 2;
        units++;
      }
    }
  });
  return { S: new Map(order.map((v) => [names[v]!, sums[v]!])), units };
}

function ratio<N extends string>(observed: number, expected: number, base: { units: number; values: number }, name: N): Estimate & { name: N } {
  if (expected === 0) return { value: null, ...base, name, note: "no expected disagreement" };
  return { value: 1 - observed / expected, ...base, name };
}

/**
 * A coder's sections: overlapping codings of the same value merge into one unit; then the
 * continuum is cut wherever the set of units covering it changes. Each stretch takes the value of
 * the units covering it (combined when several values overlap) or ∅.
 *
 * One sweep over the cut points (every unit boundary in [0, length], and 0 and length), with the
 * units in start order and in end order: a unit joins at its start and leaves at its end. Values
 * are numbered in sorted order, so the values covering a stretch, kept sorted by number, join into
 * the combined value directly.
 */
function partition(segments: readonly Segment[], length: number, valueOf: (code: string) => string): Section[] {
  const byValue = groupBy(segments, (s) => valueOf(s.code));
  const names = [...byValue.keys()].sort();
  const units = names.flatMap((value, v) => mergeRanges(byValue.get(value)!, { touching: false }).map((r) => ({ start: r.start, end: r.end, value: v })));
  const cuts = [0, length];
  for (const u of units) cuts.push(u.start, u.end);
  cuts.sort((a, b) => a - b);
  const byStart = units.slice().sort((a, b) => a.start - b.start);
  const byEnd = units.slice().sort((a, b) => a.end - b.end);
  const joined = new Set<(typeof units)[number]>();
  const covering = new Int32Array(names.length); // units of each value covering the stretch
  const active: number[] = []; // the values with covering > 0, ascending
  const out: Section[] = [];
  let nextStart = 0;
  let nextEnd = 0;
  for (let p = 0; p < cuts.length - 1; p++) {
    const from = cuts[p]!;
    const to = cuts[p + 1]!;
    if (from < 0 || to > length || to === from) continue; // a repeated cut point, or one outside the continuum
    let changed = out.length === 0;
    for (; nextEnd < byEnd.length && byEnd[nextEnd]!.end <= from; nextEnd++) {
      const u = byEnd[nextEnd]!;
      if (!joined.delete(u)) continue;
      if (--covering[u.value]! === 0) active.splice(active.indexOf(u.value), 1);
      changed = true;
    }
    for (; nextStart < byStart.length && byStart[nextStart]!.start <= from; nextStart++) {
      const u = byStart[nextStart]!;
      if (u.start !== from) continue; // starts before 0 (an input not clipped to the continuum): covers no stretch
      joined.add(u);
      if (covering[u.value]!++ === 0) active.splice(sortedIndex(active, u.value), 0, u.value);
      changed = true;
    }
    const last = out[out.length - 1];
    if (!changed && last) last.end = to;
    else out.push({ start: from, end: to, value: active.length === 0 ? null : active.length === 1 ? names[active[0]!]! : active.map((v) => names[v]).join(" + ") });
  }
  return out;
}

/** Where x goes in an ascending array. */
function sortedIndex(sorted: readonly number[], x: number): number {
  let i = 0;
  while (i < sorted.length && sorted[i]! < x) i++;
  return i;
}
