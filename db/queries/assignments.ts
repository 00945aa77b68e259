import { randomUUID } from "node:crypto";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { AppError } from "@/lib/errors";
import type { Role } from "@/lib/permissions";
import { drawFingerprint, drawSample, NO_STRATUM, SampleInputError, sampleLabel, type SampleDraw } from "@/lib/sampling";
import type { Database } from "../client";
import { queryRows } from "../raw";
import { assignments, attributeDefinitions, attributeValues, codings, documents, memberships, users, type Assignment, type SourceType } from "../schema";
import { recordEvents, type RecordEventInput } from "./events";

/**
 * Who codes which document. Events: one `assignment.changed` per assignment that changed
 * (created, removed, marked done or not done), entity id `<documentId>:<userId>`, with the
 * assignment as it was (`before`; null when created) and is (`after`; null when removed), and
 * `meta` naming the document and the coder, plus a `batchId` shared by the events of one request
 * that changed several, so a whole sample reads — and could be undone — as one action. Per row
 * rather than one per batch, so the audit trail of one document or coder is a plain filter, as
 * for codings.
 */

export type AssignmentPair = { documentId: string; userId: string };
type Snapshot = { documentId: string; userId: string; sample: string | null; doneAt: Date | null };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INSERT_BATCH = 5_000;
const snapshot = (a: Snapshot): Snapshot => ({ documentId: a.documentId, userId: a.userId, sample: a.sample, doneAt: a.doneAt });

function changeEvents(projectId: string, actorId: string, rows: { before: Snapshot | null; after: Snapshot | null }[]): RecordEventInput[] {
  const batchId = rows.length > 1 ? randomUUID() : undefined;
  return rows.map(({ before, after }) => {
    const { documentId, userId } = (after ?? before)!;
    return {
      projectId,
      actorId,
      type: "assignment.changed",
      entityId: `${documentId}:${userId}`,
      before: before && snapshot(before),
      after: after && snapshot(after),
      meta: { documentId, userId, ...(batchId ? { batchId } : {}) },
    };
  });
}

/** The documents, all in the project (a malformed or foreign id is a 404), with their titles. */
async function requireDocuments(tx: Database, projectId: string, documentIds: string[]): Promise<Map<string, string>> {
  const bad = documentIds.find((id) => !UUID.test(id));
  if (bad !== undefined) throw new AppError("not_found", "Document not found.", { documentId: bad });
  const titles = new Map<string, string>();
  for (let i = 0; i < documentIds.length; i += INSERT_BATCH) {
    const rows = await tx
      .select({ id: documents.id, title: documents.title })
      .from(documents)
      .where(and(eq(documents.projectId, projectId), inArray(documents.id, documentIds.slice(i, i + INSERT_BATCH))));
    for (const r of rows) titles.set(r.id, r.title);
  }
  const missing = documentIds.find((id) => !titles.has(id));
  if (missing !== undefined) throw new AppError("not_found", "Document not found.", { documentId: missing });
  return titles;
}

/** The people, all members who may code (owner or coder); names by id. */
async function requireCoders(tx: Database, projectId: string, userIds: string[]): Promise<Map<string, string>> {
  if (userIds.some((id) => !UUID.test(id))) throw new AppError("not_found", "That person is not a member of this project.");
  const rows = userIds.length
    ? await tx
        .select({ id: users.id, name: users.name, role: memberships.role })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(and(eq(memberships.projectId, projectId), inArray(memberships.userId, userIds)))
    : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const id of userIds) {
    const member = byId.get(id);
    if (!member) throw new AppError("not_found", "That person is not a member of this project.", { userId: id });
    if (member.role === "viewer") throw new AppError("bad_request", `${member.name} is a viewer and cannot code. Make them a coder first.`, { userId: id });
  }
  return new Map(rows.map((r) => [r.id, r.name]));
}

function uniquePairs(pairs: AssignmentPair[]): AssignmentPair[] {
  const seen = new Map<string, AssignmentPair>();
  for (const p of pairs) seen.set(`${p.documentId}:${p.userId}`, p);
  return [...seen.values()];
}

