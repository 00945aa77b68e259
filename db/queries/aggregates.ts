import { and, asc, eq, or, sql, type SQL } from "drizzle-orm";
import { AppError } from "@/lib/errors";
import { buildMatrix, type Axis, type CountMatrix } from "@/lib/aggregate/matrix";
import type { Database } from "../client";
import { analyticRows } from "../raw";
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

/** A document's words; older rows without a stored count fall back to PostgreSQL's \w runs (migration 0004). */
const WORDS = sql`coalesce(d.word_count, regexp_count(d.text, '\w+'))`;

async function wordsBy(db: Database, projectId: string, key: SQL): Promise<Map<string, number>> {
  const rows = await analyticRows<{ key: string; words: number }>(
    db,
    sql`select ${key} as key, sum(${WORDS})::bigint as words from documents d where d.project_id = ${projectId}::uuid group by 1`,
  );
  return new Map(rows.map((r) => [r.key, Number(r.words)]));
}

function withWords(m: CountMatrix, words: Map<string, number>): CountMatrix {
  return { ...m, columnWords: m.columns.map((c) => words.get(c.id) ?? 0) };
}

export async function codeDocumentMatrix(db: Database, req: MatrixRequest): Promise<CountMatrix> {
  const counts = await analyticRows<Count>(
    db,
    sql`${treeCte(req.projectId, req.rollup ?? false)}
      select t.ancestor::text as row, c.document_id::text as column, count(*)::int as n
      from codings c join tree t on t.code = c.code_id
      where c.project_id = ${req.projectId}::uuid and ${layerFilter("c", req.layer)}
      group by 1, 2`,
  );
  const docs = await db.select({ id: documents.id, label: documents.title }).from(documents).where(eq(documents.projectId, req.projectId)).orderBy(asc(documents.position), asc(documents.title));
  const words = await wordsBy(db, req.projectId, sql`d.id::text`);
  return withWords(buildMatrix("code-document", await codeAxis(db, req.projectId), docs, counts.map(num)), words);
}

