import type { AgreementInput } from "./report-types";
import { buildUnits, codesPerUnit } from "./units";

export type UnitDisagreement = {
  documentId: string;
  documentTitle: string;
  unitIndex: number;
  start: number;
  end: number;
  /** Per coder key: the codes (ids) they gave the unit, or null when they did not code the document. */
  codes: Record<string, string[] | null>;
};

/**
 * The units behind a disagreement count: where the coders who coded the unit's document differ
 * on one code (present/absent), or — with `codeId` null — on the set of codes they applied.
 */
export function unitDisagreements(input: AgreementInput, codeId: string | null, limit = 500): { total: number; units: UnitDisagreement[] } {
  const coders = input.coders.map((c) => c.key);
  const units = buildUnits(input.documents);
  const perUnit = codesPerUnit(units, input.codings, coders, input.codedDocuments);
  const wanted = new Set(input.codes.map((c) => c.id));
  const titles = new Map(input.documents.map((d) => [d.id, d.title]));
  const out: UnitDisagreement[] = [];
  let total = 0;
  units.forEach((u, i) => {
    const row = perUnit[i]!;
    const keys = row.filter((set) => set !== null).map((set) => (codeId === null ? [...set!].filter((c) => wanted.has(c)).sort().join("+") : set!.has(codeId) ? "1" : "0"));
    if (keys.length < 2 || new Set(keys).size === 1) return;
    total++;
    if (out.length >= limit) return;
    const codes: UnitDisagreement["codes"] = {};
    coders.forEach((coder, c) => (codes[coder] = row[c] === null ? null : [...row[c]!].filter((id) => wanted.has(id)).sort()));
    out.push({ documentId: u.documentId, documentTitle: titles.get(u.documentId) ?? "", unitIndex: u.index, start: u.start, end: u.end, codes });
  });
  return { total, units: out };
}
