import { characterAgreement } from "./character";
import { concatenate } from "./continua";
import { segmentOverlap } from "./segment-overlap";
import { unitizedAlpha2004 } from "./unitized";
import { unitizedAlphaFamily } from "./unitized-family";
import type { Continuum } from "./types";
import type { AgreementInput, AgreementParams, ReportRow } from "./report-types";

/** The documents every one of `coders` coded, as continua holding those coders' codings. */
export function continuaFor(input: AgreementInput, coders: readonly string[]): Continuum[] {
  const wanted = new Set(coders);
  const byDocument = new Map<string, Continuum["segments"][number][]>();
  for (const c of input.codings) {
    if (!wanted.has(c.coder)) continue;
    const list = byDocument.get(c.documentId);
    const segment = { coder: c.coder, code: c.codeId, start: c.start, end: c.end };
    if (list) list.push(segment);
    else byDocument.set(c.documentId, [segment]);
  }
  return input.documents
    .filter((d) => coders.every((coder) => input.codedDocuments.get(coder)?.has(d.id)))
    .map((d) => ({ id: d.id, length: d.length, segments: byDocument.get(d.id) ?? [] }));
}

/** Character-level and segment-overlap rows: two-coder measures, so only for exactly two coders. */
export function twoCoderContinuumRows(input: AgreementInput, params: AgreementParams): ReportRow[] {
  if (input.coders.length !== 2) return [];
  const coders: [string, string] = [input.coders[0]!.key, input.coders[1]!.key];
  const continua = continuaFor(input, coders);
  const rows: ReportRow[] = [];
  const codeIds = input.codes.map((c) => c.id);
  if (params.measures.includes("character")) {
    // Per code only, as NVivo reports it: a table pooled over codes would count a character once per code.
    for (const code of input.codes) rows.push(...characterRows(code.id, code.name, characterAgreement(continua, { coders, code: code.id })));
  }
  if (params.measures.includes("segment-overlap")) {
    const result = segmentOverlap(continua, { coders, codes: codeIds, threshold: params.threshold });
    const label = `at ${Math.round(params.threshold * 100)} % overlap`;
    const push = (codeId: string | null, codeName: string, counts: (typeof result)["pooled"]) => {
      const n = counts.matched + counts.onlyFirst + counts.onlySecond;
      rows.push({ codeId, codeName, measure: "segment-overlap", statistic: `percent agreement ${label}`, value: counts.percent, ci: null, n, nLabel: "segments (matched pairs + unmatched)" });
      rows.push({ codeId, codeName, measure: "segment-overlap", statistic: `κ (Brennan–Prediger, 1/${Math.max(2, result.codes)}) ${label}`, value: counts.kappa, ci: null, n, nLabel: "segments (matched pairs + unmatched)" });
    };
    for (const code of input.codes) push(code.id, code.name, result.perCode[code.id] ?? { matched: 0, onlyFirst: 0, onlySecond: 0, percent: null, kappa: null });
    push(null, "All codes", result.pooled);
  }
  return rows;
}

function characterRows(codeId: string, codeName: string, r: ReturnType<typeof characterAgreement>): ReportRow[] {
  const base = { codeId, codeName, measure: "character" as const, ci: null, nLabel: "characters" };
  return [
    { ...base, statistic: "percent agreement, including uncoded characters", value: r.includingUncoded.percent, n: r.includingUncoded.characters },
    { ...base, statistic: "κ, including uncoded characters", value: r.includingUncoded.kappa.value, n: r.includingUncoded.characters, ...(r.includingUncoded.kappa.note ? { note: r.includingUncoded.kappa.note } : {}) },
    { ...base, statistic: "percent agreement, excluding uncoded characters", value: r.excludingUncoded.percent, n: r.excludingUncoded.characters },
    { ...base, statistic: "κ, excluding uncoded characters", value: r.excludingUncoded.kappa.value, n: r.excludingUncoded.characters, ...(r.excludingUncoded.kappa.note ? { note: r.excludingUncoded.kappa.note } : {}) },
  ];
}

/** Unitized α rows: Krippendorff's 2004 uα (per code and overall) and the 2016 family. */
export function unitizedRows(input: AgreementInput): ReportRow[] {
  const coders = input.coders.map((c) => c.key);
  const joined = concatenate(continuaFor(input, coders));
  const codeIds = input.codes.map((c) => c.id);
  const length = joined.length;
  const base = { measure: "unitized" as const, ci: null, n: length, nLabel: "characters (documents all coders coded)" };
  const rows: ReportRow[] = [];
  const u2004 = unitizedAlpha2004(joined, { coders, codes: codeIds });
  const family = unitizedAlphaFamily(joined, { coders, codes: codeIds });
  const note = (e: { note?: string }) => (e.note ? { note: e.note } : {});
  for (const code of input.codes) {
    const e = u2004.perCode[code.id]!;
    rows.push({ ...base, codeId: code.id, codeName: code.name, statistic: "uα (Krippendorff 2004, as DKPro/INCEpTION)", value: e.value, ...note(e) });
    const binary = e.binary;
    rows.push({ ...base, codeId: code.id, codeName: code.name, statistic: "|uα alpha-binary (Krippendorff et al. 2016)", value: binary.value, ...note(binary) });
    const k = family.perValue[code.id];
    rows.push({ ...base, codeId: code.id, codeName: code.name, statistic: "(k)uα (Krippendorff et al. 2016)", value: k?.value ?? null, ...(k ? note(k) : { note: "no coder used this code on these documents" }) });
  }
  rows.push({ ...base, codeId: null, codeName: "All codes", statistic: "uα (Krippendorff 2004, as DKPro/INCEpTION)", value: u2004.overall.value, ...note(u2004.overall) });
  rows.push({ ...base, codeId: null, codeName: "All codes", statistic: "uα (Krippendorff et al. 2016)", value: family.uAlpha.value, ...note(family.uAlpha) });
  rows.push({ ...base, codeId: null, codeName: "All codes", statistic: "|uα alpha-binary (Krippendorff et al. 2016)", value: family.binaryAlpha.value, ...note(family.binaryAlpha) });
  const coverage = family.cuAlpha.coverage === null ? "" : `, on ${(family.cuAlpha.coverage * 100).toFixed(1)} % of the text`;
  rows.push({ ...base, codeId: null, codeName: "All codes", statistic: `cuα, codes as values (Krippendorff et al. 2016; ATLAS.ti's cu-α with all codes in one domain)${coverage}`, value: family.cuAlpha.value, ...note(family.cuAlpha) });
  return rows;
}
