import { bootstrapAlphas } from "./bootstrap";
import type { Interval } from "./types";
import { groupBy } from "./group";
import { brennanPredigerKappa } from "./brennan-prediger";
import { cohenKappa } from "./cohen";
import { fleissKappa } from "./fleiss";
import { krippendorffAlpha } from "./krippendorff";
import { percentAgreement } from "./percent";
import { dataHash } from "./report-hash";
import { twoCoderContinuumRows, unitizedRows } from "./report-continua";
import type { AgreementInput, AgreementParams, AgreementReport, DocumentFigure, PairFigure, ReportRow } from "./report-types";
import { sameValue } from "./matrix";
import type { Estimate, ReliabilityMatrix, Value } from "./types";
import { buildUnits, categoryMatrix, codesPerUnit, presenceMatrix, type TextUnit } from "./units";

/**
 * The agreement report: every chosen measure per code (present/absent on the units) and pooled
 * (the codebook as categories), the coder-pair matrix, per-document figures and the data hash.
 * Pure: the caller loads the input (db/queries/agreement.ts) and may cache or save the result.
 */
export function computeAgreementReport(input: AgreementInput, params: AgreementParams): AgreementReport {
  if (input.coders.length < 2) throw new RangeError("Agreement needs at least two coders.");
  if (!(params.threshold > 0 && params.threshold <= 1)) throw new RangeError("The overlap threshold must be above 0 and at most 1.");
  const coderKeys = input.coders.map((c) => c.key);
  const codeIds = input.codes.map((c) => c.id);
  const units = buildUnits(input.documents);
  const perUnit = codesPerUnit(units, input.codings, coderKeys, input.codedDocuments);
  const want = new Set(params.measures);
  const rows: ReportRow[] = [];

  const pooled = categoryMatrix(perUnit, codeIds);
  const presence = input.codes.map((code) => presenceMatrix(perUnit, code.id));
  // Every α's interval from the same resampled units (bootstrapAlphas): the draws are made once.
  const intervals = want.has("alpha") && params.bootstrapSamples > 0 ? bootstrapAlphas([...presence, pooled], "nominal", { seed: params.seed, samples: params.bootstrapSamples }) : [];
  input.codes.forEach((code, i) => rows.push(...unitRows(code.id, code.name, presence[i]!, 2, want, intervals[i] ?? null)));
  rows.push(...unitRows(null, "All codes (as categories)", pooled, input.codes.length + 1, want, intervals[input.codes.length] ?? null));
  if (want.has("character") || want.has("segment-overlap")) rows.push(...twoCoderContinuumRows(input, params));
  if (want.has("unitized")) rows.push(...unitizedRows(input));

  const notes = [
    `Units: ${params.unit === "document" ? "whole documents" : `${params.unit}s of the documents' structure`}; a unit counts as coded with a code when any coding of it by the coder overlaps the unit.`,
    "Coders who did not code a document are missing on its units, not disagreeing.",
    'Pooled figures treat the set of codes a coder gave a unit as one category ("a + b"), so a unit agrees only when the combination agrees.',
  ];
  if (input.coders.length !== 2 && (want.has("cohen") || want.has("character") || want.has("segment-overlap"))) {
    notes.push("Cohen's κ, character-level and segment-overlap figures compare two coders: see the coder pairs.");
  }
  const disagreementCounts: Record<string, number> = { "": countDisagreements(pooled) };
  input.codes.forEach((code, i) => (disagreementCounts[code.id] = countDisagreements(presence[i]!)));

  return {
    version: 1,
    params: { ...params, measures: [...params.measures] },
    coders: input.coders.map((c) => ({ ...c })),
    codes: input.codes.map((c) => ({ ...c })),
    documents: input.documents.map((d) => ({ id: d.id, title: d.title })),
    dataHash: dataHash(input, params, units),
    units: units.length,
    codings: input.codings.length,
    rows,
    pairs: coderPairs(pooled, coderKeys),
    perDocument: perDocument(input, units, pooled, presence, codeIds),
    disagreementCounts,
    notes,
  };
}

