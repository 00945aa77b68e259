import { and, asc, eq, or, sql, type SQL } from "drizzle-orm";
import { AppError } from "@/lib/errors";
import { buildMatrix, type Axis, type CountMatrix } from "@/lib/aggregate/matrix";
import type { Database } from "../client";
import { queryRows } from "../raw";
import { attributeDefinitions, documents, users } from "../schema";
import { getCodesByProjectId } from "./codes";

/**
 * Aggregate counts of codings, computed by PostgreSQL (GROUP BY, self-joins), never by loading
 * every coding into JavaScript. Every query takes the layer to count:
 * - `all`: every coder's own codings (the coder layer);
 * - `consensus`: the adjudicated consensus layer;
 * - `{ coderId }`: one coder's codings — in a blind project, a coder's only choice.
 * Rolled up (`rollup`), a coding of a code also counts for each of its ancestors.
 */
export type LayerScope = "all" | "consensus" | { coderId: string };
export type MatrixRequest = { projectId: string; layer: LayerScope; rollup?: boolean };

function layerFilter(alias: string, layer: LayerScope): SQL {
  const c = sql.raw(alias);
  if (layer === "all") return sql`${c}.layer = 'coder'`;
  if (layer === "consensus") return sql`${c}.layer = 'consensus'`;
  return sql`${c}.layer = 'coder' and ${c}.coder_id = ${layer.coderId}::uuid`;
}

/** Each code mapped to itself, and with `rollup` also to every ancestor: (ancestor, code) pairs. */
function treeCte(projectId: string, rollup: boolean): SQL {
  return rollup
    ? sql`with recursive tree(ancestor, code) as (
        select id, id from codes where project_id = ${projectId}::uuid
        union all
        select t.ancestor, c.id from tree t join codes c on c.parent_id = t.code
      )`
    : sql`with tree(ancestor, code) as (select id, id from codes where project_id = ${projectId}::uuid)`;
}

async function codeAxis(db: Database, projectId: string): Promise<Axis[]> {
  return (await getCodesByProjectId(db, { projectId })).map((c) => ({ id: c.id, label: c.path, color: c.color }));
}

type Count = { row: string; column: string; n: number };

export async function codeDocumentMatrix(db: Database, req: MatrixRequest): Promise<CountMatrix> {
  const counts = await queryRows<Count>(
    db,
    sql`${treeCte(req.projectId, req.rollup ?? false)}
      select t.ancestor::text as row, c.document_id::text as column, count(*)::int as n
      from codings c join tree t on t.code = c.code_id
      where c.project_id = ${req.projectId}::uuid and ${layerFilter("c", req.layer)}
      group by 1, 2`,
  );
  const docs = await db.select({ id: documents.id, label: documents.title }).from(documents).where(eq(documents.projectId, req.projectId)).orderBy(asc(documents.position), asc(documents.title));
  return buildMatrix("code-document", await codeAxis(db, req.projectId), docs, counts.map(num));
}

/** Codes × coders (and the consensus layer as a column); `layer` narrows to one coder in blind mode. */
export async function codeCoderMatrix(db: Database, req: MatrixRequest): Promise<CountMatrix> {
  const filter = req.layer === "all" ? sql`true` : layerFilter("c", req.layer);
  const counts = await queryRows<Count>(
    db,
    sql`${treeCte(req.projectId, req.rollup ?? false)}
      select t.ancestor::text as row, case when c.layer = 'consensus' then 'consensus' else c.coder_id::text end as column, count(*)::int as n
      from codings c join tree t on t.code = c.code_id
      where c.project_id = ${req.projectId}::uuid and ${filter}
      group by 1, 2`,
  );
  const coderIds = [...new Set(counts.map((c) => c.column).filter((c) => c !== "consensus"))];
  const people = coderIds.length
    ? await db.select({ id: users.id, label: users.name }).from(users).where(or(...coderIds.map((id) => eq(users.id, id))))
    : [];
  people.sort((a, b) => a.label.localeCompare(b.label));
  const columns: Axis[] = [...people, ...(counts.some((c) => c.column === "consensus") ? [{ id: "consensus", label: "Consensus layer" }] : [])];
  return buildMatrix("code-coder", await codeAxis(db, req.projectId), columns, counts.map(num));
}

