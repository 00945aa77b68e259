import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { AppError } from "@/lib/errors";
import type { Database } from "../client";
import { queryRows } from "../raw";
import { codes, codings, documents, events, type Coding } from "../schema";
import { codingColumns } from "./codings";
import { recordEvent, recordEvents } from "./events";

/**
 * Auto-coding writes: the planned codings of a search in one transaction, as one batch that one
 * undo removes. The batch is an `autocode.applied` event (its `after` lists the codings it
 * made); undoing it deletes those still there and writes `autocode.undone`. Each coding also
 * gets its own `coding.created`/`coding.deleted` event (meta `batchId`), so open views, the
 * history of each coding and restore work as for any coding.
 */
export type PlannedCoding = { documentId: string; start: number; end: number };
export type AutocodeSummary = { q: string; mode: string; extent: string };

/** The quotes of planned spans, cut by PostgreSQL from the canonical texts (for the preview). */
export async function quotesOf(db: Database, projectId: string, spans: readonly PlannedCoding[]): Promise<string[]> {
  if (spans.length === 0) return [];
  const rows = await queryRows<{ i: number; quote: string | null }>(
    db,
    sql`select x.i, substring(d.text from x.s + 1 for x.e - x.s) as quote
        from jsonb_to_recordset(${JSON.stringify(spans.map((s, i) => ({ i, d: s.documentId, s: s.start, e: s.end })))}::jsonb) as x(i int, d uuid, s int, e int)
        left join ${documents} d on d.id = x.d and d.project_id = ${projectId}::uuid`,
  );
  const byIndex = new Map(rows.map((r) => [Number(r.i), r.quote ?? ""]));
  return spans.map((_, i) => byIndex.get(i) ?? "");
}

/** Spans the coder already coded with this code (exactly), as "documentId:start:end" keys. */
export async function existingSpans(db: Database, input: { projectId: string; codeId: string; coderId: string; documentIds: readonly string[] }): Promise<Set<string>> {
  if (input.documentIds.length === 0) return new Set();
  const rows = await queryRows<{ document_id: string; start_offset: number; end_offset: number }>(
    db,
    sql`select document_id, start_offset, end_offset from ${codings}
        where project_id = ${input.projectId}::uuid and code_id = ${input.codeId}::uuid and coder_id = ${input.coderId}::uuid and layer = 'coder'
          and document_id = any(string_to_array(${input.documentIds.join(",")}, ',')::uuid[])`,
  );
  return new Set(rows.map((r) => `${r.document_id}:${r.start_offset}:${r.end_offset}`));
}

export async function applyAutocode(
  db: Database,
  input: { projectId: string; coderId: string; codeId: string; spans: readonly PlannedCoding[]; summary: AutocodeSummary },
): Promise<{ batchId: string; codings: Coding[] }> {
  if (input.spans.length === 0) throw new AppError("bad_request", "There is nothing to code: the search has no hits that are not coded already.");
  return db.transaction(async (tx) => {
    const [code] = await tx.select({ id: codes.id }).from(codes).where(and(eq(codes.id, input.codeId), eq(codes.projectId, input.projectId))).for("share");
    if (!code) throw new AppError("bad_request", "That code does not exist in this project (it may have been deleted or merged meanwhile).", { field: "codeId" });
    const batchId = randomUUID();
    const rows = JSON.stringify(input.spans.map((s) => ({ d: s.documentId, s: s.start, e: s.end })));
    const stored = await tx.execute(sql`
      insert into ${codings} (project_id, document_id, code_id, coder_id, layer, start_offset, end_offset, quote)
      select d.project_id, d.id, ${input.codeId}::uuid, ${input.coderId}::uuid, 'coder', x.s, x.e, substring(d.text from x.s + 1 for x.e - x.s)
      from jsonb_to_recordset(${rows}::jsonb) as x(d uuid, s int, e int)
      join ${documents} d on d.id = x.d and d.project_id = ${input.projectId}::uuid
      where x.s >= 0 and x.e > x.s and x.e <= d.length
      returning id`);
    const ids = ((Array.isArray(stored) ? stored : (stored as { rows: { id: string }[] }).rows) as { id: string }[]).map((r) => r.id);
    // Every span was planned from the texts; one that no longer fits means the plan is stale: write nothing.
    if (ids.length !== input.spans.length) throw new AppError("conflict", "Some documents of this search changed or were deleted meanwhile: search again.");
    const made = await tx.select(codingColumns).from(codings).where(sql`${codings.id} = any(string_to_array(${ids.join(",")}, ',')::uuid[])`);
    made.sort((a, b) => (a.documentId === b.documentId ? a.startOffset - b.startOffset : a.documentId < b.documentId ? -1 : 1));
    await recordEvents(
      tx,
      made.map((coding) => ({ projectId: input.projectId, actorId: input.coderId, type: "coding.created" as const, entityId: coding.id, after: coding, meta: { batchId, cause: "autocode" } })),
    );
    await recordEvent(tx, {
      projectId: input.projectId,
      actorId: input.coderId,
      type: "autocode.applied",
      entityId: batchId,
      after: { batchId, coderId: input.coderId, layer: "coder", codeId: input.codeId, ...input.summary, count: made.length, codingIds: made.map((c) => c.id) },
      meta: { batchId },
    });
    return { batchId, codings: made };
  });
}

