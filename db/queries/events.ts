import { and, asc, desc, eq, gt } from "drizzle-orm";
import type { EventType } from "@/lib/events/types";
import { entityOf } from "@/lib/events/types";
import type { Database } from "../client";
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