/**
 * Code co-occurrence. `overlap`: the number of pairs of codings of the two codes that overlap in
 * a document (each pair once per cell, so the matrix is symmetric); the diagonal holds each code's
 * codings. `paragraph`: the number of paragraphs holding codings of both codes; the diagonal the
 * paragraphs holding the code. Not rolled up: a parent and its child would co-occur trivially.
 */
export async function cooccurrenceMatrix(db: Database, req: MatrixRequest & { by: "overlap" | "paragraph" }): Promise<CountMatrix> {
  const p = req.projectId;
  const counts =
    req.by === "overlap"
      ? await queryRows<Count>(
          db,
          sql`select a.code_id::text as row, b.code_id::text as column, count(*)::int as n
            from codings a join codings b
              on b.document_id = a.document_id and b.code_id <> a.code_id
              and a.start_offset < b.end_offset and b.start_offset < a.end_offset
            where a.project_id = ${p}::uuid and b.project_id = ${p}::uuid and ${layerFilter("a", req.layer)} and ${layerFilter("b", req.layer)}
            group by 1, 2
            union all
            select c.code_id::text, c.code_id::text, count(*)::int from codings c
            where c.project_id = ${p}::uuid and ${layerFilter("c", req.layer)} group by 1`,
        )
      : await queryRows<Count>(
          db,
          sql`with hits as (
              select distinct s.id as seg, c.code_id as code
              from codings c join document_segments s
                on s.document_id = c.document_id and s.kind = 'paragraph'
                and s.start_offset < c.end_offset and c.start_offset < s.end_offset
              where c.project_id = ${p}::uuid and ${layerFilter("c", req.layer)}
            )
            select a.code::text as row, b.code::text as column, count(*)::int as n
            from hits a join hits b on b.seg = a.seg
            group by 1, 2`,
        );
  const codes = await codeAxis(db, p);
  return buildMatrix("cooccurrence", codes, codes, counts.map(num));
}

/** Codes × the values of one document attribute (the canonical text form); "(no value)" for documents without one. */
export async function codeAttributeMatrix(db: Database, req: MatrixRequest & { attribute: string }): Promise<CountMatrix> {
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  const [definition] = await db
    .select()
    .from(attributeDefinitions)
    .where(and(eq(attributeDefinitions.projectId, req.projectId), UUID.test(req.attribute) ? eq(attributeDefinitions.id, req.attribute) : eq(attributeDefinitions.name, req.attribute)));
  if (!definition) throw new AppError("bad_request", `There is no attribute “${req.attribute}” in this project.`, { field: "attribute" });
  const counts = await queryRows<Count>(
    db,
    sql`${treeCte(req.projectId, req.rollup ?? false)}
      select t.ancestor::text as row, coalesce(v.value_text, '') as column, count(*)::int as n
      from codings c join tree t on t.code = c.code_id
      left join attribute_values v on v.document_id = c.document_id and v.attribute_id = ${definition.id}::uuid
      where c.project_id = ${req.projectId}::uuid and ${layerFilter("c", req.layer)}
      group by 1, 2`,
  );
  const values = [...new Set(counts.map((c) => c.column))];
  const order = definition.type === "choice" ? (v: string) => (v === "" ? Infinity : definition.choices.indexOf(v)) : null;
  values.sort((a, b) => (a === "" ? 1 : b === "" ? -1 : order ? order(a) - order(b) : a.localeCompare(b, "en", { numeric: true })));
  const columns = values.map((v) => ({ id: v, label: v === "" ? "(no value)" : v }));
  return buildMatrix("code-attribute", await codeAxis(db, req.projectId), columns, counts.map(num));
}

