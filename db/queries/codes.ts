import { and, asc, count, eq, inArray, sql } from "drizzle-orm";
import { nextPaletteColor } from "@/lib/codebook/default-codebook";
import { applyMove, codePaths, treeOrder, wouldCreateCycle } from "@/lib/codebook/tree";
import { AppError, isUniqueViolation } from "@/lib/errors";
import { faultPoint } from "@/lib/server/fault-point";
import type { Database } from "../client";
import { codingColumns } from "./codings";
import { codes, codings, type Code } from "../schema";
import { recordEvent, recordEvents } from "./events";
import { deleteMemosOfTarget, retargetCodeMemos } from "./memos";

export type CodeWithPath = Code & { path: string; depth: number };

/** The codebook as a flat list in tree order, each code with its full path and depth. */
export async function getCodesByProjectId(db: Database, { projectId }: { projectId: string }): Promise<CodeWithPath[]> {
  const rows = await db.select().from(codes).where(eq(codes.projectId, projectId)).orderBy(asc(codes.position), asc(codes.name));
  const paths = codePaths(rows);
  return treeOrder(rows).map(({ code, depth }) => ({ ...code, path: paths.get(code.id)!, depth }));
}

/** One code with its full path and depth, or undefined when it is not in the project. */
export async function getCodeWithPathById(
  db: Database,
  { projectId, codeId }: { projectId: string; codeId: string },
): Promise<CodeWithPath | undefined> {
  // Paths need the ancestors; a codebook is small (tens of codes), so read it whole.
  const all = await getCodesByProjectId(db, { projectId });
  return all.find((c) => c.id === codeId);
}

export async function getCodeById(db: Database, { projectId, codeId }: { projectId: string; codeId: string }): Promise<Code | undefined> {
  const [code] = await db
    .select()
    .from(codes)
    .where(and(eq(codes.id, codeId), eq(codes.projectId, projectId)))
    .limit(1);
  return code;
}

/** Number of codings per code in the project (all layers; visibility rules apply elsewhere). */
export async function getCodingCountsByCode(db: Database, { projectId }: { projectId: string }): Promise<Map<string, number>> {
  const rows = await db
    .select({ codeId: codings.codeId, n: count() })
    .from(codings)
    .where(eq(codings.projectId, projectId))
    .groupBy(codings.codeId);
  return new Map(rows.map((r) => [r.codeId, Number(r.n)]));
}

export type CodeFields = {
  name: string;
  color?: string;
  parentId?: string | null;
  definition?: string;
  include?: string;
  exclude?: string;
  examples?: string;
};

function siblingConflict(name: string) {
  return new AppError("conflict", `A code named "${name}" already exists at this level of the codebook.`, { field: "name" });
}

async function requireParent(tx: Database, projectId: string, parentId: string | null | undefined) {
  if (!parentId) return;
  const parent = await getCodeById(tx, { projectId, codeId: parentId });
  if (!parent) throw new AppError("bad_request", "The parent code does not exist in this project.", { field: "parentId" });
}

export async function createCode(
  db: Database,
  { projectId, actorId, fields }: { projectId: string; actorId: string; fields: CodeFields },
): Promise<Code> {
  try {
    return await db.transaction(async (tx) => {
      await requireParent(tx, projectId, fields.parentId);
      const existing = await tx.select({ color: codes.color, position: codes.position }).from(codes).where(eq(codes.projectId, projectId));
      const position = existing.reduce((m, c) => Math.max(m, c.position), -1) + 1;
      const [code] = await tx
        .insert(codes)
        .values({
          projectId,
          name: fields.name.trim(),
          color: (fields.color ?? nextPaletteColor(existing.map((c) => c.color))).toLowerCase(),
          parentId: fields.parentId ?? null,
          definition: fields.definition ?? "",
          include: fields.include ?? "",
          exclude: fields.exclude ?? "",
          examples: fields.examples ?? "",
          position,
          createdBy: actorId,
        })
        .returning();
      await recordEvent(tx, { projectId, actorId, type: "code.created", entityId: code!.id, after: code });
      return code!;
    });
  } catch (error) {
    if (isUniqueViolation(error, "codes_sibling_name_unique")) throw siblingConflict(fields.name.trim());
    throw error;
  }
}

