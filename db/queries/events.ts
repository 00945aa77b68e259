import { and, asc, desc, eq, gt, sql } from "drizzle-orm";
import type { EventType } from "@/lib/events/types";
import { entityOf } from "@/lib/events/types";
import type { Database } from "../client";
import { queryRows } from "../raw";
import { events, type EventRow } from "../schema";

export type RecordEventInput = {
  projectId: string;
  actorId: string | null;
  type: EventType;
  entityId: string;
  before?: unknown;
  after?: unknown;
  meta?: Record<string, unknown>;
};

/** JSON-safe copy (Dates become ISO strings) so before/after read back as they were written. */
function snapshot(value: unknown): Record<string, unknown> | null {
  if (value === undefined || value === null) return null;
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}

/** Writes one event. Call it with the transaction that makes the change it records. */
export async function recordEvent(tx: Database, input: RecordEventInput): Promise<EventRow> {
  const [row] = await tx
    .insert(events)
    .values({
      projectId: input.projectId,
      actorId: input.actorId,
      type: input.type,
      entityType: entityOf(input.type),
      entityId: input.entityId,
      before: snapshot(input.before),
      after: snapshot(input.after),
      meta: input.meta ?? {},
    })
    .returning();
  return row!;
}

// Events have 9 columns; PostgreSQL takes at most 65,535 parameters per statement.
const EVENT_BATCH = 2_000;

/** Writes many events in a few statements (a document deleted with thousands of codings). */
export async function recordEvents(tx: Database, inputs: RecordEventInput[]): Promise<void> {
  for (let i = 0; i < inputs.length; i += EVENT_BATCH) {
    await tx.insert(events).values(
      inputs.slice(i, i + EVENT_BATCH).map((input) => ({
        projectId: input.projectId,
        actorId: input.actorId,
        type: input.type,
        entityType: entityOf(input.type),
        entityId: input.entityId,
        before: snapshot(input.before),
        after: snapshot(input.after),
        meta: input.meta ?? {},
      })),
    );
  }
}

export async function getEventsByProjectId(
  db: Database,
  { projectId, afterId = 0, limit = 200, newestFirst = false }: { projectId: string; afterId?: number; limit?: number; newestFirst?: boolean },
): Promise<EventRow[]> {
  return db
    .select()
    .from(events)
    .where(and(eq(events.projectId, projectId), gt(events.id, afterId)))
    .orderBy(newestFirst ? desc(events.id) : asc(events.id))
    .limit(limit);
}

// ── Live updates: the (tx_id, id) cursor ──────────────────────────────────────────────────
//
// Event ids are allocated at insert, not at commit: a transaction holding id 10 may commit after
// one holding id 11, so "everything after id 10" can miss a row that shows up later. Each event
// also carries its transaction id (`tx_id`), and readers order by (tx_id, id) and only read rows
// whose tx_id is below the snapshot's xmin: every such transaction has finished, so no row can
// later appear before the cursor (no gap) and none is read twice (no duplicate). A long
// transaction only holds the horizon back; its events, and everything after, arrive once it ends.

/** A position in a project's event stream: the last event read, by (transaction, id). */
export type EventCursor = { txId: string; id: number };

export type LiveEvent = EventRow & { txId: string };

/** Whether cursor `a` is before `b` (null is the start of the stream). */
export function cursorBefore(a: EventCursor | null, b: EventCursor): boolean {
  if (a === null) return true;
  const ta = BigInt(a.txId);
  const tb = BigInt(b.txId);
  return ta < tb || (ta === tb && a.id < b.id);
}

type LiveEventRow = {
  horizon: string;
  id: number | string | null;
  tx_id: string;
  project_id: string;
  actor_id: string | null;
  type: string;
  entity_type: string;
  entity_id: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  meta: Record<string, unknown>;
  created_at: string | Date;
};

const parseJson = <T>(value: unknown): T => (typeof value === "string" ? (JSON.parse(value) as T) : (value as T));