/**
 * Codes over the documents' publication dates, by year or month: codings per code per period;
 * documents without a date form the last column, "(no date)".
 */
export async function codeTimeline(db: Database, req: MatrixRequest & { period: "year" | "month" }): Promise<CountMatrix> {
  const format = req.period === "year" ? "YYYY" : "YYYY-MM";
  const counts = await queryRows<Count>(
    db,
    sql`${treeCte(req.projectId, req.rollup ?? false)}
      select t.ancestor::text as row, coalesce(to_char(d.published_on, ${format}), '') as column, count(*)::int as n
      from codings c join tree t on t.code = c.code_id join documents d on d.id = c.document_id
      where c.project_id = ${req.projectId}::uuid and ${layerFilter("c", req.layer)}
      group by 1, 2`,
  );
  const periods = [...new Set(counts.map((c) => c.column))].sort((a, b) => (a === "" ? 1 : b === "" ? -1 : a.localeCompare(b)));
  return buildMatrix("timeline", await codeAxis(db, req.projectId), periods.map((p) => ({ id: p, label: p === "" ? "(no date)" : p })), counts.map(num));
}

// postgres.js and PGlite may hand back counts as strings or numbers.
function num(c: Count): Count {
  return { row: c.row, column: c.column, n: Number(c.n) };
}

export type CodeFrequency = { codeId: string; label: string; depth: number; codings: number; documents: number; coders: number; characters: number; share: number };

/**
 * Per code (rolled up the tree when asked): codings, documents, coders, and the share of the
 * project's text it covers — the union of its codings' ranges per document (overlapping codings
 * count once, via PostgreSQL's range_agg), over the length of every document.
 */
export async function codeFrequencies(db: Database, req: MatrixRequest): Promise<{ rows: CodeFrequency[]; textLength: number }> {
  const filter = layerFilter("c", req.layer);
  const counts = await queryRows<{ code: string; codings: number; documents: number; coders: number }>(
    db,
    sql`${treeCte(req.projectId, req.rollup ?? false)}
      select t.ancestor::text as code, count(*)::int as codings, count(distinct c.document_id)::int as documents,
             count(distinct case when c.layer = 'consensus' then null else c.coder_id end)::int as coders
      from codings c join tree t on t.code = c.code_id
      where c.project_id = ${req.projectId}::uuid and ${filter}
      group by 1`,
  );
  const covered = await queryRows<{ code: string; characters: number }>(
    db,
    sql`${treeCte(req.projectId, req.rollup ?? false)},
      per_document as (
        select t.ancestor as code, range_agg(int4range(c.start_offset, c.end_offset)) as covered
        from codings c join tree t on t.code = c.code_id
        where c.project_id = ${req.projectId}::uuid and ${filter}
        group by t.ancestor, c.document_id
      )
      select code::text as code, sum((select coalesce(sum(upper(r) - lower(r)), 0) from unnest(covered) as r))::bigint as characters
      from per_document group by 1`,
  );
  const [total] = await queryRows<{ n: number }>(db, sql`select coalesce(sum(length), 0)::bigint as n from documents where project_id = ${req.projectId}::uuid`);
  const textLength = Number(total?.n ?? 0);
  const byCode = new Map(counts.map((c) => [c.code, c]));
  const chars = new Map(covered.map((c) => [c.code, Number(c.characters)]));
  const codes = await getCodesByProjectId(db, { projectId: req.projectId });
  return {
    textLength,
    rows: codes.map((code) => {
      const c = byCode.get(code.id);
      const characters = chars.get(code.id) ?? 0;
      return { codeId: code.id, label: code.path, depth: code.depth, codings: Number(c?.codings ?? 0), documents: Number(c?.documents ?? 0), coders: Number(c?.coders ?? 0), characters, share: textLength === 0 ? 0 : characters / textLength };
    }),
  };
}