/** Inserts the pairs that are not assigned yet (existing ones are left as they are) and logs them. */
async function insertAssignments(tx: Database, projectId: string, actorId: string, pairs: AssignmentPair[], sample: string | null) {
  const created: Assignment[] = [];
  for (let i = 0; i < pairs.length; i += INSERT_BATCH) {
    const batch = pairs.slice(i, i + INSERT_BATCH).map((p) => ({ projectId, documentId: p.documentId, userId: p.userId, sample }));
    created.push(...(await tx.insert(assignments).values(batch).onConflictDoNothing().returning()));
  }
  await recordEvents(tx, changeEvents(projectId, actorId, created.map((after) => ({ before: null, after }))));
  return { created: created.length, existing: pairs.length - created.length };
}

/**
 * Assigns documents to coders, all or nothing. Idempotent: an assignment that exists already
 * (same document and coder) keeps its sample and done state, and writes no event.
 */
export async function assignDocuments(
  db: Database,
  { projectId, actorId, pairs, sample = null }: { projectId: string; actorId: string; pairs: AssignmentPair[]; sample?: string | null },
): Promise<{ created: number; existing: number }> {
  const unique = uniquePairs(pairs);
  if (unique.length === 0) return { created: 0, existing: 0 };
  return db.transaction(async (tx) => {
    await requireDocuments(tx, projectId, [...new Set(unique.map((p) => p.documentId))]);
    await requireCoders(tx, projectId, [...new Set(unique.map((p) => p.userId))]);
    return insertAssignments(tx, projectId, actorId, unique, sample);
  });
}

/** Every one of the documents to every one of the coders. */
export function crossPairs(documentIds: string[], userIds: string[]): AssignmentPair[] {
  return documentIds.flatMap((documentId) => userIds.map((userId) => ({ documentId, userId })));
}

/** Removes assignments (those that do not exist are ignored), or every assignment of a sample. */
export async function unassignDocuments(
  db: Database,
  { projectId, actorId, pairs = [], sample }: { projectId: string; actorId: string; pairs?: AssignmentPair[]; sample?: string },
): Promise<{ removed: number }> {
  return db.transaction(async (tx) => {
    const removed: Assignment[] = [];
    if (sample !== undefined) {
      removed.push(...(await tx.delete(assignments).where(and(eq(assignments.projectId, projectId), eq(assignments.sample, sample))).returning()));
    }
    const valid = uniquePairs(pairs).filter((p) => UUID.test(p.documentId) && UUID.test(p.userId));
    const byUser = new Map<string, AssignmentPair[]>();
    for (const p of valid) byUser.set(p.userId, [...(byUser.get(p.userId) ?? []), p]);
    for (const [userId, list] of byUser) {
      const ids = list.map((p) => p.documentId);
      for (let i = 0; i < ids.length; i += INSERT_BATCH) {
        const where = and(eq(assignments.projectId, projectId), eq(assignments.userId, userId), inArray(assignments.documentId, ids.slice(i, i + INSERT_BATCH)));
        removed.push(...(await tx.delete(assignments).where(where).returning()));
      }
    }
    await recordEvents(tx, changeEvents(projectId, actorId, removed.map((before) => ({ before, after: null }))));
    return { removed: removed.length };
  });
}

/** Marks the coder's own assignment done (or not done again); a no-op when it already is. */
export async function setAssignmentDone(
  db: Database,
  { projectId, documentId, userId, actorId, done }: { projectId: string; documentId: string; userId: string; actorId: string; done: boolean },
): Promise<Assignment> {
  return db.transaction(async (tx) => {
    const key = and(eq(assignments.projectId, projectId), eq(assignments.documentId, documentId), eq(assignments.userId, userId));
    const [before] = UUID.test(documentId) ? await tx.select().from(assignments).where(key).for("update") : [];
    if (!before) throw new AppError("not_found", "This document is not assigned to you.");
    if ((before.doneAt !== null) === done) return before;
    const [after] = await tx
      .update(assignments)
      .set({ doneAt: done ? sql`now()` : null })
      .where(key)
      .returning();
    await recordEvents(tx, changeEvents(projectId, actorId, [{ before, after: after! }]));
    return after!;
  });
}

// ── Reading ───────────────────────────────────────────────────────────────────────────────

/** The coder's own codings (their coder layer) in the assigned document. */
const codingCount = sql<number>`(select count(*) from ${codings} c
  where c.project_id = ${assignments.projectId} and c.document_id = ${assignments.documentId}
    and c.coder_id = ${assignments.userId} and c.layer = 'coder')`.mapWith(Number);

