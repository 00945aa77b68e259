import { datasetColumns } from "./columns";
import { neutraliseFormula } from "./formula";
import type { CodingRecord, DatasetContext } from "./types";

export type CsvVariant = "plain" | "excel";

/**
 * Cells a spreadsheet would run as a formula (formula.ts) are neutralised in the Excel variant
 * only. The plain variant keeps every quote byte-exact, because R and pandas slice the text
 * with those quotes and offsets; the export page steers spreadsheet users away from it.
 */
// RFC 4180: a field with a comma, a double quote or a line break is quoted, its quotes doubled;
// leading or trailing spaces are quoted too, since some readers trim them.
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

function field(value: string | number | null | undefined, variant: CsvVariant): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return String(value);
  const text = variant === "excel" ? neutraliseFormula(value) : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * What comes before the first row: the BOM (Excel only) and the header line. PostgreSQL's COPY
 * path (copy-sql.ts) sends this too instead of COPY's own header, which cuts column names at
 * 63 bytes (an attribute name may have 100 characters).
 */
export function datasetCsvHead(ctx: Pick<DatasetContext, "attributeNames">, variant: CsvVariant): string {
  const header = datasetColumns(ctx).map((c) => field(c.name, variant)).join(",");
  return `${variant === "excel" ? "\uFEFF" : ""}${header}\n`;
}

/**
 * The dataset as CSV (RFC 4180 quoting: comma, double quotes doubled; LF line ends, as PostgreSQL's
 * own CSV writer has them, which the PostgreSQL path streams: copy-sql.ts) in the column order
 * of columns.ts, a chunk per batch of rows, so a large export streams. `excel` starts with a
 * UTF-8 BOM (Excel otherwise reads UTF-8 as a legacy code page) and neutralises formula-like cells.
 *
 * Written by hand rather than through csv-stringify: the quoting rule is three lines, and the
 * library took ~5 µs a row, half the time of a million-row export (bench P5). The parts of a row
 * that repeat — its document's columns and attributes, its code's, its coder's — are escaped once
 * per document, code and coder, not once per row. The tests read every variant back with
 * csv-parse.
 */
export async function* datasetCsv(batches: AsyncIterable<readonly CodingRecord[]>, ctx: DatasetContext, variant: CsvVariant = "plain"): AsyncGenerator<string> {
  const f = (v: string | number | null | undefined) => field(v, variant);
  yield datasetCsvHead(ctx, variant);
  const project = `${f(ctx.project.id)},${f(ctx.project.name)}`;
  const documentParts = new Map<string, { before: string; attributes: string }>();
  const documentPart = (id: string) => {
    let part = documentParts.get(id);
    if (!part) {
      const d = ctx.documents.get(id);
      part = {
        before: [project, f(id), f(d?.title ?? ""), f(d?.sourceType ?? ""), f(d?.publishedOn), f(d?.author), f(d?.url)].join(","),
        attributes: ctx.attributeNames.map((name) => `,${f(d?.attributes[name])}`).join(""),
      };
      documentParts.set(id, part);
    }
    return part;
  };
  const codeParts = new Map<string, string>();
  const codePart = (id: string) => {
    let part = codeParts.get(id);
    if (part === undefined) {
      const k = ctx.codes.get(id);
      part = [f(id), f(k?.name ?? ""), f(k?.path ?? "")].join(",");
      codeParts.set(id, part);
    }
    return part;
  };
  const coderParts = new Map<string, string>();
  const coderPart = (id: string) => {
    let part = coderParts.get(id);
    if (part === undefined) {
      part = `${f(id)},${f(ctx.users.get(id) ?? "")}`;
      coderParts.set(id, part);
    }
    return part;
  };
  for await (const batch of batches) {
    if (batch.length === 0) continue;
    let out = "";
    for (const r of batch) {
      const d = documentPart(r.documentId);
      out += `${f(r.id)},${d.before},${f(r.pageFirst)},${f(r.pageLast)}${d.attributes},${codePart(r.codeId)},${coderPart(r.coderId)},${r.layer},${r.start},${r.end},${f(r.quote)},${f(r.memo)},${r.createdAt.toISOString()},${r.updatedAt.toISOString()}\n`;
    }
    yield out;
  }
}