/** Codes × coders (and the consensus layer as a column); `layer` narrows to one coder in blind mode. */
export async function codeCoderMatrix(db: Database, req: MatrixRequest): Promise<CountMatrix> {
  const filter = req.layer === "all" ? sql`true` : layerFilter("c", req.layer);
  const counts = await analyticRows<Count>(
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
/** The co-occurrence query (exported so the benchmark can show its plan). */
export function cooccurrenceSql(req: MatrixRequest & { by: "overlap" | "paragraph" }): SQL {
  const p = req.projectId;
  return req.by === "overlap"
    ? // Grouped on the uuids, cast to text after: casting every joined row first costs more than the join.
      sql`select x.a::text as row, x.b::text as column, x.n from (
          select a.code_id as a, b.code_id as b, count(*)::int as n
          from codings a join codings b
            on b.document_id = a.document_id and b.code_id <> a.code_id
            and a.start_offset < b.end_offset and b.start_offset < a.end_offset
          where a.project_id = ${p}::uuid and b.project_id = ${p}::uuid and ${layerFilter("a", req.layer)} and ${layerFilter("b", req.layer)}
          group by 1, 2) x
        union all
        select c.code_id::text, c.code_id::text, count(*)::int from codings c
        where c.project_id = ${p}::uuid and ${layerFilter("c", req.layer)} group by 1`
    : // Each coding's paragraphs by ordinal (kept on the coding by a trigger), each paragraph's
      // codes as one array, then each pair of them once (a <= b; the caller mirrors the rest):
      // a third faster on 100,000 codings than joining the (paragraph, code) rows to themselves.
      sql`with hits as (
          select c.document_id, g.ordinal, array_agg(distinct c.code_id) as codes
          from codings c cross join lateral generate_series(c.paragraph_first, c.paragraph_last) as g(ordinal)
          where c.project_id = ${p}::uuid and ${layerFilter("c", req.layer)} and c.paragraph_last is not null
          group by 1, 2
        )
        select a::text as row, b::text as column, count(*)::int as n
        from hits h, unnest(h.codes) a, unnest(h.codes) b
        where a <= b
        group by a, b`;
}

/** The paragraph query counts each pair of codes once; the matrix is symmetric. */
function mirrored(counts: Count[]): Count[] {
  return counts.flatMap((c) => (c.row === c.column ? [c] : [c, { row: c.column, column: c.row, n: c.n }]));
}

export async function cooccurrenceMatrix(db: Database, req: MatrixRequest & { by: "overlap" | "paragraph" }): Promise<CountMatrix> {
  const p = req.projectId;
  const rows = await analyticRows<Count>(db, cooccurrenceSql(req));
  const counts = req.by === "paragraph" ? mirrored(rows) : rows;
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
  const counts = await analyticRows<Count>(
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
  const words = await wordsBy(db, req.projectId, sql`coalesce((select v.value_text from attribute_values v where v.document_id = d.id and v.attribute_id = ${definition.id}::uuid), '')`);
  return withWords(buildMatrix("code-attribute", await codeAxis(db, req.projectId), columns, counts.map(num)), words);
}

/**
 * Codes over the documents' publication dates, by year or month: codings per code per period;
 * documents without a date form the last column, "(no date)".
 */
export async function codeTimeline(db: Database, req: MatrixRequest & { period: "year" | "month" }): Promise<CountMatrix> {
  const format = req.period === "year" ? "YYYY" : "YYYY-MM";
  const counts = await analyticRows<Count>(
    db,
    sql`${treeCte(req.projectId, req.rollup ?? false)}
      select t.ancestor::text as row, coalesce(to_char(d.published_on, ${format}), '') as column, count(*)::int as n
      from codings c join tree t on t.code = c.code_id join documents d on d.id = c.document_id
      where c.project_id = ${req.projectId}::uuid and ${layerFilter("c", req.layer)}
      group by 1, 2`,
  );
  const periods = [...new Set(counts.map((c) => c.column))].sort((a, b) => (a === "" ? 1 : b === "" ? -1 : a.localeCompare(b)));
  const words = await wordsBy(db, req.projectId, sql`coalesce(to_char(d.published_on, ${format}), '')`);
  return withWords(buildMatrix("timeline", await codeAxis(db, req.projectId), periods.map((p) => ({ id: p, label: p === "" ? "(no date)" : p })), counts.map(num)), words);
}

// postgres.js and PGlite may hand back counts as strings or numbers.
function num(c: Count): Count {
  return { row: c.row, column: c.column, n: Number(c.n) };
}

export type CodeFrequency = { codeId: string; label: string; depth: number; codings: number; documents: number; coders: number; characters: number; share: number };

/** What frequencies can be split by: each document, each coder (and the consensus layer), source type, or an attribute's values. */
export type FrequencySplit = { by: "document" } | { by: "coder" } | { by: "source-type" } | { by: "attribute"; attributeId: string };
export type FrequencyGroup = { id: string; label: string; textLength: number; rows: CodeFrequency[] };

/** The SQL key of a coding's group (`c` a coding, `d` its document) and of a document's group (`d`). */
function splitKeys(split: FrequencySplit | undefined): { coding: SQL; document: SQL | null } {
  if (!split) return { coding: sql`''`, document: sql`''` };
  // Grouped on the uuid and cast once per group: casting every coding's id to text first costs more than the grouping.
  if (split.by === "document") return { coding: sql`c.document_id`, document: sql`d.id::text` };
  if (split.by === "source-type") return { coding: sql`d.source_type`, document: sql`d.source_type` };
  if (split.by === "coder") return { coding: sql`case when c.layer = 'consensus' then 'consensus' else c.coder_id::text end`, document: null };
  const value = (documentId: SQL) => sql`coalesce((select v.value_text from attribute_values v where v.document_id = ${documentId} and v.attribute_id = ${split.attributeId}::uuid), '')`;
  return { coding: value(sql`c.document_id`), document: value(sql`d.id`) };
}

/**
 * Per code (rolled up the tree when asked), and per group when split: codings, documents,
 * coders, and the share of the group's text it covers — the union of its codings' ranges per
 * document, so overlapping codings count once — over the length of the group's documents (every
 * document, for a split by coder). One pass: the union's length is summed from the codings in
 * start order, each adding what reaches past the furthest end before it (a window), which is
 * several times faster than building range_agg multiranges per code and document.
 */
async function frequencyCounts(db: Database, req: MatrixRequest, split: FrequencySplit | undefined) {
  const filter = layerFilter("c", req.layer);
  const key = splitKeys(split);
  const tree = treeCte(req.projectId, req.rollup ?? false);
  const joinDocument = split?.by === "source-type" ? sql`join documents d on d.id = c.document_id` : sql``;
  const rows = await analyticRows<{ code: string; grp: string; codings: number; documents: number; coders: number; characters: number }>(
    db,
    sql`${tree},
      coded as (
        select t.ancestor as code, ${key.coding} as grp, c.document_id, c.coder_id, c.layer, c.start_offset as s, c.end_offset as e,
               max(c.end_offset) over (partition by t.ancestor, c.document_id, ${key.coding} order by c.start_offset, c.end_offset rows between unbounded preceding and 1 preceding) as reach
        from codings c join tree t on t.code = c.code_id ${joinDocument}
        where c.project_id = ${req.projectId}::uuid and ${filter}
      )
      -- Grouped on the raw keys (uuids sort without a collation, and in the window's order), cast after.
      select x.code::text as code, x.grp::text as grp, x.codings, x.documents, x.coders, x.characters from (
        select code, grp, count(*)::int as codings, count(distinct document_id)::int as documents,
               count(distinct case when layer = 'consensus' then null else coder_id end)::int as coders,
               sum(greatest(0, e - greatest(s, coalesce(reach, 0))))::bigint as characters
        from coded group by code, grp) x`,
  );
  const lengths = await analyticRows<{ grp: string; n: number }>(
    db,
    sql`select ${key.document ?? sql`''`} as grp, coalesce(sum(d.length), 0)::bigint as n from documents d where d.project_id = ${req.projectId}::uuid group by 1`,
  );
  return { counts: rows, covered: rows, lengths: new Map(lengths.map((l) => [l.grp, Number(l.n)])), perGroupText: key.document !== null };
}

type FrequencyData = Awaited<ReturnType<typeof frequencyCounts>>;

/** Counts and covered characters by group, then by code: one pass, not one scan per group. */
function indexByGroup(f: FrequencyData) {
  const counts = new Map<string, Map<string, FrequencyData["counts"][number]>>();
  for (const c of f.counts) {
    const m = counts.get(c.grp) ?? new Map();
    m.set(c.code, c);
    counts.set(c.grp, m);
  }
  const covered = new Map<string, Map<string, number>>();
  for (const c of f.covered) {
    const m = covered.get(c.grp) ?? new Map<string, number>();
    m.set(c.code, Number(c.characters));
    covered.set(c.grp, m);
  }
  return { counts, covered };
}

function frequencyRows(codes: { id: string; path: string; depth: number }[], grp: string, index: ReturnType<typeof indexByGroup>, textLength: number): CodeFrequency[] {
  const byCode = index.counts.get(grp) ?? new Map<string, FrequencyData["counts"][number]>();
  const chars = index.covered.get(grp) ?? new Map<string, number>();
  return codes.map((code) => {
    const c = byCode.get(code.id);
    const characters = chars.get(code.id) ?? 0;
    return { codeId: code.id, label: code.path, depth: code.depth, codings: Number(c?.codings ?? 0), documents: Number(c?.documents ?? 0), coders: Number(c?.coders ?? 0), characters, share: textLength === 0 ? 0 : characters / textLength };
  });
}

export async function codeFrequencies(db: Database, req: MatrixRequest): Promise<{ rows: CodeFrequency[]; textLength: number }> {
  const f = await frequencyCounts(db, req, undefined);
  const textLength = f.lengths.get("") ?? 0;
  return { textLength, rows: frequencyRows(await getCodesByProjectId(db, { projectId: req.projectId }), "", indexByGroup(f), textLength) };
}

/** Frequencies split into groups (documents, coders, source types, attribute values), each group's codes in tree order; groups without codings are left out. */
export async function codeFrequenciesBy(db: Database, req: MatrixRequest & { split: FrequencySplit }): Promise<FrequencyGroup[]> {
  const f = await frequencyCounts(db, req, req.split);
  const codes = await getCodesByProjectId(db, { projectId: req.projectId });
  const ids = [...new Set(f.counts.map((c) => c.grp))];
  const total = [...f.lengths.values()].reduce((a, b) => a + b, 0);
  const labels = new Map<string, string>();
  if (req.split.by === "document") {
    const docs = await db.select({ id: documents.id, label: documents.title, position: documents.position }).from(documents).where(eq(documents.projectId, req.projectId)).orderBy(asc(documents.position), asc(documents.title));
    docs.forEach((d) => labels.set(d.id, d.label));
    const order = new Map(docs.map((d, i) => [d.id, i]));
    ids.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
  } else if (req.split.by === "coder") {
    const people = ids.filter((id) => id !== "consensus");
    const named = people.length ? await db.select({ id: users.id, label: users.name }).from(users).where(or(...people.map((id) => eq(users.id, id)))) : [];
    named.forEach((u) => labels.set(u.id, u.label));
    labels.set("consensus", "Consensus layer");
    ids.sort((a, b) => (a === "consensus" ? 1 : b === "consensus" ? -1 : (labels.get(a) ?? "").localeCompare(labels.get(b) ?? "")));
  } else {
    ids.sort((a, b) => (a === "" ? 1 : b === "" ? -1 : a.localeCompare(b, "en", { numeric: true })));
    for (const id of ids) labels.set(id, id === "" ? "(no value)" : id);
  }
  const index = indexByGroup(f);
  return ids.map((id) => {
    const textLength = f.perGroupText ? (f.lengths.get(id) ?? 0) : total;
    return { id, label: labels.get(id) ?? id, textLength, rows: frequencyRows(codes, id, index, textLength) };
  });
}
