import { and, asc, count, eq, sql, type SQL, getTableColumns } from "drizzle-orm";
import { AppError } from "@/lib/errors";
import type { Database } from "../client";
import { queryRows } from "../raw";
import { codes, codings, documents, events, type Coding, type Layer } from "../schema";
import { recordEvent, recordEvents } from "./events";

export type CodingFilter = {
  projectId: string;
  documentId?: string;
  codeId?: string;
  coderId?: string;
  layer?: Layer;
  /** Blind mode: only this coder's own coder-layer codings are visible. */
  onlyCoderId?: string;
};

function filterConditions(filter: CodingFilter): SQL {
  const conditions: SQL[] = [eq(codings.projectId, filter.projectId)];
  if (filter.documentId) conditions.push(eq(codings.documentId, filter.documentId));
  if (filter.codeId) conditions.push(eq(codings.codeId, filter.codeId));
  if (filter.coderId) conditions.push(eq(codings.coderId, filter.coderId));
  if (filter.layer) conditions.push(eq(codings.layer, filter.layer));
  if (filter.onlyCoderId) conditions.push(eq(codings.coderId, filter.onlyCoderId), eq(codings.layer, "coder"));
  return and(...conditions)!;
}

/** A coding's columns without the unit ordinals and pages the database keeps for itself (migrations 0005, 0006). */
const { paragraphFirst: _pf, paragraphLast: _pl, sentenceFirst: _sf, sentenceLast: _sl, pageFirst: _gf, pageLast: _gl, ...codingColumns } = getTableColumns(codings);
export { codingColumns };

/** Codings in document order (then by length, longest first, so nesting draws outside-in). */
export async function getCodings(db: Database, filter: CodingFilter): Promise<Coding[]> {
  return db
    .select(codingColumns)
    .from(codings)
    .where(filterConditions(filter))
    .orderBy(asc(codings.documentId), asc(codings.startOffset), sql`${codings.endOffset} desc`, asc(codings.createdAt));
}

export type ViewCoding = Pick<Coding, "id" | "codeId" | "coderId" | "startOffset" | "endOffset" | "quote" | "memo" | "version" | "createdAt">;

/**
 * What the coding view draws: no rich memo body, no timestamps it does not show, in the order of
 * getCodings. Packed into one JSON value: PGlite decodes every field of every row in JavaScript,
 * so 5,000 rows × 9 fields took 80–150 ms; one value parsed natively takes a third (bench P2).
 */
export async function getCodingsForView(db: Database, filter: CodingFilter): Promise<ViewCoding[]> {
  const [row] = await queryRows<{ rows: string }>(
    db,
    sql`select coalesce(json_agg(json_build_array(${codings.id}, ${codings.codeId}, ${codings.coderId}, ${codings.startOffset}, ${codings.endOffset}, ${codings.quote}, ${codings.memo}, ${codings.version}, ${codings.createdAt})
          order by ${codings.startOffset}, ${codings.endOffset} desc, ${codings.createdAt}), '[]')::text as rows
        from ${codings} where ${filterConditions(filter)}`,
  );
  type Packed = [string, string, string, number, number, string, string, number, string];
  return (JSON.parse(row?.rows ?? "[]") as Packed[]).map(([id, codeId, coderId, startOffset, endOffset, quote, memo, version, createdAt]) => ({
    id,
    codeId,
    coderId,
    startOffset,
    endOffset,
    quote,
    memo,
    version,
    createdAt: new Date(createdAt),
  }));
}

export async function getCodingById(db: Database, { projectId, codingId }: { projectId: string; codingId: string }): Promise<Coding | undefined> {
  const [row] = await db
    .select(codingColumns)
    .from(codings)
    .where(and(eq(codings.projectId, projectId), eq(codings.id, codingId)))
    .limit(1);
  return row;
}

/**
 * The quote for a span, cut by PostgreSQL itself (substring counts code points, like our
 * offsets), and the document's length — without loading a megabyte of text into JavaScript.
 */
async function quoteFor(tx: Database, projectId: string, documentId: string, start: number, end: number) {
  const [doc] = await tx
    .select({
      length: documents.length,
      quote: sql<string>`substring(${documents.text} from ${start + 1}::int for ${Math.max(end - start, 0)}::int)`,
    })
    .from(documents)
    .where(and(eq(documents.id, documentId), eq(documents.projectId, projectId)))
    .limit(1);
  if (!doc) throw new AppError("bad_request", "That document is not in this project.", { field: "documentId" });
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end <= start || end > doc.length) {
    throw new AppError(
      "bad_request",
      `The span ${start}–${end} is not inside the document (0–${doc.length} code points, start before end).`,
      { field: "start", length: doc.length },
    );
  }
  return doc.quote;
}

