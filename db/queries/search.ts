import { sql, type SQL } from "drizzle-orm";
import { searchChunksOf } from "@/lib/search/chunks";
import type { Database } from "../client";
import { analyticRows, queryRows } from "../raw";
import { documents, documentSegments, searchChunks } from "../schema";

/**
 * The full-text index and the queries over it (lib/search describes the modes). Chunks are
 * written with their `tsvector` computed by PostgreSQL from the text sent along, so an import
 * never re-reads the document it has just stored.
 */
export const SEARCH_CONFIG = "english";
const CONFIG = sql.raw(`'${SEARCH_CONFIG}'::regconfig`);
const CHUNK_BATCH = 2_000;

/** Indexes one document's text (its blocks: paragraphs, headings, list items, table rows, in code points). Runs in the caller's transaction. */
export async function indexDocumentText(
  tx: Database,
  input: { projectId: string; documentId: string; text: string; blocks: readonly { start: number; end: number }[] },
): Promise<number> {
  const chunks = searchChunksOf(input.text, input.blocks);
  for (let i = 0; i < chunks.length; i += CHUNK_BATCH) {
    const batch = chunks.slice(i, i + CHUNK_BATCH).map((c) => [c.start, c.end, c.text]);
    await tx.execute(sql`
      insert into ${searchChunks} (project_id, document_id, start_offset, end_offset, body, tsv)
      select ${input.projectId}::uuid, ${input.documentId}::uuid, (x->>0)::int, (x->>1)::int, x->>2, to_tsvector(${CONFIG}, x->>2)
      from jsonb_array_elements(${JSON.stringify(batch)}::jsonb) as x`);
  }
  return chunks.length;
}

/**
 * Indexes the project's documents that have no chunks yet (imported before search existed, or
 * written by a path that does not index): each in its own transaction, so a search that starts
 * while another is indexing just finds fewer to do. Returns how many it indexed.
 */
