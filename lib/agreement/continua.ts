import { mergeRanges, type Range } from "./ranges";
import type { Continuum, Segment } from "./types";

/**
 * Unitized α treats one continuum. Several documents are laid end to end (each document keeps its
 * own length, so a unit never spans two documents), and only documents every compared coder coded
 * enter: unitized α has no notion of a missing coder. Callers pass those documents.
 */
export type Concatenated = { length: number; segments: Segment[] };

export function concatenate(continua: readonly Continuum[]): Concatenated {
  let offset = 0;
  const segments: Segment[] = [];
  for (const c of continua) {
    for (const s of c.segments) {
      const start = Math.max(0, Math.min(c.length, s.start));
      const end = Math.max(0, Math.min(c.length, s.end));
      if (end > start) segments.push({ coder: s.coder, code: s.code, start: start + offset, end: end + offset });
    }
    offset += c.length;
  }
  return { length: offset, segments };
}

/**
 * Every coder's units of every code, `.get(code)?.get(coder)`: overlapping codings of the same
 * code merge into one unit (touching ones stay two). One pass over the segments for all of them.
 */
export function unitsByCode(segments: readonly Segment[]): Map<string, Map<string, Range[]>> {
  const grouped = new Map<string, Map<string, Segment[]>>();
  for (const s of segments) {
    const byCoder = grouped.get(s.code) ?? grouped.set(s.code, new Map()).get(s.code)!;
    const list = byCoder.get(s.coder);
    if (list) list.push(s);
    else byCoder.set(s.coder, [s]);
  }
  return new Map([...grouped].map(([code, byCoder]) => [code, new Map([...byCoder].map(([coder, list]) => [coder, mergeRanges(list, { touching: false })]))]));
}

/** A coder's sections over [0, length): units (value set) and the gaps between them (value null). */
export type Section = Range & { value: string | null };

export function sectionsOf(units: readonly (Range & { value: string })[], length: number): Section[] {
  const out: Section[] = [];
  let at = 0;
  for (const u of [...units].sort((a, b) => a.start - b.start)) {
    if (u.start > at) out.push({ start: at, end: u.start, value: null });
    out.push({ start: u.start, end: u.end, value: u.value });
    at = u.end;
  }
  if (at < length) out.push({ start: at, end: length, value: null });
  return out;
}

/** Calls `visit` with every pair of overlapping sections of two coders, each once, in order (two-pointer sweep). */
export function forEachOverlap(a: readonly Section[], b: readonly Section[], visit: (a: Section, b: Section) => void): void {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (Math.min(x.end, y.end) > Math.max(x.start, y.start)) visit(x, y);
    if (x.end < y.end) i++;
    else if (y.end < x.end) j++;
    else {
      i++;
      j++;
    }
  }
}

/** Continua laid end to end, or already so (a report concatenates once for several measures). */
export function asConcatenated(input: readonly Continuum[] | Concatenated): Concatenated {
  return Array.isArray(input) ? concatenate(input as readonly Continuum[]) : (input as Concatenated);
}
