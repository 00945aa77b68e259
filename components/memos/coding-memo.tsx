"use client";
import { useCallback } from "react";
import { saveMemoAction } from "@/app/(app)/projects/[projectId]/memos/actions";
import { memoDocFromText, type MemoDoc } from "@/lib/memos/doc";
import { MemoEditor, type SaveOutcome } from "./memo-editor";
import { MemoStatic } from "./memo-static";

/**
 * The memo on one coding (stored on the coding row), for the workspace's coding popover.
 * `canWrite`: the coding is the viewer's own (`codings.updateOwn`), or they are the owner
 * (`codings.updateAny`). A memo written before rich text (plain `memo`) opens as paragraphs.
 */
export function CodingMemo({
  projectId,
  codingId,
  memo,
  memoDoc,
  canWrite,
  label = "Memo on this coding",
}: {
  projectId: string;
  codingId: string;
  memo: string;
  memoDoc: MemoDoc | null;
  canWrite: boolean;
  label?: string;
}) {
  const content = memoDoc ?? (memo ? memoDocFromText(memo) : null);
  const save = useCallback(
    async (body: MemoDoc): Promise<SaveOutcome> => {
      const result = await saveMemoAction({ projectId, targetType: "coding", targetId: codingId, body });
      return result.ok ? { ok: true } : { ok: false, message: result.error.message };
    },
    [projectId, codingId],
  );
  if (!canWrite) return <MemoStatic content={content} placeholder="No memo." className="text-sm leading-relaxed" />;
  return <MemoEditor label={label} initialContent={content} onSave={save} placeholder="Why this passage, doubts, links to other codes…" />;
}
