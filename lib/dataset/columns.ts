import type { CodingRecord, DatasetContext } from "./types";

/**
 * The dataset's columns, in order, as every tabular writer (CSV, XLSX) shares them. Names are
 * snake_case so they are valid identifiers in R, pandas and Stata; attributes follow the document
 * columns as `attr:<name>` so they never collide with a fixed column.
 */
export type CellValue = string | number | null;
export type Column = { name: string; kind: "text" | "number" | "date" | "datetime"; value: (row: CodingRecord, ctx: DatasetContext) => CellValue };

const doc = (row: CodingRecord, ctx: DatasetContext) => ctx.documents.get(row.documentId);
const code = (row: CodingRecord, ctx: DatasetContext) => ctx.codes.get(row.codeId);

const FIXED_BEFORE: Column[] = [
  { name: "coding_id", kind: "text", value: (r) => r.id },
  { name: "project_id", kind: "text", value: (_, c) => c.project.id },
  { name: "project_name", kind: "text", value: (_, c) => c.project.name },
  { name: "document_id", kind: "text", value: (r) => r.documentId },
  { name: "document_title", kind: "text", value: (r, c) => doc(r, c)?.title ?? "" },
  { name: "source_type", kind: "text", value: (r, c) => doc(r, c)?.sourceType ?? "" },
  { name: "published_on", kind: "date", value: (r, c) => doc(r, c)?.publishedOn ?? null },
  { name: "author", kind: "text", value: (r, c) => doc(r, c)?.author ?? null },
  { name: "url", kind: "text", value: (r, c) => doc(r, c)?.url ?? null },
  { name: "page_first", kind: "number", value: (r) => r.pageFirst },
  { name: "page_last", kind: "number", value: (r) => r.pageLast },
];

const FIXED_AFTER: Column[] = [
  { name: "code_id", kind: "text", value: (r) => r.codeId },
  { name: "code_name", kind: "text", value: (r, c) => code(r, c)?.name ?? "" },
  { name: "code_path", kind: "text", value: (r, c) => code(r, c)?.path ?? "" },
  { name: "coder_id", kind: "text", value: (r) => r.coderId },
  { name: "coder_name", kind: "text", value: (r, c) => c.users.get(r.coderId) ?? "" },
  { name: "layer", kind: "text", value: (r) => r.layer },
  { name: "start", kind: "number", value: (r) => r.start },
  { name: "end", kind: "number", value: (r) => r.end },
  { name: "quote", kind: "text", value: (r) => r.quote },
  { name: "memo", kind: "text", value: (r) => r.memo },
  { name: "created_at", kind: "datetime", value: (r) => r.createdAt.toISOString() },
  { name: "updated_at", kind: "datetime", value: (r) => r.updatedAt.toISOString() },
];

export function datasetColumns(ctx: Pick<DatasetContext, "attributeNames">): Column[] {
  const attributes: Column[] = ctx.attributeNames.map((name) => ({ name: `attr:${name}`, kind: "text", value: (r, c) => doc(r, c)?.attributes[name] ?? null }));
  return [...FIXED_BEFORE, ...attributes, ...FIXED_AFTER];
}

export function rowValues(row: CodingRecord, ctx: DatasetContext, columns: readonly Column[]): CellValue[] {
  return columns.map((c) => c.value(row, ctx));
}

/** A row as one JSON object: the same fields, attributes nested under `attributes`. */
export function rowObject(row: CodingRecord, ctx: DatasetContext): Record<string, unknown> {
  const d = doc(row, ctx);
  const k = code(row, ctx);
  return {
    coding_id: row.id,
    project_id: ctx.project.id,
    project_name: ctx.project.name,
    document_id: row.documentId,
    document_title: d?.title ?? "",
    source_type: d?.sourceType ?? "",
    published_on: d?.publishedOn ?? null,
    author: d?.author ?? null,
    url: d?.url ?? null,
    page_first: row.pageFirst,
    page_last: row.pageLast,
    attributes: Object.fromEntries(ctx.attributeNames.map((name) => [name, d?.attributes[name] ?? null])),
    code_id: row.codeId,
    code_name: k?.name ?? "",
    code_path: k?.path ?? "",
    coder_id: row.coderId,
    coder_name: ctx.users.get(row.coderId) ?? "",
    layer: row.layer,
    start: row.start,
    end: row.end,
    quote: row.quote,
    memo: row.memo,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}
