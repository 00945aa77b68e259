import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../client";
import { queryRows } from "../raw";
import { memberships, presence, users } from "../schema";

/**
 * Who is in a project right now and which document each is viewing: one row per open live
 * stream. Not an event row. Every change NOTIFYs `qualcode_presence` with the project id, in the
 * same statement, so each app instance re-reads the project's presence and pushes it to its
 * subscribers. Rows not refreshed for PRESENCE_TTL_SECONDS are ignored and purged.
 */
export const PRESENCE_CHANNEL = "qualcode_presence";
export const PRESENCE_TTL_SECONDS = 45;

export type PresenceEntry = { userId: string; name: string; documentId: string | null };

/** Registers one live stream (upsert: the same connection may register again after a purge). */
export async function joinPresence(
  db: Database,
  input: { connectionId: string; userId: string; projectId: string; documentId: string | null; instanceId: string },
): Promise<void> {
  await queryRows(
    db,
    sql`
    with j as (
      insert into ${presence} (connection_id, user_id, project_id, document_id, instance_id, last_seen)
      values (${input.connectionId}::uuid, ${input.userId}::uuid, ${input.projectId}::uuid, ${input.documentId}::uuid, ${input.instanceId}, now())
      on conflict (connection_id) do update set document_id = excluded.document_id, last_seen = now()
      returning project_id
    )
    select pg_notify(${PRESENCE_CHANNEL}, project_id::text) from j`,
  );
}

/** Removes one live stream's row (the client went away). */
export async function leavePresence(db: Database, { connectionId }: { connectionId: string }): Promise<void> {
  await queryRows(
    db,
    sql`
    with d as (delete from ${presence} where connection_id = ${connectionId}::uuid returning project_id)
    select pg_notify(${PRESENCE_CHANNEL}, project_id::text) from (select distinct project_id from d) p`,
  );
}

/** The heartbeat: every row of this app instance is still alive (one statement for all); returns their connection ids. */
export async function touchPresence(db: Database, { instanceId }: { instanceId: string }): Promise<string[]> {
  const rows = await db
    .update(presence)
    .set({ lastSeen: sql`now()` })
    .where(eq(presence.instanceId, instanceId))
    .returning({ connectionId: presence.connectionId });
  return rows.map((r) => r.connectionId);
}

/** Deletes rows not seen for the TTL (an instance died) and tells their projects; returns those projects. */
export async function purgeStalePresence(db: Database): Promise<string[]> {
  const rows = await queryRows<{ project_id: string }>(
    db,
    sql`
    with d as (
      delete from ${presence} where last_seen < now() - make_interval(secs => ${PRESENCE_TTL_SECONDS}::int) returning project_id
    ), p as (select distinct project_id from d)
    select project_id::text as project_id, pg_notify(${PRESENCE_CHANNEL}, project_id::text) from p`,
  );
  return rows.map((r) => r.project_id);
}

/** Removes every row of an instance (it is shutting down). */
export async function leaveAllPresence(db: Database, { instanceId }: { instanceId: string }): Promise<void> {
  await queryRows(
    db,
    sql`
    with d as (delete from ${presence} where instance_id = ${instanceId} returning project_id)
    select pg_notify(${PRESENCE_CHANNEL}, project_id::text) from (select distinct project_id from d) p`,
  );
}

/**
 * The members present in a project, one entry per person and document (two tabs on the same
 * document are one), fresh rows only, current members only.
 */
export async function getPresenceByProjectId(db: Database, { projectId }: { projectId: string }): Promise<PresenceEntry[]> {
  const rows = await db
    .selectDistinct({ userId: presence.userId, name: users.name, documentId: presence.documentId })
    .from(presence)
    .innerJoin(users, eq(users.id, presence.userId))
    .innerJoin(memberships, and(eq(memberships.projectId, presence.projectId), eq(memberships.userId, presence.userId)))
    .where(and(eq(presence.projectId, projectId), sql`${presence.lastSeen} >= now() - make_interval(secs => ${PRESENCE_TTL_SECONDS}::int)`))
    .orderBy(users.name, presence.userId, presence.documentId);
  return rows;
}
