import { datasetColumns } from "./columns";
import type { CsvVariant } from "./csv";

/**
 * The dataset's rows as one `COPY (…) TO STDOUT WITH (FORMAT csv)` statement, so PostgreSQL
 * writes the CSV itself and the server only passes the bytes on (bench P5: a million rows at
 * COPY's own speed, in constant memory). Same columns, order, values and row order as the
 * JavaScript writer (csv.ts) that the embedded database uses; both quote as RFC 4180 and end
 * lines with LF. The header line comes from csv.ts (`datasetCsvHead`): COPY's own would cut
 * column names at 63 bytes. COPY takes no bind parameters, so every value here is a literal: ids are
 * checked to be UUIDs, strings are quoted by doubling single quotes (standard_conforming_strings
 * is on in every supported PostgreSQL), identifiers by doubling double quotes. Pure.
 */
export type CopyInput = {
  projectId: string;
  layer: "both" | "all" | "consensus" | { coderId: string };
  codeIds?: readonly string[];
  coderIds?: readonly string[];
  /** Only the documents a filter narrowed to (by id or attribute value); undefined = all. */
  documentIds?: readonly string[];
  attributes: readonly { id: string; name: string }[];
  variant: CsvVariant;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function uuidLiteral(id: string): string {
  if (!UUID.test(id)) throw new Error(`not a uuid: ${JSON.stringify(id)}`);
  return `'${id.toLowerCase()}'::uuid`;
}
export const textLiteral = (s: string) => `'${s.replaceAll("\u0000", "").replaceAll("'", "''")}'`;
export const identifier = (s: string) => `"${s.replaceAll("\u0000", "").replaceAll('"', '""')}"`;
const list = (ids: readonly string[]) => (ids.length ? ids.map(uuidLiteral).join(", ") : "null");

const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

export function datasetCopySql(input: CopyInput): string {
  const text = (expr: string) => (input.variant === "excel" ? `(case when ${expr} ~ '^[=+\\-@\\t\\r]' then '''' || ${expr} else ${expr} end)` : expr);
  const attributeExpr = new Map(
    input.attributes.map((a) => [`attr:${a.name}`, text(`(select v.value_text from attribute_values v where v.document_id = c.document_id and v.attribute_id = ${uuidLiteral(a.id)})`)]),
  );
  const expr: Record<string, string> = {
    coding_id: "c.id",
    project_id: "c.project_id",
    project_name: text("p.name"),
    document_id: "c.document_id",
    document_title: text("d.title"),
    source_type: "d.source_type",
    published_on: "d.published_on",
    author: text("d.author"),
    url: text("d.url"),
    page_first: "c.page_first",
    page_last: "c.page_last",
    code_id: "c.code_id",
    code_name: text("k.name"),
    code_path: text("t.path"),
    coder_id: "c.coder_id",
    coder_name: text("u.name"),
    layer: "c.layer",
    start: "c.start_offset",
    end: "c.end_offset",
    quote: text("c.quote"),
    memo: text("c.memo"),
    created_at: `to_char(c.created_at at time zone 'UTC', ${ISO})`,
    updated_at: `to_char(c.updated_at at time zone 'UTC', ${ISO})`,
  };
  const columns = datasetColumns({ attributeNames: input.attributes.map((a) => a.name) }).map((col) => `${attributeExpr.get(col.name) ?? expr[col.name]} as ${identifier(col.name)}`);
  const where = [`c.project_id = ${uuidLiteral(input.projectId)}`];
  if (input.layer === "all") where.push("c.layer = 'coder'");
  else if (input.layer === "consensus") where.push("c.layer = 'consensus'");
  else if (typeof input.layer === "object") where.push(`c.layer = 'coder' and c.coder_id = ${uuidLiteral(input.layer.coderId)}`);
  if (input.codeIds?.length) where.push(`c.code_id in (${list(input.codeIds)})`);
  if (input.coderIds?.length) where.push(`c.coder_id in (${list(input.coderIds)})`);
  if (input.documentIds) where.push(`c.document_id in (${list(input.documentIds)})`);
  return `copy (
    with recursive t(id, path) as (
      select id, name::text from codes where project_id = ${uuidLiteral(input.projectId)} and parent_id is null
      union all
      select k.id, t.path || '/' || k.name from codes k join t on k.parent_id = t.id
    )
    select ${columns.join(",\n      ")}
    from codings c
      join documents d on d.id = c.document_id
      join projects p on p.id = c.project_id
      join codes k on k.id = c.code_id
      join t on t.id = c.code_id
      join users u on u.id = c.coder_id
    where ${where.join(" and ")}
    order by d.position, d.title, c.start_offset, c.end_offset, c.id
  ) to stdout with (format csv, header false)`;
}