export type CodePatch = Partial<CodeFields> & { position?: number };

/**
 * Edits a code. With `expectedVersion`, an edit based on a stale copy is refused and the
 * current state is returned in the error, so the editor can show what changed.
 */
export async function updateCode(
  db: Database,
  { projectId, codeId, actorId, patch, expectedVersion }: { projectId: string; codeId: string; actorId: string; patch: CodePatch; expectedVersion?: number },
): Promise<Code> {
  try {
    return await db.transaction(async (tx) => {
      const [before] = await tx
        .select()
        .from(codes)
        .where(and(eq(codes.id, codeId), eq(codes.projectId, projectId)))
        .for("update");
      if (!before) throw new AppError("not_found", "Code not found.");
      if (expectedVersion !== undefined && expectedVersion !== before.version) {
        throw new AppError("conflict", `Someone changed "${before.name}" while you were editing it. Here is the current version.`, { current: before });
      }
      const moving = patch.parentId !== undefined && patch.parentId !== before.parentId;
      if (moving) {
        await requireParent(tx, projectId, patch.parentId);
        const all = await tx.select({ id: codes.id, parentId: codes.parentId, name: codes.name, position: codes.position }).from(codes).where(eq(codes.projectId, projectId));
        if (wouldCreateCycle(all, codeId, patch.parentId ?? null)) {
          throw new AppError("bad_request", "A code cannot be moved inside itself or one of its sub-codes.", { field: "parentId" });
        }
      }
      const set: Partial<Code> = {};
      if (patch.name !== undefined) set.name = patch.name.trim();
      if (patch.color !== undefined) set.color = patch.color.toLowerCase();
      if (patch.parentId !== undefined) set.parentId = patch.parentId;
      if (patch.definition !== undefined) set.definition = patch.definition;
      if (patch.include !== undefined) set.include = patch.include;
      if (patch.exclude !== undefined) set.exclude = patch.exclude;
      if (patch.examples !== undefined) set.examples = patch.examples;
      if (patch.position !== undefined) set.position = patch.position;
      const [after] = await tx
        .update(codes)
        .set({ ...set, version: before.version + 1, updatedAt: new Date() })
        .where(eq(codes.id, codeId))
        .returning();
      await recordEvent(tx, { projectId, actorId, type: moving ? "code.moved" : "code.updated", entityId: codeId, before, after });
      return after!;
    });
  } catch (error) {
    if (isUniqueViolation(error, "codes_sibling_name_unique")) throw siblingConflict((patch.name ?? "").trim() || "that name");
    throw error;
  }
}

/**
 * Moves a code under `parentId` (null: the top level) to `index` among its new siblings and
 * renumbers those siblings 0…n-1, so the order is exactly where the person dropped it. One
 * transaction; each code whose place changed gets its event. A move inside itself is refused.
 */
export async function moveCode(
  db: Database,
  { projectId, codeId, actorId, parentId, index }: { projectId: string; codeId: string; actorId: string; parentId: string | null; index: number },
): Promise<Code> {
  try {
    return await db.transaction(async (tx) => {
      const all = await tx.select().from(codes).where(eq(codes.projectId, projectId)).for("update");
      const before = all.find((c) => c.id === codeId);
      if (!before) throw new AppError("not_found", "Code not found.");
      if (parentId && !all.some((c) => c.id === parentId)) {
        throw new AppError("bad_request", "The parent code does not exist in this project.", { field: "parentId" });
      }
      if (wouldCreateCycle(all, codeId, parentId)) {
        throw new AppError("bad_request", "A code cannot be moved inside itself or one of its sub-codes.", { field: "parentId" });
      }
      const reparented = (before.parentId ?? null) !== parentId;
      const placed = new Map(applyMove(all, codeId, parentId, index).map((c) => [c.id, c]));
      let moved = before;
      const logged: Parameters<typeof recordEvents>[1] = [];
      for (const code of all) {
        const next = placed.get(code.id)!;
        const isMoved = code.id === codeId;
        if (next.position === code.position && !(isMoved && reparented)) continue;
        const [after] = await tx
          .update(codes)
          .set({ position: next.position, parentId: next.parentId, version: code.version + 1, updatedAt: new Date() })
          .where(eq(codes.id, code.id))
          .returning();
        if (isMoved) moved = after!;
        logged.push({
          projectId,
          actorId,
          type: isMoved && reparented ? "code.moved" : "code.updated",
          entityId: code.id,
          before: code,
          after,
          meta: isMoved ? {} : { cause: "code.moved", movedCodeId: codeId },
        });
      }
      await recordEvents(tx, logged);
      return moved;
    });
  } catch (error) {
    if (isUniqueViolation(error, "codes_sibling_name_unique")) {
      throw new AppError("conflict", "A code with the same name already exists at that level of the codebook. Rename one of them first.");
    }
    throw error;
  }
}

