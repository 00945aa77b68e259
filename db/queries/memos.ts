import { and, asc, eq, inArray, ne, sql } from "drizzle-orm";
import { codePaths } from "@/lib/codebook/tree";
import { AppError } from "@/lib/errors";
import { memoPlainText, type MemoDoc, type MemoNode } from "@/lib/memos/doc";
import type { Database } from "../client";
import { codes, codings, documents, memos, projects, users, type Memo, type MemoTarget } from "../schema";
import { recordEvent, recordEvents } from "./events";

/**
 * Memos on the project, a document or a code: one per author and target (each member keeps
 * their own notes on a code; everyone reads them all). Coding memos live on the coding row
 * (`codings.memo`/`memo_doc`, written through updateCoding) and are listed here beside them.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type MemoWithAuthor = Memo & { authorName: string };

export type MemoEntry = {
  /** The memo's id; for a coding memo, the coding's. */
  id: string;
  targetType: MemoTarget | "coding";
  targetId: string;
  /** What the memo annotates, resolved for display; `exists` is false once the target is gone. */
  target: { title: string; exists: boolean; documentId?: string; documentTitle?: string; codeId?: string; codeName?: string; codeColor?: string };
  authorId: string;
  authorName: string;
  body: Record<string, unknown> | null;
  bodyText: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
};

/** Refuses a target that is not in the project: ids from the client name nothing by themselves. */
export async function requireMemoTarget(tx: Database, { projectId, targetType, targetId }: { projectId: string; targetType: MemoTarget; targetId: string }) {
  const missing = () => new AppError("bad_request", `That ${targetType} is not in this project.`, { field: "targetId" });
  if (!UUID.test(targetId)) throw missing();
  if (targetType === "project") {
    if (targetId !== projectId) throw missing();
    return;
  }
  const table = targetType === "document" ? documents : codes;
  const [row] = await tx
    .select({ id: table.id })
    .from(table)
    .where(and(eq(table.id, targetId), eq(table.projectId, projectId)))
    .limit(1);
  if (!row) throw missing();
}

/**
 * Creates or updates the author's memo on a target, with its event, in one transaction. An
 * unchanged body writes nothing (autosave may send the same text twice). With
 * `expectedVersion`, a save based on a stale copy (another tab) is refused with the current one.
 */
export async function upsertMemo(
  db: Database,
  {
    projectId,
    targetType,
    targetId,
    authorId,
    body,
    bodyText,
    expectedVersion,
  }: { projectId: string; targetType: MemoTarget; targetId: string; authorId: string; body: MemoDoc | Record<string, unknown>; bodyText: string; expectedVersion?: number },
): Promise<Memo> {
  return db.transaction(async (tx) => {
    await requireMemoTarget(tx, { projectId, targetType, targetId });
    // No unique index holds "one memo per author and target", so writers of the same memo
    // queue here instead; two autosaves racing cannot create two memos.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`memo:${projectId}:${targetType}:${targetId}:${authorId}`}))`);
    const [before] = await tx
      .select()
      .from(memos)
      .where(and(eq(memos.projectId, projectId), eq(memos.targetType, targetType), eq(memos.targetId, targetId), eq(memos.authorId, authorId)))
      .orderBy(asc(memos.createdAt))
      .limit(1)
      .for("update");
    if (!before) {
      const [created] = await tx.insert(memos).values({ projectId, targetType, targetId, authorId, body, bodyText }).returning();
      await recordEvent(tx, { projectId, actorId: authorId, type: "memo.created", entityId: created!.id, after: created });
      return created!;
    }
    if (expectedVersion !== undefined && expectedVersion !== before.version) {
      throw new AppError("conflict", "This memo was changed elsewhere (another tab or window) since you opened it.", { current: before });
    }
    if (before.bodyText === bodyText && sameJson(before.body, body)) return before;
    const [after] = await tx
      .update(memos)
      .set({ body, bodyText, version: before.version + 1, updatedAt: new Date() })
      .where(eq(memos.id, before.id))
      .returning();
    await recordEvent(tx, { projectId, actorId: authorId, type: "memo.updated", entityId: before.id, before, after });
    return after!;
  });
}

