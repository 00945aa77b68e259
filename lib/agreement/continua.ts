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
      if (end > start) segments.push({ ...s, start: start + offset, end: end + offset });
    }
    offset += c.length;
  }
  return { length: offset, segments };
}

/** One coder's units of one code: overlapping codings of the same code merge into one unit (touching ones stay two). */
export function unitsOf(segments: readonly Segment[], coder: string, code: string): Range[] {
  return mergeRanges(segments.filter((s) => s.coder === coder && s.code === code), { touching: false });
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

/** Every pair of overlapping sections of two coders, each visited once (two-pointer sweep). */
export function* overlappingPairs(a: readonly Section[], b: readonly Section[]): Generator<[Section, Section]> {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (Math.min(a[i]!.end, b[j]!.end) > Math.max(a[i]!.start, b[j]!.start)) yield [a[i]!, b[j]!];
    if (a[i]!.end < b[j]!.end) i++;
    else if (b[j]!.end < a[i]!.end) j++;
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