/** A report with no figures, saying why (e.g. fewer than two coders have coded yet). */
export function emptyAgreementReport(input: Pick<AgreementInput, "coders" | "codes">, params: AgreementParams, reason: string): AgreementReport {
  const empty: AgreementInput = { documents: [], coders: input.coders, codes: input.codes, codings: [], codedDocuments: new Map() };
  return {
    version: 1,
    params: { ...params, measures: [...params.measures] },
    coders: input.coders.map((c) => ({ ...c })),
    codes: input.codes.map((c) => ({ ...c })),
    documents: [],
    dataHash: dataHash(empty, params, []),
    units: 0,
    codings: 0,
    rows: [],
    pairs: [],
    perDocument: [],
    disagreementCounts: {},
    notes: [reason],
  };
}

function unitRows(codeId: string | null, codeName: string, m: ReliabilityMatrix, categories: number, want: Set<string>, ci: Interval | null): ReportRow[] {
  const rows: ReportRow[] = [];
  const row = (measure: ReportRow["measure"], statistic: string, e: Estimate, ci: ReportRow["ci"] = null): ReportRow => ({
    codeId,
    codeName,
    measure,
    statistic,
    value: e.value,
    ci,
    n: e.units,
    nLabel: "units",
    ...(e.note ? { note: e.note } : {}),
  });
  if (want.has("percent")) rows.push(row("percent", "percent agreement", percentAgreement(m)));
  if (want.has("cohen") && (m[0]?.length ?? 0) === 2) rows.push(row("cohen", "Cohen's κ", cohenKappa(m)));
  if (want.has("fleiss")) rows.push(row("fleiss", "Fleiss' κ", fleissKappa(m)));
  if (want.has("brennan-prediger")) rows.push(row("brennan-prediger", `Brennan–Prediger κ (${categories} categories)`, brennanPredigerKappa(m, categories)));
  if (want.has("alpha")) {
    rows.push(row("alpha", "Krippendorff's α (nominal)", krippendorffAlpha(m, "nominal"), ci ? { low: ci.low, high: ci.high, level: ci.level } : null));
  }
  return rows;
}

function coderPairs(pooled: ReliabilityMatrix, coders: readonly string[]): PairFigure[] {
  const out: PairFigure[] = [];
  for (let i = 0; i < coders.length; i++) {
    for (let j = i + 1; j < coders.length; j++) {
      const two = pooled.map((row) => [row[i]!, row[j]!]);
      const percent = percentAgreement(two);
      out.push({ coders: [coders[i]!, coders[j]!], percent: percent.value, kappa: cohenKappa(two).value, alpha: krippendorffAlpha(two, "nominal").value, units: percent.units });
    }
  }
  return out;
}

/** Per document, from its units' rows of the report's matrices (a row depends on its unit only, so they are the document's matrices). */
function perDocument(input: AgreementInput, units: readonly TextUnit[], pooled: ReliabilityMatrix, presence: readonly ReliabilityMatrix[], codeIds: readonly string[]): DocumentFigure[] {
  const rowsOf = groupBy(units.keys(), (i) => units[i]!.documentId);
  return input.documents.map((d) => {
    const mine = rowsOf.get(d.id) ?? [];
    const rowsIn = (m: ReliabilityMatrix) => mine.map((i) => m[i]!);
    const pooledHere = rowsIn(pooled);
    const perCode: Record<string, number | null> = {};
    codeIds.forEach((id, c) => (perCode[id] = krippendorffAlpha(rowsIn(presence[c]!), "nominal").value));
    return { documentId: d.id, title: d.title, units: mine.length, alpha: krippendorffAlpha(pooledHere, "nominal").value, perCode, disagreements: countDisagreements(pooledHere) };
  });
}

/** Units on which at least two coders gave values and not all values are the same. */
export function countDisagreements(m: ReliabilityMatrix): number {
  let n = 0;
  for (const row of m) {
    let first: Value | null = null;
    let values = 0;
    let differ = false;
    for (const v of row) {
      if (v === null) continue;
      if (values++ === 0) first = v;
      else if (!sameValue(first, v)) differ = true;
    }
    if (values >= 2 && differ) n++;
  }
  return n;
}
