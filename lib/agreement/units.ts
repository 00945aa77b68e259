import type { ReliabilityMatrix, Value } from "./types";

/**
 * Units of analysis cut from the text: paragraphs or sentences from the document's structure
 * segments, or the whole document. A unit is coded with code c by a coder when any of that
 * coder's codings of c overlaps it (shares at least one code point). A coder who did not code a
 * document at all is missing (null) on every unit of it, not "absent": missing data is not
 * disagreement.
 */
export const UNIT_KINDS = ["paragraph", "sentence", "document"] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export type AgreementDocument = {
  id: string;
  title: string;
  length: number;
  /** Ranges of the chosen unit kind, code points; empty means "use the whole document". */
  units: readonly { start: number; end: number }[];
};
export type AgreementCoding = { id: string; documentId: string; codeId: string; coder: string; start: number; end: number };
export type TextUnit = { documentId: string; index: number; start: number; end: number };

export const ABSENT = "absent";
export const PRESENT = "present";
export const NONE = "(none)";

export function buildUnits(documents: readonly AgreementDocument[]): TextUnit[] {
  const out: TextUnit[] = [];
  for (const d of documents) {
    const ranges = d.units.length > 0 ? [...d.units].sort((a, b) => a.start - b.start) : [{ start: 0, end: d.length }];
    ranges.forEach((r, index) => out.push({ documentId: d.id, index, start: r.start, end: r.end }));
  }
  return out;
}

/**
 * For every unit and coder, the set of codes whose codings overlap the unit, or null when the
 * coder did not code the unit's document. Codings and units are swept per document in start
 * order, so the cost is that of sorting them.
 */
export function codesPerUnit(
  units: readonly TextUnit[],
  codings: readonly AgreementCoding[],
  coders: readonly string[],
  codedDocuments: ReadonlyMap<string, ReadonlySet<string>>,
): (Set<string> | null)[][] {
  // Each coding with its coder's column, looked up once; codings of other coders count for no one.
  type Placed = { start: number; end: number; codeId: string; column: number };
  const column = new Map(coders.map((c, i) => [c, i]));
  const byDocument = new Map<string, Placed[]>();
  for (const c of codings) {
    const i = column.get(c.coder);
    if (i === undefined) continue;
    const placed = { start: c.start, end: c.end, codeId: c.codeId, column: i };
    const list = byDocument.get(c.documentId);
    if (list) list.push(placed);
    else byDocument.set(c.documentId, [placed]);
  }
  for (const list of byDocument.values()) list.sort((a, b) => a.start - b.start);
  // Units of a document come in start order (buildUnits), so one pass over its codings suffices:
  // `next` is the first coding not yet started, `active` those started and possibly still open.
  let currentDocument: string | null = null;
  let list: Placed[] = [];
  let next = 0;
  let active: Placed[] = [];
  let coded: boolean[] = [];
  return units.map((u) => {
    if (u.documentId !== currentDocument) {
      currentDocument = u.documentId;
      list = byDocument.get(u.documentId) ?? [];
      next = 0;
      active = [];
      coded = coders.map((coder) => codedDocuments.get(coder)?.has(u.documentId) ?? false);
    }
    while (next < list.length && list[next]!.start < u.end) active.push(list[next++]!);
    // Drop the codings that ended before this unit, in place (this runs once per unit).
    let kept = 0;
    for (const c of active) if (c.end > u.start) active[kept++] = c;
    active.length = kept;
    const row = coded.map((yes) => (yes ? new Set<string>() : null));
    for (const c of active) if (c.start < u.end) row[c.column]?.add(c.codeId);
    return row;
  });
}

/** Present/absent of one code per unit and coder. */
export function presenceMatrix(perUnit: readonly (Set<string> | null)[][], codeId: string): ReliabilityMatrix {
  return perUnit.map((row) => row.map((set) => (set === null ? null : set.has(codeId) ? PRESENT : ABSENT)));
}

/**
 * The codebook as categories: a coder's value for a unit is the set of codes they applied to it,
 * written as the code ids sorted and joined by " + ", or "(none)". A unit coded with two codes is
 * its own category, so agreement requires the same combination — the strict reading, stated in
 * every report. Codes outside `codeIds` are ignored.
 */
export function categoryMatrix(perUnit: readonly (Set<string> | null)[][], codeIds: readonly string[]): ReliabilityMatrix {
  const wanted = new Set(codeIds);
  return perUnit.map((row) =>
    row.map((set): Value | null => {
      if (set === null) return null;
      if (set.size <= 1) {
        // Most units carry no code or one: no array to build, sort and join.
        for (const c of set) if (wanted.has(c)) return c;
        return NONE;
      }
      const chosen = [...set].filter((c) => wanted.has(c)).sort();
      return chosen.length === 0 ? NONE : chosen.join(" + ");
    }),
  );
}
