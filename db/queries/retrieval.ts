import { sql, type SQL } from "drizzle-orm";
import type { Database } from "../client";
import { analyticRows, queryRows } from "../raw";
import { AppError } from "@/lib/errors";
import type { RetrievalQuery } from "@/lib/retrieval/query";
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
  /** Documents of this source type. */
  sourceType?: string;
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
  if (f.sourceType) conditions.push(sql`exists (select 1 from documents p where p.id = c.document_id and p.source_type = ${f.sourceType})`);
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

export type RetrievedPassage = Passage & { side: "a" | "b"; publishedOn: string | null };

function codeTree(name: string, codeId: string, rollup: boolean): SQL {
  const self = sql.raw(name);
  return rollup
    ? sql`${self}(code) as (select ${codeId}::uuid union all select k.id from codes k join ${self} t on k.parent_id = t.code)`
    : sql`${self}(code) as (select ${codeId}::uuid)`;
}

/**
 * The pairs (a, b) of a coding of A and a coding of B that are together in the query's scope, as
 * a join the planner can hash on the document: overlapping spans; the same document; a shared
 * paragraph; or sentences at most N apart — paragraphs and sentences as the ordinal ranges a
 * trigger keeps on each coding (migration 0005), so no coding is compared with every segment. A coding never pairs with itself.
 */
function pairsSql(q: RetrievalQuery): SQL {
  if (q.op === "near" || q.scope === "paragraph") {
    const gap = q.op === "near" ? q.within : 0;
    return sql`select a.id as a_id, b.id as b_id from ua a join ub b on b.document_id = a.document_id and b.id <> a.id
      and b.first_unit <= a.last_unit + ${gap} and a.first_unit <= b.last_unit + ${gap}`;
  }
  if (q.scope === "document") return sql`select a.id as a_id, b.id as b_id from fa a join fb b on b.document_id = a.document_id and b.id <> a.id`;
  return sql`select a.id as a_id, b.id as b_id from fa a join fb b on b.document_id = a.document_id and b.id <> a.id
    and a.start_offset < b.end_offset and b.start_offset < a.end_offset`;
}

const ORDER: Record<RetrievalQuery["sort"], SQL> = {
  document: sql`d.position, d.title, h.start_offset, h.end_offset`,
  code: sql`k.name, d.position, d.title, h.start_offset`,
  coder: sql`u.name, d.position, d.title, h.start_offset`,
  length: sql`h.end_offset - h.start_offset desc, d.position, h.start_offset`,
  date: sql`d.published_on nulls last, d.position, d.title, h.start_offset`,
};

/**
 * The passages a retrieval query finds (`lib/retrieval/query.ts`), at most `limit`, with the
 * total. AND and NEAR return the codings of both codes that satisfy it (side "a" or "b"); NOT
 * only A's. The layer and the coder, document and attribute filters narrow A and B alike; a
 * coding never pairs with itself (a sub-code rolled up into both A and B).
 */
export async function retrievePassages(
  db: Database,
  req: { projectId: string; layer: LayerScope; query: RetrievalQuery; limit?: number },
): Promise<{ total: number; passages: RetrievedPassage[] }> {
  const q = req.query;
  const conditions: SQL[] = [sql`c.project_id = ${req.projectId}::uuid`];
  if (req.layer === "consensus") conditions.push(sql`c.layer = 'consensus'`);
  else if (req.layer === "all") conditions.push(sql`c.layer = 'coder'`);
  else conditions.push(sql`c.layer = 'coder' and c.coder_id = ${req.layer.coderId}::uuid`);
  if (q.coder) conditions.push(sql`c.coder_id = ${q.coder}::uuid`);
  if (q.document) conditions.push(sql`c.document_id = ${q.document}::uuid`);
  if (q.attribute !== undefined) {
    const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
    const [definition] = await queryRows<{ id: string }>(
      db,
      sql`select id from attribute_definitions where project_id = ${req.projectId}::uuid and ${UUID.test(q.attribute) ? sql`id = ${q.attribute}::uuid` : sql`name = ${q.attribute}`}`,
    );
    if (!definition) throw new AppError("bad_request", `There is no attribute “${q.attribute}” in this project.`, { field: "attribute" });
    conditions.push(
      q.value === "" || q.value === undefined
        ? sql`not exists (select 1 from attribute_values v where v.document_id = c.document_id and v.attribute_id = ${definition.id}::uuid)`
        : sql`exists (select 1 from attribute_values v where v.document_id = c.document_id and v.attribute_id = ${definition.id}::uuid and v.value_text = ${q.value})`,
    );
  }
  const trees = q.op === "only" || !q.b ? codeTree("ta", q.a, q.rollup) : sql`${codeTree("ta", q.a, q.rollup)}, ${codeTree("tb", q.b, q.rollup)}`;
  const two = q.op !== "only" && q.b !== undefined;
  const unit = q.op === "near" ? "sentence" : "paragraph";
  const unitCtes =
    two && (q.op === "near" || q.scope === "paragraph")
      ? sql`,
    ua as (select c.id, c.document_id, c.${sql.raw(unit)}_first as first_unit, c.${sql.raw(unit)}_last as last_unit from fa c where c.${sql.raw(unit)}_last is not null and c.${sql.raw(unit)}_first <= c.${sql.raw(unit)}_last),
    ub as (select c.id, c.document_id, c.${sql.raw(unit)}_first as first_unit, c.${sql.raw(unit)}_last as last_unit from fb c where c.${sql.raw(unit)}_last is not null and c.${sql.raw(unit)}_first <= c.${sql.raw(unit)}_last)`
      : sql``;
  const hits = !two
    ? sql`select c.*, 'a' as side from fa c`
    : q.op === "not"
      ? sql`select c.*, 'a' as side from fa c where c.id not in (select a_id from pairs)`
      : sql`select c.*, 'a' as side from fa c where c.id in (select a_id from pairs)
              union all
              select c.*, 'b' as side from fb c where c.id in (select b_id from pairs)`;
  const ctes = sql`with recursive ${trees},
    base as (select c.* from codings c where ${sql.join(conditions, sql` and `)}),
    fa as materialized (select * from base where code_id in (select code from ta)),
    fb as materialized (select * from base where ${two ? sql`code_id in (select code from tb)` : sql`false`})${unitCtes},
    pairs as materialized (${two ? pairsSql(q) : sql`select null::uuid as a_id, null::uuid as b_id where false`}),
    hits as (select distinct on (h.id) h.* from (${hits}) h order by h.id, h.side)`;
  const [count] = await analyticRows<{ n: number }>(db, sql`${ctes} select count(*)::int as n from hits`);
  const rows = await analyticRows<RetrievedPassage>(
    db,
    sql`${ctes}
      select h.id as "codingId", h.document_id as "documentId", d.title as "documentTitle", h.code_id as "codeId", k.name as "codeName",
             u.name as "coderName", h.layer, h.start_offset as "start", h.end_offset as "end", h.quote, h.side,
             to_char(d.published_on, 'YYYY-MM-DD') as "publishedOn"
      from hits h join documents d on d.id = h.document_id join codes k on k.id = h.code_id join users u on u.id = h.coder_id
      order by ${ORDER[q.sort]}, h.id
      limit ${req.limit ?? 500}`,
  );
  return { total: Number(count?.n ?? 0), passages: rows.map((r) => ({ ...r, start: Number(r.start), end: Number(r.end) })) };
}
