/**
 * Reading the event log as people see it (the activity feed, a coding's history) and the one
 * write that is built from it: restoring a deleted coding from its last `coding.deleted` event.
 *
 * Blind mode (ARCHITECTURE.md): a viewer who does not see every coding (`seesAll` false) never
 * receives another coder's coding events, nor counts of codings hidden in other events' meta.
 */
import { and, asc, desc, eq, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import { AppError } from "@/lib/errors";
import type { EventNames } from "@/lib/events/describe";
import type { EntityType, EventType } from "@/lib/events/types";
import type { Database } from "../client";
import { codes, codings, documents, events, users, type Coding, type EventRow } from "../schema";
import { recordEvent } from "./events";

export type ActivityViewer = { userId: string; seesAll: boolean };

export type ActivityFilter = {
  projectId: string;
  viewer: ActivityViewer;
  actorId?: string;
  types?: EventType[];
  entityType?: EntityType | EntityType[];
  /** The document's own events, its codings', its memos' and its attribute values'. */
  documentId?: string;
  /** Keyset cursor: only events with a smaller id (older). */
  before?: number;
  limit?: number;
};

export type ActivityEntry = EventRow & { actorName: string | null };
export type ActivityPage = { entries: ActivityEntry[]; nextBefore: number | null };

export const ACTIVITY_PAGE_SIZE = 50;
export const ACTIVITY_MAX_LIMIT = 200;

// JSON fields of before/after, whichever side has them (a deletion has only `before`).
// Keys are literals of this file, inlined: a bound parameter would make `->>` ambiguous (text or int).
const field = (key: string) => sql.raw(`coalesce("events"."after"->>'${key}', "events"."before"->>'${key}')`);

/**
 * Blind mode, as SQL: coding events only of the viewer's own coder-layer codings; memo events
 * on a coding only of the viewer's own. Events that do not say whose coding it was are hidden.
 */
function visibleTo(viewer: ActivityViewer): SQL | undefined {
  if (viewer.seesAll) return undefined;
  return and(
    or(
      sql`${events.entityType} not in ('coding', 'autocode')`,
      and(sql`${field("coderId")} = ${viewer.userId}`, sql`coalesce(${field("layer")}, 'coder') = 'coder'`),
    ),
    or(sql`${events.entityType} <> 'memo'`, sql`${field("targetType")} is distinct from 'coding'`, sql`${field("authorId")} = ${viewer.userId}`),
  );
}

function aboutDocument(documentId: string): SQL {
  return or(
    and(eq(events.entityType, "document"), eq(events.entityId, documentId)),
    and(eq(events.entityType, "coding"), sql`${field("documentId")} = ${documentId}`),
    and(eq(events.entityType, "attribute"), sql`${events.meta}->>'documentId' = ${documentId}`),
    and(eq(events.entityType, "memo"), sql`${field("targetType")} = 'document'`, sql`${field("targetId")} = ${documentId}`),
  )!;
}

/** Counts of codings in other events' meta (a deleted code or document took N codings along). */
const CODING_COUNT_META = ["deletedCodings", "movedCodings", "codingCount"];

/** What a viewer may read of an event that passed the SQL filter. */
function redact(entry: ActivityEntry, viewer: ActivityViewer): ActivityEntry {
  if (viewer.seesAll || entry.entityType === "coding") return entry;
  if (!CODING_COUNT_META.some((k) => k in (entry.meta ?? {}))) return entry;
  const meta = Object.fromEntries(Object.entries(entry.meta).filter(([k]) => !CODING_COUNT_META.includes(k)));
  return { ...entry, meta };
}

const entryColumns = {
  id: events.id,
  projectId: events.projectId,
  actorId: events.actorId,
  type: events.type,
  entityType: events.entityType,
  entityId: events.entityId,
  before: events.before,
  after: events.after,
  meta: events.meta,
  createdAt: events.createdAt,
  actorName: users.name,
};

/** The project's events, newest first, a page at a time (keyset on the event id). */
export async function getActivity(db: Database, filter: ActivityFilter): Promise<ActivityPage> {
  const limit = Math.min(Math.max(Math.trunc(filter.limit ?? ACTIVITY_PAGE_SIZE), 1), ACTIVITY_MAX_LIMIT);
  const conditions: (SQL | undefined)[] = [eq(events.projectId, filter.projectId), visibleTo(filter.viewer)];
  if (filter.before !== undefined) conditions.push(lt(events.id, filter.before));
  if (filter.actorId) conditions.push(eq(events.actorId, filter.actorId));
  if (filter.types?.length) conditions.push(inArray(events.type, filter.types));
  const entityTypes = filter.entityType === undefined ? [] : [filter.entityType].flat();
  if (entityTypes.length) conditions.push(inArray(events.entityType, entityTypes));
  if (filter.documentId) conditions.push(aboutDocument(filter.documentId));
  const rows = await db
    .select(entryColumns)
    .from(events)
    .leftJoin(users, eq(users.id, events.actorId))
    .where(and(...conditions))
    .orderBy(desc(events.id))
    .limit(limit + 1);
  const entries = rows.slice(0, limit).map((r) => redact(r, filter.viewer));
  return { entries, nextBefore: rows.length > limit ? entries.at(-1)!.id : null };
}

export type CodingHistory = {
  /** The coding as it is now; null when it is deleted. */
  coding: Coding | null;
  /** Every event of the coding, oldest first. */
  entries: ActivityEntry[];
};

/**
 * Everything that happened to one coding, oldest first. In a blind project another coder's
 * coding does not exist for the viewer: not found, as in the codings API.
 */
export async function getCodingHistory(
  db: Database,
  { projectId, codingId, viewer }: { projectId: string; codingId: string; viewer: ActivityViewer },
): Promise<CodingHistory> {
  const [coding] = await db
    .select()
    .from(codings)
    .where(and(eq(codings.projectId, projectId), eq(codings.id, codingId)))
    .limit(1);
  const entries: ActivityEntry[] = await db
    .select(entryColumns)
    .from(events)
    .leftJoin(users, eq(users.id, events.actorId))
    .where(and(eq(events.projectId, projectId), eq(events.entityType, "coding"), eq(events.entityId, codingId)))
    .orderBy(asc(events.id));
  if (!coding && entries.length === 0) throw new AppError("not_found", "Coding not found.");
  if (!viewer.seesAll) {
    const last = entries.at(-1);
    const coderId = coding?.coderId ?? snapshotOf(last)?.coderId;
    const layer = coding?.layer ?? snapshotOf(last)?.layer ?? "coder";
    if (coderId !== viewer.userId || layer !== "coder") throw new AppError("not_found", "Coding not found.");
  }
  return { coding: coding ?? null, entries };
}

const snapshotOf = (e: Pick<EventRow, "before" | "after"> | undefined) => (e ? { ...e.before, ...e.after } : undefined) as Partial<Record<string, unknown>> | undefined;

// ── Restore ───────────────────────────────────────────────────────────────────────────────

/** A coding as its `coding.deleted` event recorded it (JSON: camelCase, timestamps as strings). */
type CodingSnapshot = {
  id: string;
  documentId: string;
  codeId: string;
  coderId: string;
  layer: Coding["layer"];
  startOffset: number;
  endOffset: number;
  quote: string;
  memo?: string;
  memoDoc?: Record<string, unknown> | null;
  version?: number;
  createdAt?: string;
};

export type RestorePlan = {
  deletedEventId: number;
  snapshot: CodingSnapshot;
  /** The code it will be restored onto: its own, or the code its own was merged into. */
  codeId: string;
  codeName: string;
  /** Set when the coding's own code was merged into another: the name it had. */
  mergedFrom?: { codeId: string; name: string };
};

async function lastEvent(db: Database, projectId: string, entityType: string, entityId: string, type: EventType) {
  const [row] = await db
    .select()
    .from(events)
    .where(and(eq(events.projectId, projectId), eq(events.entityType, entityType), eq(events.entityId, entityId), eq(events.type, type)))
    .orderBy(desc(events.id))
    .limit(1);
  return row;
}

/** The code's name from its last event, for messages about codes that no longer exist. */
async function lastKnownCodeName(db: Database, projectId: string, codeId: string): Promise<string | undefined> {
  const [row] = await db
    .select({ name: sql<string | null>`coalesce(${events.before}->>'name', ${events.after}->>'name')` })
    .from(events)
    .where(and(eq(events.projectId, projectId), eq(events.entityType, "code"), eq(events.entityId, codeId), sql`coalesce(${events.before}->>'name', ${events.after}->>'name') is not null`))
    .orderBy(desc(events.id))
    .limit(1);
  return row?.name ?? undefined;
}

/**
 * Whether, and how, a deleted coding can be restored; throws the reason when it cannot. Nothing
 * is changed here, so pages can ask before offering the button.
 */
export async function planRestore(db: Database, { projectId, codingId }: { projectId: string; codingId: string }): Promise<RestorePlan> {
  // In this project only: a coding of another project is "not found" here, never "exists".
  const [existing] = await db
    .select({ id: codings.id })
    .from(codings)
    .where(and(eq(codings.projectId, projectId), eq(codings.id, codingId)))
    .limit(1);
  const deleted = await lastEvent(db, projectId, "coding", codingId, "coding.deleted");
  if (existing && deleted) throw new AppError("conflict", "This coding exists: it has already been restored.");
  if (existing) throw new AppError("conflict", "This coding exists: there is nothing to restore.");
  if (!deleted?.before) throw new AppError("not_found", "Coding not found.");
  const snapshot = deleted.before as unknown as CodingSnapshot;

  const [doc] = await db
    .select({ id: documents.id, length: documents.length })
    .from(documents)
    .where(and(eq(documents.projectId, projectId), eq(documents.id, snapshot.documentId)))
    .limit(1);
  if (!doc) {
    const gone = await lastEvent(db, projectId, "document", snapshot.documentId, "document.deleted");
    const title = typeof gone?.before?.title === "string" ? `“${gone.before.title}”` : "it was in";
    throw new AppError("conflict", `The document ${title} has been deleted, so this coding cannot be restored.`);
  }

  // Follow merges (a code merged into one that was later merged again), never in a circle.
  let codeId = snapshot.codeId;
  let mergedFrom: RestorePlan["mergedFrom"];
  for (let hop = 0; hop < 50; hop++) {
    const [code] = await db
      .select({ id: codes.id, name: codes.name })
      .from(codes)
      .where(and(eq(codes.projectId, projectId), eq(codes.id, codeId)))
      .limit(1);
    if (code) return { deletedEventId: deleted.id, snapshot, codeId: code.id, codeName: code.name, mergedFrom };
    const merged = await lastEvent(db, projectId, "code", codeId, "code.merged");
    const target = merged?.after?.mergedInto ?? merged?.meta?.targetCodeId;
    if (!merged || typeof target !== "string") {
      const name = await lastKnownCodeName(db, projectId, codeId);
      throw new AppError("conflict", `Its code${name ? ` “${name}”` : ""} has been deleted, so this coding cannot be restored. Recreating the code would not bring it back: code the passage again.`);
    }
    mergedFrom ??= { codeId: snapshot.codeId, name: (await lastKnownCodeName(db, projectId, snapshot.codeId)) ?? "a deleted code" };
    codeId = target;
  }
  throw new AppError("conflict", "The coding’s code was merged too many times to follow; it cannot be restored.");
}

/**
 * Restores a deleted coding exactly as it was deleted (same id, coder, layer, offsets, quote,
 * memo, creation time) — onto the merge target when its code was merged — and logs
 * `coding.restored`, in one transaction. Owners only: the caller checks `codings.restore`.
 */
export async function restoreCoding(
  db: Database,
  { projectId, codingId, actorId }: { projectId: string; codingId: string; actorId: string },
): Promise<{ coding: Coding; plan: RestorePlan }> {
  return db.transaction(async (tx) => {
    const plan = await planRestore(tx, { projectId, codingId });
    const { snapshot } = plan;
    // Keep the document and code from being deleted while the coding comes back.
    const [doc] = await tx
      .select({
        length: documents.length,
        quote: sql<string>`substring(${documents.text} from ${snapshot.startOffset + 1}::int for ${snapshot.endOffset - snapshot.startOffset}::int)`,
      })
      .from(documents)
      .where(eq(documents.id, snapshot.documentId))
      .for("share");
    await tx.select({ id: codes.id }).from(codes).where(eq(codes.id, plan.codeId)).for("share");
    if (!doc) throw new AppError("conflict", "The coding’s document was deleted just now; it cannot be restored.");
    // The text never changes after import, so a quote that no longer matches is a bug: say so.
    if (snapshot.endOffset > doc.length || doc.quote !== snapshot.quote) {
      console.error(`[restoreCoding] quote drift for coding ${codingId}: stored ${JSON.stringify(snapshot.quote)}, text has ${JSON.stringify(doc.quote)}`);
      throw new AppError("conflict", "The coding’s quote no longer matches its document’s text at its offsets. This is a bug; nothing was restored. Please report it.");
    }
    const [restored] = await tx
      .insert(codings)
      .values({
        id: snapshot.id,
        projectId,
        documentId: snapshot.documentId,
        codeId: plan.codeId,
        coderId: snapshot.coderId,
        layer: snapshot.layer ?? "coder",
        startOffset: snapshot.startOffset,
        endOffset: snapshot.endOffset,
        quote: snapshot.quote,
        memo: snapshot.memo ?? "",
        memoDoc: snapshot.memoDoc ?? null,
        version: (snapshot.version ?? 1) + 1,
        createdAt: snapshot.createdAt ? new Date(snapshot.createdAt) : new Date(),
        updatedAt: new Date(),
      })
      .onConflictDoNothing()
      .returning();
    if (!restored) throw new AppError("conflict", "This coding exists: it has already been restored.");
    await recordEvent(tx, {
      projectId,
      actorId,
      type: "coding.restored",
      entityId: codingId,
      after: restored,
      meta: { deletedEventId: plan.deletedEventId, ...(plan.mergedFrom ? { mergedFrom: plan.mergedFrom.codeId } : {}) },
    });
    return { coding: restored, plan };
  });
}

// ── Names for describing events ───────────────────────────────────────────────────────────

/**
 * The names events mention: codes, documents and people by id, as they are now, and for codes
 * and documents that are gone, the last name their events recorded.
 */
export async function getEventNames(db: Database, { projectId, entries }: { projectId: string; entries: Pick<EventRow, "entityType" | "entityId" | "actorId" | "before" | "after" | "meta">[] }): Promise<EventNames> {
  const codeIds = new Set<string>();
  const documentIds = new Set<string>();
  const userIds = new Set<string>();
  const add = (set: Set<string>, value: unknown) => {
    if (typeof value === "string" && /^[0-9a-f-]{36}$/i.test(value)) set.add(value);
  };
  for (const e of entries) {
    add(userIds, e.actorId);
    for (const side of [e.before, e.after]) {
      add(codeIds, side?.codeId);
      add(codeIds, side?.parentId);
      add(codeIds, side?.mergedInto);
      add(documentIds, side?.documentId);
      add(userIds, side?.coderId);
      add(userIds, side?.authorId);
      if (side?.targetType === "code") add(codeIds, side.targetId);
      if (side?.targetType === "document") add(documentIds, side.targetId);
    }
    add(codeIds, e.meta?.targetCodeId);
    add(codeIds, e.meta?.movedTo);
    add(documentIds, e.meta?.documentId);
    if (e.entityType === "code") add(codeIds, e.entityId);
    if (e.entityType === "document") add(documentIds, e.entityId);
    if (e.entityType === "member") add(userIds, e.entityId);
  }
  const [codeRows, docRows, userRows] = await Promise.all([
    codeIds.size ? db.select({ id: codes.id, name: codes.name }).from(codes).where(and(eq(codes.projectId, projectId), inArray(codes.id, [...codeIds]))) : [],
    documentIds.size
      ? db.select({ id: documents.id, title: documents.title }).from(documents).where(and(eq(documents.projectId, projectId), inArray(documents.id, [...documentIds])))
      : [],
    userIds.size ? db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, [...userIds])) : [],
  ]);
  const names: Required<EventNames> = {
    codes: Object.fromEntries(codeRows.map((c) => [c.id, c.name])),
    documents: Object.fromEntries(docRows.map((d) => [d.id, d.title])),
    users: Object.fromEntries(userRows.map((u) => [u.id, u.name])),
    goneCodes: {},
    goneDocuments: {},
  };
  const goneCodes = [...codeIds].filter((id) => !(id in names.codes));
  const goneDocs = [...documentIds].filter((id) => !(id in names.documents));
  const lastNames = async (entityType: "code" | "document", ids: string[], key: "name" | "title") => {
    if (ids.length === 0) return [];
    return db
      .selectDistinctOn([events.entityId], { id: events.entityId, name: sql<string>`${field(key)}` })
      .from(events)
      .where(
        and(
          eq(events.projectId, projectId),
          eq(events.entityType, entityType),
          inArray(events.entityId, ids),
          sql`${field(key)} is not null`,
        ),
      )
      .orderBy(events.entityId, desc(events.id));
  };
  for (const r of await lastNames("code", goneCodes, "name")) names.goneCodes[r.id] = r.name;
  for (const r of await lastNames("document", goneDocs, "title")) names.goneDocuments[r.id] = r.name;
  return names;
}