export type AssignmentRow = {
  documentId: string;
  title: string;
  sourceType: SourceType;
  userId: string;
  userName: string;
  sample: string | null;
  createdAt: Date;
  doneAt: Date | null;
  /** The assigned coder's own codings in the document: started when above 0. */
  codingCount: number;
};

/** Assignments in document order (then coder name); only one coder's with `userId` (their queue). */
export async function getAssignments(db: Database, { projectId, userId }: { projectId: string; userId?: string }): Promise<AssignmentRow[]> {
  return db
    .select({
      documentId: assignments.documentId,
      title: documents.title,
      sourceType: documents.sourceType,
      userId: assignments.userId,
      userName: users.name,
      sample: assignments.sample,
      createdAt: assignments.createdAt,
      doneAt: assignments.doneAt,
      codingCount,
    })
    .from(assignments)
    .innerJoin(documents, eq(documents.id, assignments.documentId))
    .innerJoin(users, eq(users.id, assignments.userId))
    .where(userId ? and(eq(assignments.projectId, projectId), eq(assignments.userId, userId)) : eq(assignments.projectId, projectId))
    .orderBy(asc(documents.position), asc(documents.title), asc(documents.id), asc(users.name), asc(users.id));
}

/** Every document of the project, light (no text), in project order: what can be assigned. */
export async function getAssignableDocuments(db: Database, { projectId }: { projectId: string }) {
  return db
    .select({ id: documents.id, title: documents.title, sourceType: documents.sourceType })
    .from(documents)
    .where(eq(documents.projectId, projectId))
    .orderBy(asc(documents.position), asc(documents.title), asc(documents.id));
}

/** A coder's queue: what they are to code, with whether they started and finished. */
export async function getAssignmentQueue(db: Database, { projectId, userId }: { projectId: string; userId: string }) {
  return getAssignments(db, { projectId, userId });
}

export type CoderProgress = { userId: string; name: string; role: Role | null; assigned: number; started: number; done: number };

/**
 * Per coder: documents assigned, started (at least one of their own codings in it) and marked
 * done. Every member who may code is listed, with zeros when nothing is assigned; someone who
 * has left but still has assignments is listed with role null.
 */
export async function getAssignmentProgress(db: Database, { projectId }: { projectId: string }): Promise<CoderProgress[]> {
  const rows = await queryRows<{ user_id: string; name: string; role: Role | null; assigned: number | string; started: number | string; done: number | string }>(
    db,
    sql`
    with totals as (
      select a.user_id, count(*) as assigned, count(a.done_at) as done,
             count(*) filter (where exists (
               select 1 from ${codings} c
               where c.project_id = a.project_id and c.document_id = a.document_id and c.coder_id = a.user_id and c.layer = 'coder'
             )) as started
      from ${assignments} a where a.project_id = ${projectId}::uuid group by a.user_id
    ), people as (
      select user_id from ${memberships} where project_id = ${projectId}::uuid and role in ('owner', 'coder')
      union select user_id from totals
    )
    select p.user_id, u.name, m.role, coalesce(t.assigned, 0) as assigned, coalesce(t.started, 0) as started, coalesce(t.done, 0) as done
    from people p
    join ${users} u on u.id = p.user_id
    left join ${memberships} m on m.project_id = ${projectId}::uuid and m.user_id = p.user_id
    left join totals t on t.user_id = p.user_id
    order by u.name, p.user_id`,
  );
  return rows.map((r) => ({ userId: r.user_id, name: r.name, role: r.role, assigned: Number(r.assigned), started: Number(r.started), done: Number(r.done) }));
}

// ── Samples ───────────────────────────────────────────────────────────────────────────────

export type StratifyBy = { kind: "sourceType" } | { kind: "attribute"; attributeId: string };

export type SampleRequest = {
  projectId: string;
  /** Exactly one of share (0–1] and count. */
  share?: number;
  count?: number;
  seed: string | number;
  codersPerDocument: number;
  userIds: string[];
  stratifyBy?: StratifyBy | null;
};