/** Checks that a span names a document and a code of this project, inside the document's text (400 otherwise). */
export async function requireSpan(tx: Database, span: { projectId: string; documentId: string; codeId: string; start: number; end: number }): Promise<void> {
  await requireCode(tx, span.projectId, span.codeId);
  await quoteFor(tx, span.projectId, span.documentId, span.start, span.end);
}

async function requireCode(tx: Database, projectId: string, codeId: string) {
  const [code] = await tx
    .select({ id: codes.id })
    .from(codes)
    .where(and(eq(codes.id, codeId), eq(codes.projectId, projectId)))
    .limit(1);
  if (code) return;
  // Say what happened to it: someone may have deleted it while this coder was coding with it.
  const [gone] = await tx
    .select({ name: sql<string | null>`${events.before}->>'name'` })
    .from(events)
    .where(and(eq(events.projectId, projectId), eq(events.type, "code.deleted"), eq(events.entityId, codeId)))
    .limit(1);
  if (gone) throw new AppError("bad_request", `The code "${gone.name ?? "?"}" was deleted from the codebook; choose another code.`, { field: "codeId" });
  throw new AppError("bad_request", "That code is not in this project's codebook.", { field: "codeId" });
}

/**
 * Where a merged code went: a coding sent to a code that was merged (while the coder's view
 * still showed it) lands on the merge target instead of being refused or lost. Follows chains
 * of merges (A into B, then B into C).
 */
export async function mergeTargetOf(tx: Database, projectId: string, codeId: string): Promise<string | null> {
  let current = codeId;
  for (let hop = 0; hop < 20; hop++) {
    const [merged] = await tx
      .select({ target: sql<string>`${events.meta}->>'targetCodeId'` })
      .from(events)
      .where(and(eq(events.projectId, projectId), eq(events.type, "code.merged"), eq(events.entityId, current)))
      .orderBy(sql`${events.id} desc`)
      .limit(1);
    if (!merged?.target) return hop === 0 ? null : current;
    current = merged.target;
  }
  return current;
}

export type NewCoding = {
  projectId: string;
  documentId: string;
  codeId: string;
  coderId: string;
  layer?: Layer;
  start: number;
  end: number;
  memo?: string;
  /** Groups the events of one user action (auto-code, merge) so it can be undone as one. */
  batchId?: string;
};

/**
 * Codes a span: one SQL statement checks that the document and code belong to the project and
 * that the span fits, cuts the quote (in code points, by PostgreSQL), inserts the coding and
 * its `coding.created` event — atomic without a transaction, and one round trip, because this
 * is the write researchers and scripts make most. When it inserts nothing, the slow path finds
 * out why and answers with a specific message.
 */
export async function createCoding(db: Database, input: NewCoding): Promise<Coding> {
  const layer = input.layer ?? "coder";
  const memo = input.memo ?? "";
  const meta = JSON.stringify(input.batchId ? { batchId: input.batchId } : {});
  const spanOk = Number.isInteger(input.start) && Number.isInteger(input.end) && input.start >= 0 && input.end > input.start;
  if (spanOk) {
    const rows = await queryRows<CodingRow>(
      db,
      sql`
      with doc as (
        select id, substring(text from ${input.start + 1}::int for ${input.end - input.start}::int) as quote
        from ${documents}
        where id = ${input.documentId}::uuid and project_id = ${input.projectId}::uuid and length >= ${input.end}::int
      ), code as (
        select id from ${codes} where id = ${input.codeId}::uuid and project_id = ${input.projectId}::uuid
      ), ins as (
        insert into ${codings} (project_id, document_id, code_id, coder_id, layer, start_offset, end_offset, quote, memo)
        select ${input.projectId}::uuid, doc.id, code.id, ${input.coderId}::uuid, ${layer}, ${input.start}::int, ${input.end}::int, doc.quote, ${memo}
        from doc, code
        returning *
      ), ev as (
        insert into ${events} (project_id, actor_id, type, entity_type, entity_id, after, meta)
        select project_id, coder_id, 'coding.created', 'coding', id::text, ${codingJsonSql}, ${meta}::jsonb from ins
      )
      select * from ins`,
    );
    if (rows[0]) return fromRow(rows[0]);
  }
  // Nothing inserted: a merged code's codings go to its target; otherwise say precisely why.
  const target = spanOk ? await mergeTargetOf(db, input.projectId, input.codeId) : null;
  if (target && target !== input.codeId) return createCoding(db, { ...input, codeId: target });
  await requireCode(db, input.projectId, input.codeId);
  await quoteFor(db, input.projectId, input.documentId, input.start, input.end);
  throw new Error("createCoding inserted nothing although every check passed");
}

