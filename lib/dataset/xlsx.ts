import type { Writable } from "node:stream";
import ExcelJS from "exceljs";
import { datasetColumns, rowValues, type Column } from "./columns";
import type { CodingRecord, DatasetContext } from "./types";

/** Excel's limit on the characters of one cell; longer quotes are cut in the XLSX only, and flagged. */
export const XLSX_CELL_LIMIT = 32_767;

const WIDTHS: Record<string, number> = { quote: 80, memo: 40, document_title: 36, code_path: 30, project_name: 24, coder_name: 18, url: 30 };
const FORMATS: Record<Column["kind"], string | undefined> = { text: undefined, number: "0", date: "yyyy-mm-dd", datetime: "yyyy-mm-dd hh:mm:ss" };

function typed(value: string | number | null, kind: Column["kind"]): ExcelJS.CellValue {
  if (value === null) return null;
  if (kind === "date" && typeof value === "string") return new Date(`${value}T00:00:00Z`);
  if (kind === "datetime" && typeof value === "string") return new Date(value);
  // Strings are written as strings: ExcelJS only writes a formula for a { formula } value.
  return value;
}

/**
 * The dataset as an XLSX workbook, streamed (ExcelJS's WorkbookWriter commits each row as it
 * goes): sheets codings (typed columns: numbers, dates, date-times), codebook, documents and
 * attributes (long form). Header rows are bold and frozen.
 */
export async function writeDatasetXlsx(out: Writable, batches: AsyncIterable<readonly CodingRecord[]>, ctx: DatasetContext): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = "Qualcode";
  const columns = datasetColumns(ctx);
  const sheet = (name: string, headers: { name: string; kind: Column["kind"] }[]) => {
    const ws = workbook.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1 }] });
    ws.columns = headers.map((h) => ({ header: h.name, key: h.name, width: WIDTHS[h.name] ?? Math.max(10, Math.min(30, h.name.length + 2)), style: FORMATS[h.kind] ? { numFmt: FORMATS[h.kind] } : {} }));
    ws.getRow(1).font = { bold: true };
    ws.getRow(1).commit();
    return ws;
  };

  const codings = sheet("codings", [...columns, { name: "quote_truncated", kind: "text" }]);
  const quoteAt = columns.findIndex((c) => c.name === "quote");
  const memoAt = columns.findIndex((c) => c.name === "memo");
  for await (const batch of batches) {
    for (const row of batch) {
      const values = rowValues(row, ctx, columns).map((v, i) => typed(v, columns[i]!.kind));
      const truncated = row.quote.length > XLSX_CELL_LIMIT;
      if (truncated) values[quoteAt] = row.quote.slice(0, XLSX_CELL_LIMIT);
      if (row.memo.length > XLSX_CELL_LIMIT) values[memoAt] = row.memo.slice(0, XLSX_CELL_LIMIT);
      codings.addRow([...values, truncated ? "true" : "false"]).commit();
    }
  }
  codings.commit();

  const codebook = sheet("codebook", [
    { name: "code_id", kind: "text" },
    { name: "name", kind: "text" },
    { name: "path", kind: "text" },
    { name: "parent_path", kind: "text" },
    { name: "colour", kind: "text" },
    { name: "description", kind: "text" },
  ]);
  for (const c of ctx.codes.values()) codebook.addRow([c.id, c.name, c.path, c.parentPath, c.color, c.definition]).commit();
  codebook.commit();

  const documents = sheet("documents", [
    { name: "document_id", kind: "text" },
    { name: "title", kind: "text" },
    { name: "source_type", kind: "text" },
    { name: "published_on", kind: "date" },
    { name: "author", kind: "text" },
    { name: "url", kind: "text" },
    { name: "length", kind: "number" },
    { name: "words", kind: "number" },
  ]);
  const attributes = [] as [string, string, string, string][];
  for (const id of ctx.documentOrder) {
    const d = ctx.documents.get(id)!;
    documents.addRow([d.id, d.title, d.sourceType, typed(d.publishedOn, "date"), d.author, d.url, d.length, d.wordCount]).commit();
    for (const name of ctx.attributeNames) if (d.attributes[name] !== undefined) attributes.push([d.id, d.title, name, d.attributes[name]!]);
  }
  documents.commit();

  const long = sheet("attributes", [
    { name: "document_id", kind: "text" },
    { name: "document_title", kind: "text" },
    { name: "attribute", kind: "text" },
    { name: "value", kind: "text" },
  ]);
  for (const a of attributes) long.addRow(a).commit();
  long.commit();
  await workbook.commit();
}