/** Postgres prints timestamptz as `2026-01-02 03:04:05.678+00`; make it ISO so every runtime parses it. */
function toDate(value: string | Date): Date {
  if (value instanceof Date) return value;
  return new Date(value.replace(" ", "T").replace(/([+-]\d{2})$/, "$1:00"));
}

/**
 * Events after `after` (null: from the start) in (tx_id, id) order, only from finished
 * transactions, and the horizon: the xmin of the same snapshot, below which every transaction
 * has ended. One statement, so rows and horizon agree.
 */
export async function readEventsAfter(
  db: Database,
  { projectId, after, limit = 500 }: { projectId: string; after: EventCursor | null; limit?: number },
): Promise<{ events: LiveEvent[]; horizon: string }> {
  const afterCondition = after ? sql`and (e.tx_id, e.id) > (${after.txId}::xid8, ${after.id}::bigint)` : sql``;
  const rows = await queryRows<LiveEventRow>(
    db,
    sql`
    with h as (select pg_snapshot_xmin(pg_current_snapshot()) as xmin)
    select h.xmin::text as horizon, e.id, e.tx_id::text as tx_id, e.project_id, e.actor_id, e.type, e.entity_type,
           e.entity_id, e.before, e.after, e.meta, e.created_at
    from h left join lateral (
      select * from ${events} e
      where e.project_id = ${projectId}::uuid and e.tx_id < h.xmin ${afterCondition}
      order by e.tx_id, e.id
      limit ${Math.max(1, Math.trunc(limit))}::int
    ) e on true`,
  );
  const horizon = rows[0]?.horizon ?? "0";
  const list: LiveEvent[] = [];
  for (const row of rows) {
    if (row.id === null) continue;
    list.push({
      id: Number(row.id),
      txId: row.tx_id,
      projectId: row.project_id,
      actorId: row.actor_id,
      type: row.type,
      entityType: row.entity_type,
      entityId: row.entity_id,
      before: parseJson(row.before),
      after: parseJson(row.after),
      meta: parseJson(row.meta) ?? {},
      createdAt: toDate(row.created_at),
    });
  }
  return { events: list, horizon };
}

/** Events after a cursor, in (tx_id, id) order, from finished transactions only. */
export async function getEventsAfter(
  db: Database,
  input: { projectId: string; after: EventCursor | null; limit?: number },
): Promise<LiveEvent[]> {
  return (await readEventsAfter(db, input)).events;
}

/** The cursor of an event the client received (its SSE `Last-Event-ID`); undefined if not in the project. */
export async function getCursorForEventId(db: Database, { projectId, eventId }: { projectId: string; eventId: number }): Promise<EventCursor | undefined> {
  const [row] = await db
    .select({ txId: events.txId, id: events.id })
    .from(events)
    .where(and(eq(events.projectId, projectId), eq(events.id, eventId)))
    .limit(1);
  return row ? { txId: String(row.txId), id: Number(row.id) } : undefined;
}

/** "Now": the last event a reader can see without a gap (null when the project has none yet). */
export async function latestCursor(db: Database, { projectId }: { projectId: string }): Promise<EventCursor | null> {
  const rows = await queryRows<{ tx_id: string; id: number | string }>(
    db,
    sql`
    select e.tx_id::text as tx_id, e.id from ${events} e
    where e.project_id = ${projectId}::uuid and e.tx_id < pg_snapshot_xmin(pg_current_snapshot())
    order by e.tx_id desc, e.id desc
    limit 1`,
  );
  const row = rows[0];
  return row ? { txId: row.tx_id, id: Number(row.id) } : null;
}

/**
 * Every transaction that has written anything so far has an id below this (the snapshot's
 * xmax). The bus reads it right after registering a live stream: a writer that checked for
 * watchers just before, and so did not NOTIFY, is below it, so polling until the horizon passes
 * it catches that writer's events.
 */
export async function getTransactionFrontier(db: Database): Promise<string> {
  const [row] = await queryRows<{ xmax: string }>(db, sql`select pg_snapshot_xmax(pg_current_snapshot())::text as xmax`);
  return row!.xmax;
}
