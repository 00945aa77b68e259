import { sql, type SQL } from "drizzle-orm";
import type { Database } from "../client";
import { queryRows } from "../raw";
import type { LayerScope } from "./aggregates";

/**
 * The passages behind a count: the codings of a code (and, rolled up, of its descendants) in the
 * chosen layer, narrowed to a document, a coder or an attribute value — exactly the codings a
 * matrix cell counted, so a researcher can read what a number stands for.
 */
export type PassageFilter = {
  projectId: string;
  layer: LayerScope;
  codeId: string;
  rollup: boolean;
  documentId?: string;
  /** A coder's id, or "consensus" (code × coder counts both layers). */
  coder?: string;
  attribute?: { id: string; value: string };
  /** Documents published in this period ("" = no date), as the timeline counts them. */
  period?: { unit: "year" | "month"; value: string };
  limit?: number;
};
export type Passage = { codingId: string; documentId: string; documentTitle: string; codeId: string; codeName: string; coderName: string; layer: "coder" | "consensus"; start: number; end: number; quote: string };

export async function getPassages(db: Database, f: PassageFilter): Promise<{ total: number; passages: Passage[] }> {
  const conditions: SQL[] = [sql`c.project_id = ${f.projectId}::uuid`];
  if (f.coder === "consensus") conditions.push(sql`c.layer = 'consensus'`);
  else if (f.coder) conditions.push(sql`c.layer = 'coder' and c.coder_id = ${f.coder}::uuid`);
  if (f.layer === "consensus") conditions.push(sql`c.layer = 'consensus'`);
  else if (f.layer === "all" && !f.coder) conditions.push(sql`c.layer = 'coder'`);
  else if (typeof f.layer === "object") conditions.push(sql`c.layer = 'coder' and c.coder_id = ${f.layer.coderId}::uuid`);
  if (f.documentId) conditions.push(sql`c.document_id = ${f.documentId}::uuid`);
  if (f.attribute) {
    conditions.push(
      f.attribute.value === ""
        ? sql`not exists (select 1 from attribute_values v where v.document_id = c.document_id and v.attribute_id = ${f.attribute.id}::uuid)`
        : sql`exists (select 1 from attribute_values v where v.document_id = c.document_id and v.attribute_id = ${f.attribute.id}::uuid and v.value_text = ${f.attribute.value})`,
    );
  }
  if (f.period) {
    const format = f.period.unit === "year" ? "YYYY" : "YYYY-MM";
    conditions.push(sql`exists (select 1 from documents p where p.id = c.document_id and coalesce(to_char(p.published_on, ${format}), '') = ${f.period.value})`);
  }
  const tree = f.rollup
    ? sql`with recursive tree(code) as (select ${f.codeId}::uuid union all select k.id from codes k join tree t on k.parent_id = t.code)`
    : sql`with tree(code) as (select ${f.codeId}::uuid)`;
  const where = sql.join(conditions, sql` and `);
  const [count] = await queryRows<{ n: number }>(db, sql`${tree} select count(*)::int as n from codings c where c.code_id in (select code from tree) and ${where}`);
  const rows = await queryRows<Passage>(
    db,
    sql`${tree}
      select c.id as "codingId", c.document_id as "documentId", d.title as "documentTitle", c.code_id as "codeId", k.name as "codeName",
             u.name as "coderName", c.layer, c.start_offset as "start", c.end_offset as "end", c.quote
      from codings c join documents d on d.id = c.document_id join codes k on k.id = c.code_id join users u on u.id = c.coder_id
      where c.code_id in (select code from tree) and ${where}
      order by d.position, d.title, c.start_offset, c.end_offset
      limit ${f.limit ?? 500}`,
  );
  return { total: Number(count?.n ?? 0), passages: rows.map((r) => ({ ...r, start: Number(r.start), end: Number(r.end) })) };
}