/** What happens to the code's codings: deleted, moved to another code, or (`refuse`) the
 * delete is refused with a conflict when there are any, so nothing is lost by default. */
export type DeleteCodeOptions = { codings: "delete" } | { codings: "move"; targetCodeId: string } | { codings: "refuse" };

/**
 * Deletes a code that has no sub-codes. Its codings are deleted or moved to another code, as
 * the user chose, in the same transaction: no coding is ever left pointing nowhere.
 */
export async function deleteCode(
  db: Database,
  { projectId, codeId, actorId, options }: { projectId: string; codeId: string; actorId: string; options: DeleteCodeOptions },
): Promise<{ deletedCodings: number; movedCodings: number }> {
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(codes)
      .where(and(eq(codes.id, codeId), eq(codes.projectId, projectId)))
      .for("update");
    if (!before) throw new AppError("not_found", "Code not found.");
    const [children] = await tx.select({ n: count() }).from(codes).where(eq(codes.parentId, codeId));
    if (Number(children!.n) > 0) {
      throw new AppError("conflict", `"${before.name}" has sub-codes. Move or delete them first.`);
    }
    let deletedCodings = 0;
    let movedCodings = 0;
    if (options.codings === "refuse") {
      // Counted inside the transaction, under the code's row lock, so no coding slips in between.
      const [used] = await tx.select({ n: count() }).from(codings).where(eq(codings.codeId, codeId));
      const codingCount = Number(used!.n);
      if (codingCount > 0) {
        throw new AppError(
          "conflict",
          `"${before.name}" is used by ${codingCount} coding${codingCount === 1 ? "" : "s"}. Choose whether to delete them or move them to another code.`,
          { codingCount },
        );
      }
    } else if (options.codings === "move") {
      if (options.targetCodeId === codeId) throw new AppError("bad_request", "Choose another code to move the codings to.");
      const target = await getCodeById(tx, { projectId, codeId: options.targetCodeId });
      if (!target) throw new AppError("bad_request", "The code to move the codings to does not exist in this project.");
      movedCodings = await moveCodings(tx, { projectId, actorId, fromCodeId: codeId, toCodeId: target.id, cause: "code.deleted" });
    } else {
      const removed = await tx.delete(codings).where(eq(codings.codeId, codeId)).returning(codingColumns);
      deletedCodings = removed.length;
      for (const coding of removed) {
        await recordEvent(tx, { projectId, actorId, type: "coding.deleted", entityId: coding.id, before: coding, meta: { cause: "code.deleted" } });
      }
    }
    // Memos reach their target without a foreign key: the code's go with it.
    await deleteMemosOfTarget(tx, { projectId, actorId, targetType: "code", targetId: codeId, cause: "code.deleted" });
    await tx.delete(codes).where(eq(codes.id, codeId));
    await recordEvent(tx, {
      projectId,
      actorId,
      type: "code.deleted",
      entityId: codeId,
      before,
      meta: options.codings === "move" ? { movedTo: options.targetCodeId, movedCodings } : { deletedCodings },
    });
    return { deletedCodings, movedCodings };
  });
}

/**
 * Moves every coding of one code to another, each as a logged `coding.updated` (live views and
 * the audit trail learn of it). Runs inside the caller's transaction.
 */
async function moveCodings(
  tx: Database,
  { projectId, actorId, fromCodeId, toCodeId, cause }: { projectId: string; actorId: string; fromCodeId: string; toCodeId: string; cause: string },
): Promise<number> {
  const moved = await tx
    .update(codings)
    .set({ codeId: toCodeId, version: sql`${codings.version} + 1`, updatedAt: new Date() })
    .where(eq(codings.codeId, fromCodeId))
    .returning(codingColumns);
  await recordEvents(
    tx,
    moved.map((coding) => ({
      projectId,
      actorId,
      type: "coding.updated" as const,
      entityId: coding.id,
      before: { codeId: fromCodeId, version: coding.version - 1 },
      after: coding,
      meta: { cause },
    })),
  );
  return moved.length;
}