/** Deletes one's own memo (the author's notes are theirs to remove), with its event. */
export async function deleteMemo(db: Database, { projectId, memoId, actorId }: { projectId: string; memoId: string; actorId: string }): Promise<Memo> {
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(memos)
      .where(and(eq(memos.projectId, projectId), eq(memos.id, memoId)))
      .for("update");
    if (!before) throw new AppError("not_found", "Memo not found.");
    if (before.authorId !== actorId) throw new AppError("forbidden", "You can only delete your own memos.");
    await tx.delete(memos).where(eq(memos.id, memoId));
    await recordEvent(tx, { projectId, actorId, type: "memo.deleted", entityId: memoId, before });
    return before;
  });
}

/** Every memo on one target (each author's), oldest first, with the authors' names. */
export async function getMemosByTarget(
  db: Database,
  { projectId, targetType, targetId }: { projectId: string; targetType: MemoTarget; targetId: string },
): Promise<MemoWithAuthor[]> {
  if (!UUID.test(targetId)) return [];
  const rows = await db
    .select({ memo: memos, authorName: users.name })
    .from(memos)
    .innerJoin(users, eq(users.id, memos.authorId))
    .where(and(eq(memos.projectId, projectId), eq(memos.targetType, targetType), eq(memos.targetId, targetId)))
    .orderBy(asc(memos.createdAt));
  return rows.map((r) => ({ ...r.memo, authorName: r.authorName }));
}

/** jsonb stores object keys in its own order: compare documents with keys sorted. */
function sameJson(a: unknown, b: unknown): boolean {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(canonical)
      : value && typeof value === "object"
        ? Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]))
        : value;
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