/** A codings row as raw SQL returns it (snake_case; timestamps may arrive as strings). */
type CodingRow = {
  id: string;
  project_id: string;
  document_id: string;
  code_id: string;
  coder_id: string;
  layer: Coding["layer"];
  start_offset: number;
  end_offset: number;
  quote: string;
  memo: string;
  memo_doc: Record<string, unknown> | null;
  version: number;
  created_at: string | Date;
  updated_at: string | Date;
};

function fromRow(row: CodingRow): Coding {
  return {
    id: row.id,
    projectId: row.project_id,
    documentId: row.document_id,
    codeId: row.code_id,
    coderId: row.coder_id,
    layer: row.layer,
    startOffset: Number(row.start_offset),
    endOffset: Number(row.end_offset),
    quote: row.quote,
    memo: row.memo,
    memoDoc: row.memo_doc,
    version: Number(row.version),
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

// The event's `after` in the same camelCase shape as every other event snapshot.
const codingJsonSql = sql.raw(`jsonb_build_object(
  'id', id, 'projectId', project_id, 'documentId', document_id, 'codeId', code_id, 'coderId', coder_id,
  'layer', layer, 'startOffset', start_offset, 'endOffset', end_offset, 'quote', quote, 'memo', memo,
  'memoDoc', memo_doc, 'version', version, 'createdAt', created_at, 'updatedAt', updated_at)`);

/**
 * Locks a coding for an edit and checks the caller may make it: their own coding (or
 * `mayEditOthers`), and, with `expectedVersion`, not changed since they loaded it.
 */
async function lockCodingForEdit(
  tx: Database,
  { projectId, codingId, actorId, mayEditOthers, expectedVersion }: { projectId: string; codingId: string; actorId: string; mayEditOthers: boolean; expectedVersion?: number },
  verb: "change" | "delete",
): Promise<Coding> {
  const [before] = await tx
    .select(codingColumns)
    .from(codings)
    .where(and(eq(codings.projectId, projectId), eq(codings.id, codingId)))
    .for("update");
  if (!before) throw new AppError("not_found", "Coding not found.");
  if (before.coderId !== actorId && !mayEditOthers) throw new AppError("forbidden", `You can only ${verb} your own codings.`);
  if (expectedVersion !== undefined && expectedVersion !== before.version) {
    throw new AppError("conflict", "Someone changed this coding since you loaded it. Here is the current version.", { current: before });
  }
  return before;
}

export type CodingPatch = { codeId?: string; start?: number; end?: number; memo?: string; memoDoc?: Record<string, unknown> | null };

/**
 * Edits a coding. Coders edit their own; `mayEditOthers` (the owner) edits anyone's. With
 * `expectedVersion`, an edit based on a stale copy is refused with the current state.
 */
export async function updateCoding(
  db: Database,
  {
    projectId,
    codingId,
    actorId,
    mayEditOthers,
    patch,
    expectedVersion,
  }: { projectId: string; codingId: string; actorId: string; mayEditOthers: boolean; patch: CodingPatch; expectedVersion?: number },
): Promise<Coding> {
  return db.transaction(async (tx) => {
    const before = await lockCodingForEdit(tx, { projectId, codingId, actorId, mayEditOthers, expectedVersion }, "change");
    if (patch.codeId && patch.codeId !== before.codeId) await requireCode(tx, projectId, patch.codeId);
    const start = patch.start ?? before.startOffset;
    const end = patch.end ?? before.endOffset;
    const quote = start !== before.startOffset || end !== before.endOffset ? await quoteFor(tx, projectId, before.documentId, start, end) : before.quote;
    const [after] = await tx
      .update(codings)
      .set({
        codeId: patch.codeId ?? before.codeId,
        startOffset: start,
        endOffset: end,
        quote,
        memo: patch.memo ?? before.memo,
        memoDoc: patch.memoDoc === undefined ? before.memoDoc : patch.memoDoc,
        version: before.version + 1,
        updatedAt: new Date(),
      })
      .where(eq(codings.id, codingId))
      .returning(codingColumns);
    await recordEvent(tx, { projectId, actorId, type: "coding.updated", entityId: codingId, before, after });
    return after!;
  });
}

export async function deleteCoding(
  db: Database,
  { projectId, codingId, actorId, mayEditOthers, expectedVersion }: { projectId: string; codingId: string; actorId: string; mayEditOthers: boolean; expectedVersion?: number },
): Promise<Coding> {
  return db.transaction(async (tx) => {
    const before = await lockCodingForEdit(tx, { projectId, codingId, actorId, mayEditOthers, expectedVersion }, "delete");
    await tx.delete(codings).where(eq(codings.id, codingId));
    await recordEvent(tx, { projectId, actorId, type: "coding.deleted", entityId: codingId, before });
    return before;
  });
}

/** How many codings match a filter (the delete dialog, counts in the workspace). */
export async function countCodings(db: Database, filter: CodingFilter): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(codings).where(filterConditions(filter));
  return row?.n ?? 0;
}

/** Documents in which each code is used; with `onlyCoderId` (blind mode), in that coder's own layer. */
export async function getDocumentCountsByCode(
  db: Database,
  { projectId, onlyCoderId }: { projectId: string; onlyCoderId?: string },
): Promise<Map<string, number>> {
  const conditions = [eq(codings.projectId, projectId)];
  if (onlyCoderId) conditions.push(eq(codings.coderId, onlyCoderId), eq(codings.layer, "coder"));
  const rows = await db
    .select({ codeId: codings.codeId, n: sql<number>`count(distinct ${codings.documentId})` })
    .from(codings)
    .where(and(...conditions))
    .groupBy(codings.codeId);
  return new Map(rows.map((r) => [r.codeId, Number(r.n)]));
}

/** Codings per code and coder, so views can count only the coders shown; `onlyCoderId` is blind mode. */
export async function getCodingCountsByCodeAndCoder(
  db: Database,
  { projectId, onlyCoderId }: { projectId: string; onlyCoderId?: string },
): Promise<{ codeId: string; coderId: string; n: number }[]> {
  const conditions = [eq(codings.projectId, projectId)];
  if (onlyCoderId) conditions.push(eq(codings.coderId, onlyCoderId), eq(codings.layer, "coder"));
  const rows = await db
    .select({ codeId: codings.codeId, coderId: codings.coderId, n: count() })
    .from(codings)
    .where(and(...conditions))
    .groupBy(codings.codeId, codings.coderId);
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

export type ImportedCoding = { codeId: string; coderId: string; layer: Layer; start: number; end: number; memo: string };

/**
 * Many codings of one document at once, for imports: one statement per document (quotes cut
 * from the stored text by PostgreSQL, spans outside the text left out) and their
 * `coding.created` events in batches — a 10,000-coding .qdpx in seconds, not the minutes one
 * createCoding (and savepoint) per coding took. Runs in the caller's transaction. Returns how
 * many were stored; a span the text cannot hold is not stored.
 */
export async function insertImportedCodings(tx: Database, input: { projectId: string; documentId: string; actorId: string; codings: readonly ImportedCoding[] }): Promise<number> {
  if (input.codings.length === 0) return 0;
  const rows = JSON.stringify(input.codings.map((c) => ({ code_id: c.codeId, coder_id: c.coderId, layer: c.layer, s: c.start, e: c.end, memo: c.memo })));
  const stored = await queryRows<CodingRow>(
    tx,
    sql`insert into ${codings} (project_id, document_id, code_id, coder_id, layer, start_offset, end_offset, quote, memo)
        select d.project_id, d.id, x.code_id, x.coder_id, x.layer, x.s, x.e, substring(d.text from x.s + 1 for x.e - x.s), x.memo
        from jsonb_to_recordset(${rows}::jsonb) as x(code_id uuid, coder_id uuid, layer text, s int, e int, memo text)
        join ${documents} d on d.id = ${input.documentId}::uuid and d.project_id = ${input.projectId}::uuid
        join ${codes} k on k.id = x.code_id and k.project_id = d.project_id
        where x.s >= 0 and x.e > x.s and x.e <= d.length
        returning id, project_id, document_id, code_id, coder_id, layer, start_offset, end_offset, quote, memo, memo_doc, version, created_at, updated_at`,
  );
  await recordEvents(
    tx,
    stored.map((row) => {
      const coding = fromRow(row);
      return { projectId: input.projectId, actorId: input.actorId, type: "coding.created" as const, entityId: coding.id, after: coding, meta: { cause: "project.imported" } };
    }),
  );
  return stored.length;
}