/**
 * Merges `sourceCodeId` into `targetCodeId` in one transaction: the source's codings move to the
 * target, its sub-codes become the target's sub-codes, and the source is deleted. Every coding
 * survives exactly once. A sub-code whose name the target already uses among its children is
 * refused rather than renamed behind the user's back.
 */
export async function mergeCodes(
  db: Database,
  { projectId, sourceCodeId, targetCodeId, actorId }: { projectId: string; sourceCodeId: string; targetCodeId: string; actorId: string },
): Promise<{ movedCodings: number; movedChildren: number }> {
  if (sourceCodeId === targetCodeId) throw new AppError("bad_request", "Choose two different codes to merge.");
  try {
    return await db.transaction(async (tx) => {
      const locked = await tx
        .select()
        .from(codes)
        .where(and(eq(codes.projectId, projectId), inArray(codes.id, [sourceCodeId, targetCodeId])))
        .for("update");
      const source = locked.find((c) => c.id === sourceCodeId);
      const target = locked.find((c) => c.id === targetCodeId);
      if (!source || !target) throw new AppError("not_found", "Code not found.");
      const all = await tx.select({ id: codes.id, parentId: codes.parentId, name: codes.name, position: codes.position }).from(codes).where(eq(codes.projectId, projectId));
      if (wouldCreateCycle(all, sourceCodeId, targetCodeId)) {
        throw new AppError("bad_request", `"${target.name}" is inside "${source.name}": merge it the other way round, or move it out first.`);
      }
      const movedCodings = await moveCodings(tx, { projectId, actorId, fromCodeId: sourceCodeId, toCodeId: targetCodeId, cause: "code.merged" });
      const children = await tx
        .update(codes)
        .set({ parentId: targetCodeId, version: sql`${codes.version} + 1`, updatedAt: new Date() })
        .where(eq(codes.parentId, sourceCodeId))
        .returning();
      for (const child of children) {
        await recordEvent(tx, { projectId, actorId, type: "code.moved", entityId: child.id, before: { parentId: sourceCodeId }, after: child, meta: { cause: "code.merged" } });
      }
      await retargetCodeMemos(tx, { projectId, actorId, fromCodeId: sourceCodeId, toCodeId: targetCodeId, fromName: source.name });
      await tx.delete(codes).where(eq(codes.id, sourceCodeId));
      // Fault tests: codings moved, children re-parented, the source deleted; not committed.
      await faultPoint("code-merge.in-transaction");
      await recordEvent(tx, {
        projectId,
        actorId,
        type: "code.merged",
        entityId: sourceCodeId,
        before: source,
        after: { mergedInto: targetCodeId },
        meta: { targetCodeId, movedCodings, movedChildren: children.length },
      });
      return { movedCodings, movedChildren: children.length };
    });
  } catch (error) {
    if (isUniqueViolation(error, "codes_sibling_name_unique")) {
      throw new AppError("conflict", "A sub-code of the merged code has the same name as one of the target's sub-codes. Rename one of them first.");
    }
    throw error;
  }
}

export async function getCodesByIds(db: Database, { projectId, codeIds }: { projectId: string; codeIds: string[] }): Promise<Code[]> {
  if (codeIds.length === 0) return [];
  return db.select().from(codes).where(and(eq(codes.projectId, projectId), inArray(codes.id, codeIds)));
}

/** Codings per code in one coder's own layer: the counts a coder may see in a blind project. */
export async function getCodingCountsByCodeForCoder(
  db: Database,
  { projectId, coderId }: { projectId: string; coderId: string },
): Promise<Map<string, number>> {
  const rows = await db
    .select({ codeId: codings.codeId, n: count() })
    .from(codings)
    .where(and(eq(codings.projectId, projectId), eq(codings.coderId, coderId), eq(codings.layer, "coder")))
    .groupBy(codings.codeId);
  return new Map(rows.map((r) => [r.codeId, Number(r.n)]));
}