const excerpt = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1).trimEnd()}…` : s);

/**
 * Every non-empty memo in the project, newest first, each with what it annotates resolved to
 * a title (document title, code path, or a coding's quote and document). `onlyCoderId` is
 * blind mode: coding memos of other coders stay hidden, like their codings.
 */
export async function getMemosByProjectId(db: Database, { projectId, onlyCoderId }: { projectId: string; onlyCoderId?: string }): Promise<MemoEntry[]> {
  const [project] = await db.select({ name: projects.name }).from(projects).where(eq(projects.id, projectId)).limit(1);
  if (!project) return [];
  const memoRows = await db
    .select({ memo: memos, authorName: users.name })
    .from(memos)
    .innerJoin(users, eq(users.id, memos.authorId))
    .where(and(eq(memos.projectId, projectId), ne(memos.bodyText, "")));
  const codeRows = await db.select({ id: codes.id, parentId: codes.parentId, name: codes.name, position: codes.position, color: codes.color }).from(codes).where(eq(codes.projectId, projectId));
  const paths = codePaths(codeRows);
  const codeById = new Map(codeRows.map((c) => [c.id, c]));
  const docIds = [...new Set(memoRows.filter((r) => r.memo.targetType === "document").map((r) => r.memo.targetId))];
  const docTitles = new Map(
    docIds.length === 0
      ? []
      : (await db.select({ id: documents.id, title: documents.title }).from(documents).where(and(eq(documents.projectId, projectId), inArray(documents.id, docIds)))).map(
          (d) => [d.id, d.title] as const,
        ),
  );

  const entries: MemoEntry[] = memoRows.map(({ memo, authorName }) => {
    let target: MemoEntry["target"];
    if (memo.targetType === "project") target = { title: project.name, exists: true };
    else if (memo.targetType === "document") {
      const title = docTitles.get(memo.targetId);
      target = title === undefined ? { title: "Deleted document", exists: false } : { title, exists: true, documentId: memo.targetId, documentTitle: title };
    } else {
      const code = codeById.get(memo.targetId);
      target = code
        ? { title: paths.get(code.id) ?? code.name, exists: true, codeId: code.id, codeName: code.name, codeColor: code.color }
        : { title: "Deleted code", exists: false };
    }
    return {
      id: memo.id,
      targetType: memo.targetType,
      targetId: memo.targetId,
      target,
      authorId: memo.authorId,
      authorName,
      body: memo.body,
      bodyText: memo.bodyText,
      version: memo.version,
      createdAt: memo.createdAt,
      updatedAt: memo.updatedAt,
    };
  });

  const codingConditions = [eq(codings.projectId, projectId), ne(codings.memo, "")];
  if (onlyCoderId) codingConditions.push(eq(codings.coderId, onlyCoderId), eq(codings.layer, "coder"));
  const codingRows = await db
    .select({
      id: codings.id,
      documentId: codings.documentId,
      codeId: codings.codeId,
      coderId: codings.coderId,
      quote: codings.quote,
      memo: codings.memo,
      memoDoc: codings.memoDoc,
      version: codings.version,
      createdAt: codings.createdAt,
      updatedAt: codings.updatedAt,
      documentTitle: documents.title,
      coderName: users.name,
    })
    .from(codings)
    .innerJoin(documents, eq(documents.id, codings.documentId))
    .innerJoin(users, eq(users.id, codings.coderId))
    .where(and(...codingConditions));
  for (const c of codingRows) {
    const code = codeById.get(c.codeId);
    entries.push({
      id: c.id,
      targetType: "coding",
      targetId: c.id,
      target: {
        title: `“${excerpt(c.quote.replace(/\s+/g, " ").trim(), 80)}”`,
        exists: true,
        documentId: c.documentId,
        documentTitle: c.documentTitle,
        codeId: c.codeId,
        codeName: code ? (paths.get(code.id) ?? code.name) : undefined,
        codeColor: code?.color,
      },
      authorId: c.coderId,
      authorName: c.coderName,
      body: c.memoDoc ?? null,
      bodyText: c.memo,
      version: c.version,
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
    });
  }
  return entries.sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime() || a.id.localeCompare(b.id));
}

/**
 * Inside a merge: the source code's memos move to the target. An author with a memo on both
 * keeps one, the target's, with the source's text appended after a rule, so nothing is lost.
 */
export async function retargetCodeMemos(
  tx: Database,
  { projectId, actorId, fromCodeId, toCodeId, fromName }: { projectId: string; actorId: string; fromCodeId: string; toCodeId: string; fromName: string },
): Promise<number> {
  const moving = await tx
    .select()
    .from(memos)
    .where(and(eq(memos.projectId, projectId), eq(memos.targetType, "code"), eq(memos.targetId, fromCodeId)))
    .for("update");
  if (moving.length === 0) return 0;
  const existing = await tx
    .select()
    .from(memos)
    .where(and(eq(memos.projectId, projectId), eq(memos.targetType, "code"), eq(memos.targetId, toCodeId)))
    .orderBy(asc(memos.createdAt))
    .for("update");
  const cause = { cause: "code.merged" };
  for (const memo of moving) {
    const keeper = existing.find((m) => m.authorId === memo.authorId);
    if (!keeper) {
      const [after] = await tx.update(memos).set({ targetId: toCodeId, version: memo.version + 1, updatedAt: new Date() }).where(eq(memos.id, memo.id)).returning();
      await recordEvent(tx, { projectId, actorId, type: "memo.updated", entityId: memo.id, before: memo, after, meta: cause });
      continue;
    }
    const heading = { type: "paragraph", content: [{ type: "text", text: `From “${fromName}” (merged):`, marks: [{ type: "italic" }] }] };
    const body: MemoDoc = {
      type: "doc",
      content: [...((keeper.body.content as MemoNode[]) ?? []), { type: "horizontalRule" }, heading, ...((memo.body.content as MemoNode[]) ?? [])],
    };
    const bodyText = memoPlainText(body);
    const [after] = await tx.update(memos).set({ body, bodyText, version: keeper.version + 1, updatedAt: new Date() }).where(eq(memos.id, keeper.id)).returning();
    await tx.delete(memos).where(eq(memos.id, memo.id));
    await recordEvents(tx, [
      { projectId, actorId, type: "memo.updated", entityId: keeper.id, before: keeper, after, meta: cause },
      { projectId, actorId, type: "memo.deleted", entityId: memo.id, before: memo, meta: { ...cause, appendedTo: keeper.id } },
    ]);
    Object.assign(keeper, after);
  }
  return moving.length;
}

/** Inside a delete: the target's memos go with it (no foreign key reaches them), each logged. */
export async function deleteMemosOfTarget(
  tx: Database,
  { projectId, actorId, targetType, targetId, cause }: { projectId: string; actorId: string; targetType: MemoTarget; targetId: string; cause: string },
): Promise<number> {
  const removed = await tx
    .delete(memos)
    .where(and(eq(memos.projectId, projectId), eq(memos.targetType, targetType), eq(memos.targetId, targetId)))
    .returning();
  await recordEvents(
    tx,
    removed.map((memo) => ({ projectId, actorId, type: "memo.deleted" as const, entityId: memo.id, before: memo, meta: { cause } })),
  );
  return removed.length;
}