export type SamplePreview = {
  label: string;
  /** Checked when the previewed sample is applied: the same documents and coders, or a 409. */
  fingerprint: string;
  population: number;
  size: number;
  strata: SampleDraw["strata"];
  documents: { id: string; title: string; stratum: string; coders: { userId: string; name: string }[] }[];
  workload: { userId: string; name: string; documents: number }[];
};

/** Draws a sample of the project's documents as it stands (see lib/sampling for the rule). */
export async function previewSample(db: Database, request: SampleRequest): Promise<SamplePreview> {
  const { projectId, stratifyBy = null } = request;
  const names = await requireCoders(db, projectId, [...new Set(request.userIds)]);
  const docs = await db.select({ id: documents.id, title: documents.title, sourceType: documents.sourceType }).from(documents).where(eq(documents.projectId, projectId));
  let strata = new Map<string, string>(docs.map((d) => [d.id, d.sourceType]));
  let stratifiedBy: string | null = stratifyBy ? "source type" : null;
  if (stratifyBy?.kind === "attribute") {
    const [def] = UUID.test(stratifyBy.attributeId)
      ? await db.select().from(attributeDefinitions).where(and(eq(attributeDefinitions.projectId, projectId), eq(attributeDefinitions.id, stratifyBy.attributeId)))
      : [];
    if (!def) throw new AppError("not_found", "Attribute not found.");
    const values = await db.select({ documentId: attributeValues.documentId, value: attributeValues.valueText }).from(attributeValues).where(eq(attributeValues.attributeId, def.id));
    strata = new Map(values.map((v) => [v.documentId, v.value]));
    stratifiedBy = `“${def.name}”`;
  }
  let draw: SampleDraw;
  try {
    draw = drawSample({
      documents: docs.map((d) => ({ id: d.id, stratum: strata.get(d.id) ?? NO_STRATUM })),
      share: request.share,
      count: request.count,
      seed: request.seed,
      stratify: stratifyBy !== null,
      codersPerDocument: request.codersPerDocument,
      coders: request.userIds,
    });
  } catch (error) {
    if (error instanceof SampleInputError) throw new AppError("bad_request", error.message);
    throw error;
  }
  const titles = new Map(docs.map((d) => [d.id, d.title]));
  const person = (userId: string) => ({ userId, name: names.get(userId) ?? "?" });
  return {
    label: sampleLabel({ share: request.share, count: request.count, seed: draw.seed, stratifiedBy }),
    fingerprint: drawFingerprint(draw),
    population: draw.population,
    size: draw.size,
    strata: draw.strata,
    documents: draw.documents.map((d) => ({ id: d.id, title: titles.get(d.id)!, stratum: d.stratum, coders: d.coders.map(person) })),
    workload: Object.entries(draw.workload).map(([userId, n]) => ({ ...person(userId), documents: n })),
  };
}

/**
 * Draws and assigns a sample in one transaction, every assignment labelled with the sample's
 * name. The same request on the same documents draws the same sample, so applying it again
 * changes nothing. With `expectedFingerprint` (from the preview), a draw that came out
 * differently — documents added or removed since — is refused (409) instead of applied.
 */
export async function applySample(
  db: Database,
  { actorId, expectedFingerprint, ...request }: SampleRequest & { actorId: string; expectedFingerprint?: string },
): Promise<SamplePreview & { created: number; existing: number }> {
  return db.transaction(async (tx) => {
    const preview = await previewSample(tx, request);
    if (expectedFingerprint !== undefined && expectedFingerprint !== preview.fingerprint) {
      throw new AppError("conflict", "The documents or coders changed since the preview, so the same seed now draws a different sample. Preview it again.");
    }
    const pairs = preview.documents.flatMap((d) => d.coders.map((c) => ({ documentId: d.id, userId: c.userId })));
    return { ...preview, ...(await insertAssignments(tx, request.projectId, actorId, pairs, preview.label)) };
  });
}

/** One member's assignment of one document, if there is one (the document page's "Mark as done"). */
export async function getAssignment(db: Database, { projectId, documentId, userId }: { projectId: string; documentId: string; userId: string }) {
  const [row] = await db
    .select({ doneAt: assignments.doneAt, sample: assignments.sample })
    .from(assignments)
    .where(and(eq(assignments.projectId, projectId), eq(assignments.documentId, documentId), eq(assignments.userId, userId)))
    .limit(1);
  return row;
}
