"use server";
import { z } from "zod";
import { updateCoding } from "@/db/queries/codings";
import { deleteMemo, getMemosByTarget, upsertMemo } from "@/db/queries/memos";
import { memoViewsFor } from "@/components/memos/memo-view";
import { memoPlainText, type MemoDoc } from "@/lib/memos/doc";
import { can } from "@/lib/permissions";
import { projectAction } from "@/lib/server/guard";
import { deleteMemoSchema, memoTargetSchema, saveMemoSchema } from "@/lib/validation/memos";

// Memos autosave every few hundred milliseconds, so these actions revalidate nothing: the
// memos page reads fresh on every visit, and the editor already shows what it saved.

const withProject = { projectId: z.string() };

/**
 * Saves the signed-in member's memo on a target. The plain text is derived here from the
 * validated document, never taken from the client. Coding memos are written on the coding
 * (its coder's, or anyone's for the owner), like any other edit of the coding.
 */
export const saveMemoAction = projectAction(
  "memos.save",
  "memos.write",
  saveMemoSchema.extend(withProject),
  async ({ db, user, project, role }, { targetType, targetId, body, version }) => {
    const bodyText = memoPlainText(body);
    if (targetType === "coding") {
      const coding = await updateCoding(db, {
        projectId: project.id,
        codingId: targetId,
        actorId: user.id,
        mayEditOthers: can(role, "codings.updateAny"),
        patch: { memo: bodyText, memoDoc: body as MemoDoc },
      });
      return { id: coding.id, version: coding.version, updatedAt: coding.updatedAt.toISOString() };
    }
    const memo = await upsertMemo(db, { projectId: project.id, targetType, targetId, authorId: user.id, body, bodyText, expectedVersion: version });
    return { id: memo.id, version: memo.version, updatedAt: memo.updatedAt.toISOString() };
  },
);

export const deleteMemoAction = projectAction("memos.delete", "memos.write", deleteMemoSchema.extend(withProject), async ({ db, user, project }, { memoId }) => {
  const memo = await deleteMemo(db, { projectId: project.id, memoId, actorId: user.id });
  return { id: memo.id };
});

/** Every member's memos on one code, document or the project, for panels that open later. */
export const loadMemosAction = projectAction(
  "memos.list",
  "memos.read",
  memoTargetSchema.extend(withProject),
  async ({ db, user, project }, { targetType, targetId }) => {
    if (targetType === "coding") return [];
    return memoViewsFor(await getMemosByTarget(db, { projectId: project.id, targetType, targetId }), user.id);
  },
);