/**
 * Undoes an auto-coding run: deletes every coding it made that still exists (whatever was done
 * to it since), in one transaction. The coder who ran it may undo it, and the owner.
 */
export async function undoAutocode(db: Database, input: { projectId: string; actorId: string; batchId: string; mayUndoOthers: boolean }): Promise<{ removed: number }> {
  return db.transaction(async (tx) => {
    const [applied] = await tx
      .select({ after: events.after })
      .from(events)
      .where(and(eq(events.projectId, input.projectId), eq(events.entityType, "autocode"), eq(events.entityId, input.batchId), eq(events.type, "autocode.applied")))
      .for("update");
    if (!applied) throw new AppError("not_found", "That auto-coding run does not exist.");
    const after = applied.after as { coderId?: string; codeId?: string; codingIds?: string[] } | null;
    if (after?.coderId !== input.actorId && !input.mayUndoOthers) throw new AppError("forbidden", "Only the coder who ran this auto-coding, or an owner, may undo it.");
    const [undone] = await tx
      .select({ id: events.id })
      .from(events)
      .where(and(eq(events.projectId, input.projectId), eq(events.entityType, "autocode"), eq(events.entityId, input.batchId), eq(events.type, "autocode.undone")))
      .limit(1);
    if (undone) throw new AppError("conflict", "This auto-coding has already been undone.");
    const ids = after?.codingIds ?? [];
    const removed = ids.length
      ? await tx
          .delete(codings)
          .where(and(eq(codings.projectId, input.projectId), sql`${codings.id} = any(string_to_array(${ids.join(",")}, ',')::uuid[])`))
          .returning(codingColumns)
      : [];
    await recordEvents(
      tx,
      removed.map((coding) => ({ projectId: input.projectId, actorId: input.actorId, type: "coding.deleted" as const, entityId: coding.id, before: coding, meta: { batchId: input.batchId, cause: "autocode.undone" } })),
    );
    await recordEvent(tx, {
      projectId: input.projectId,
      actorId: input.actorId,
      type: "autocode.undone",
      entityId: input.batchId,
      after: { batchId: input.batchId, coderId: after?.coderId, layer: "coder", codeId: after?.codeId, removed: removed.length },
      meta: { batchId: input.batchId },
    });
    return { removed: removed.length };
  });
}

export type AutocodeRun = { batchId: string; codeId: string; q: string; mode: string; extent: string; count: number; createdAt: Date };

/**
 * A coder's latest auto-coding runs that are not undone yet, newest first: the search page offers
 * to undo them. Filtered on the entity type so the (project, entity type, entity) index serves it.
 */
export async function recentAutocodeRuns(db: Database, input: { projectId: string; coderId: string; limit?: number }): Promise<AutocodeRun[]> {
  const rows = await queryRows<{ entity_id: string; after: Record<string, unknown>; created_at: string | Date }>(
    db,
    sql`select e.entity_id, e.after, e.created_at from ${events} e
        where e.project_id = ${input.projectId}::uuid and e.entity_type = 'autocode' and e.type = 'autocode.applied' and e.after->>'coderId' = ${input.coderId}
          and not exists (select 1 from ${events} u where u.project_id = e.project_id and u.entity_type = 'autocode' and u.entity_id = e.entity_id and u.type = 'autocode.undone')
        order by e.id desc limit ${input.limit ?? 5}`,
  );
  return rows.map((r) => ({
    batchId: r.entity_id,
    codeId: String(r.after.codeId ?? ""),
    q: String(r.after.q ?? ""),
    mode: String(r.after.mode ?? ""),
    extent: String(r.after.extent ?? ""),
    count: Number(r.after.count ?? 0),
    createdAt: new Date(r.created_at),
  }));
}