export async function ensureSearchIndex(db: Database, projectId: string): Promise<number> {
  const missing = await queryRows<{ id: string }>(
    db,
    sql`select d.id from ${documents} d where d.project_id = ${projectId}::uuid
        and not exists (select 1 from ${searchChunks} c where c.document_id = d.id)`,
  );
  for (const { id } of missing) {
    await db.transaction(async (tx) => {
      // Lock the document row: two searches at once index it once.
      const [doc] = await queryRows<{ text: string }>(tx, sql`select text from ${documents} where id = ${id}::uuid for update`);
      if (!doc) return;
      const [already] = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from ${searchChunks} where document_id = ${id}::uuid`);
      if (already && already.n > 0) return;
      const blocks = await queryRows<{ start: number; end: number }>(
        tx,
        sql`select start_offset as start, end_offset as "end" from ${documentSegments}
            where document_id = ${id}::uuid and kind in ('paragraph', 'heading', 'list_item', 'table_row') order by start_offset`,
      );
      await indexDocumentText(tx, { projectId, documentId: id, text: doc.text, blocks });
    });
  }
  return missing.length;
}

/** Which documents a search looks in: all of the project's, some of them, or those with an attribute value ("" = without one). */
export type SearchScope = { projectId: string; documentIds?: readonly string[]; attribute?: { id: string; value: string } };

/** The scope as conditions on a table with `project_id` and a document id column (`document_id` on chunks, `id` on documents). */
function scopeConditions(alias: string, scope: SearchScope, documentColumn = "document_id"): SQL {
  const doc = sql.raw(`${alias}.${documentColumn}`);
  const conditions: SQL[] = [sql`${sql.raw(alias)}.project_id = ${scope.projectId}::uuid`];
  if (scope.documentIds) conditions.push(sql`${doc} = any(string_to_array(${scope.documentIds.join(",")}, ',')::uuid[])`);
  if (scope.attribute) {
    conditions.push(
      scope.attribute.value === ""
        ? sql`not exists (select 1 from attribute_values v where v.document_id = ${doc} and v.attribute_id = ${scope.attribute.id}::uuid)`
        : sql`exists (select 1 from attribute_values v where v.document_id = ${doc} and v.attribute_id = ${scope.attribute.id}::uuid and v.value_text = ${scope.attribute.value})`,
    );
  }
  return sql.join(conditions, sql` and `);
}

/** Whether a query under the search configuration has any lexemes (not only stop words). */
export async function tsqueryHasTerms(db: Database, kind: "websearch" | "phrase", q: string): Promise<boolean> {
  const fn = kind === "websearch" ? sql`websearch_to_tsquery(${CONFIG}, ${q})` : sql`phraseto_tsquery(${CONFIG}, ${q})`;
  const [row] = await queryRows<{ n: number }>(db, sql`select numnode(${fn})::int as n`);
  return (row?.n ?? 0) > 0;
}

export type RankedChunk = { documentId: string; start: number; end: number; rank: number; text: string; headline: string | null };

/**
 * Chunks matching a full-text query, best first (ts_rank_cd, then document and position), at
 * most `limit`, with their text — and for `websearch`, the text marked up by ts_headline with
 * U+0001/U+0002 around each matching word (HighlightAll keeps the text otherwise as it is; the
 * canonical text holds no control characters but \n and \t, so the marks cannot collide).
 */
export async function rankedChunks(
  db: Database,
  input: { scope: SearchScope; q: string; kind: "websearch" | "phrase"; limit: number; headline: boolean },
): Promise<{ chunks: RankedChunk[]; total: number }> {
  const fn = input.kind === "websearch" ? sql`websearch_to_tsquery(${CONFIG}, ${input.q})` : sql`phraseto_tsquery(${CONFIG}, ${input.q})`;
  const where = scopeConditions("c", input.scope);
  const headline = input.headline ? sql`ts_headline(${CONFIG}, c.body, q.q, ${"StartSel=\u0001, StopSel=\u0002, HighlightAll=true"})` : sql`null`;
  // One pass over the matching chunks ranks them and counts them (the window runs before the limit).
  const rows = await analyticRows<{ document_id: string; start_offset: number; end_offset: number; rank: number; total: number; text: string; headline: string | null }>(
    db,
    sql`with q as (select ${fn} as q),
        hits as (
          select c.id, ts_rank_cd(c.tsv, q.q) as rank, count(*) over () as total
          from ${searchChunks} c, q where c.tsv @@ q.q and ${where}
          order by rank desc, c.document_id, c.start_offset limit ${input.limit}
        )
        select c.document_id, c.start_offset, c.end_offset, h.rank, h.total, c.body as text, ${headline} as headline
        from hits h join ${searchChunks} c on c.id = h.id, q
        order by h.rank desc, c.document_id, c.start_offset`,
  );
  return {
    chunks: rows.map((r) => ({ documentId: r.document_id, start: Number(r.start_offset), end: Number(r.end_offset), rank: Number(r.rank), text: r.text, headline: r.headline })),
    total: Number(rows[0]?.total ?? 0),
  };
}

/** The project's documents in scope, in project order, a batch of texts at a time (for regular expressions). */
export async function* documentTextsInScope(db: Database, scope: SearchScope, batchBytes = 8 * 1024 * 1024): AsyncGenerator<{ id: string; text: string }[]> {
  const ids = await queryRows<{ id: string; length: number }>(
    db,
    sql`select d.id, d.length from ${documents} d where ${scopeConditions("d", scope, "id")} order by d.position, d.title`,
  );
  let batch: string[] = [];
  let size = 0;
  const flush = async () => {
    const rows = await queryRows<{ id: string; text: string }>(db, sql`select id, text from ${documents} where id = any(string_to_array(${batch.join(",")}, ',')::uuid[])`);
    const byId = new Map(rows.map((r) => [r.id, r.text]));
    const out = batch.filter((id) => byId.has(id)).map((id) => ({ id, text: byId.get(id)! }));
    batch = [];
    size = 0;
    return out;
  };
  for (const row of ids) {
    batch.push(row.id);
    size += Number(row.length);
    if (size >= batchBytes) yield await flush();
  }
  if (batch.length) yield await flush();
}

/** Titles of the given documents, for grouping hits. */
export async function documentTitles(db: Database, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await queryRows<{ id: string; title: string }>(db, sql`select id, title from ${documents} where id = any(string_to_array(${ids.join(",")}, ',')::uuid[])`);
  return new Map(rows.map((r) => [r.id, r.title]));
}

/**
 * For each span, the smallest run of whole segments of `kind` (sentence or paragraph) that
 * covers it: from the first segment it touches to the last. A span that touches none (it lies in
 * the gap between two) is returned as it is.
 */
export async function expandToSegments(
  db: Database,
  input: { kind: "sentence" | "paragraph"; spans: readonly { documentId: string; start: number; end: number }[] },
): Promise<{ documentId: string; start: number; end: number }[]> {
  if (input.spans.length === 0) return [];
  const rows = await analyticRows<{ i: number; s: number | null; e: number | null }>(
    db,
    sql`select x.i, least(min(s.start_offset), min(x.a)) as s, greatest(max(s.end_offset), max(x.b)) as e
        from jsonb_to_recordset(${JSON.stringify(input.spans.map((s, i) => ({ i, d: s.documentId, a: s.start, b: s.end })))}::jsonb) as x(i int, d uuid, a int, b int)
        left join ${documentSegments} s on s.document_id = x.d and s.kind = ${input.kind} and s.start_offset < x.b and s.end_offset > x.a
        group by x.i`,
  );
  const byIndex = new Map(rows.map((r) => [Number(r.i), r]));
  return input.spans.map((span, i) => {
    const r = byIndex.get(i);
    return r ? { documentId: span.documentId, start: Number(r.s ?? span.start), end: Number(r.e ?? span.end) } : { ...span };
  });
}
