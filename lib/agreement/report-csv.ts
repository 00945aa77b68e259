import { neutraliseFormula } from "@/lib/dataset/formula";
import type { AgreementReport } from "./report-types";

/**
 * The report as CSV: one row per code × statistic, with the parameters and the data hash on
 * every row so a single row pasted elsewhere still says what it was computed on. Cells that a
 * spreadsheet would run as a formula (starting with = + - @, tab or CR) get a leading apostrophe.
 */
export function reportToCsv(report: AgreementReport, names: { project: string }): string {
  const coders = report.coders.map((c) => c.name).join("; ");
  const header = ["project", "code", "measure", "statistic", "value", "ci_low", "ci_high", "ci_level", "n", "n_of", "note", "unit", "coders", "documents", "threshold", "seed", "data_sha256"];
  const lines = [header.join(",")];
  for (const r of report.rows) {
    lines.push(
      [
        names.project,
        r.codeName,
        r.measure,
        r.statistic,
        r.value === null ? "" : r.value.toFixed(6),
        r.ci ? r.ci.low.toFixed(6) : "",
        r.ci ? r.ci.high.toFixed(6) : "",
        r.ci ? String(r.ci.level) : "",
        String(r.n),
        r.nLabel,
        r.note ?? "",
        report.params.unit,
        coders,
        String(report.documents.length),
        String(report.params.threshold),
        String(report.params.seed),
        report.dataHash,
      ]
        .map((value, i) => cell(value, NUMERIC.has(header[i]!)))
        .join(","),
    );
  }
  return lines.join("\r\n") + "\r\n";
}

const NUMERIC = new Set(["value", "ci_low", "ci_high", "ci_level", "n", "threshold", "seed"]);

function cell(value: string, numeric: boolean): string {
  const safe = numeric ? value : neutraliseFormula(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
