"use client";
import { createContext, useCallback, useContext, useMemo, useOptimistic, useState, useTransition } from "react";
import { toast } from "sonner";
import { moveCodeAction, updateCodeAction } from "@/app/(app)/projects/[projectId]/actions";
import { movedTree } from "@/lib/codebook/drop";
import { CodeDetailSheet } from "./code-detail-sheet";
import { CodeFormDialog } from "./code-form-dialog";
import { DeleteCodeDialog } from "./delete-code-dialog";
import { MergeCodeDialog } from "./merge-code-dialog";
import { MoveCodeDialog } from "./move-code-dialog";
import type { CodebookPermissions, CodeItem } from "./types";

export type CodeDialog =
  | { kind: "create"; parentId: string | null }
  | { kind: "edit" | "delete" | "merge" | "move" | "details"; codeId: string };

type Move = { codeId: string; parentId: string | null; index: number };

export type CodeManager = {
  projectId: string;
  /** The codes as shown: the server's, with a move in flight already applied. */
  codes: CodeItem[];
  permissions: Required<CodebookPermissions>;
  countsHidden: boolean;
  open: (dialog: CodeDialog) => void;
  /** Moves a code now on screen, then on the server; a refusal puts it back with a message. */
  move: (move: Move) => Promise<boolean>;
  recolor: (codeId: string, color: string) => Promise<boolean>;
};

const Context = createContext<CodeManager | null>(null);

/** The nearest code manager, or null outside one (a read-only panel). */
export function useCodeManager(): CodeManager | null {
  return useContext(Context);
}

/**
 * Everything that changes the codebook, in one place: the create/edit/delete/merge/move
 * dialogs, the detail sheet, drag-and-drop moves and recolouring. The codebook page and the
 * workspace's code panel both sit inside one, so every entry point behaves the same.
 */
export function CodeManagerProvider({
  projectId,
  codes,
  permissions,
  countsHidden = false,
  children,
}: {
  projectId: string;
  codes: CodeItem[];
  permissions: CodebookPermissions;
  countsHidden?: boolean;
  children: React.ReactNode;
}) {
  const [dialog, setDialog] = useState<CodeDialog | null>(null);
  const [shown, applyMove] = useOptimistic(codes, (state: CodeItem[], m: Move) => movedTree(state, m.codeId, m.parentId, m.index));
  const [, startTransition] = useTransition();
  const perms = useMemo(
    () => ({ merge: false, memos: false, ...permissions }) as Required<CodebookPermissions>,
    [permissions],
  );

  const move = useCallback(
    (m: Move) =>
      new Promise<boolean>((resolve) => {
        startTransition(async () => {
          applyMove(m);
          const result = await moveCodeAction({ projectId, ...m }).catch(() => null);
          if (!result) toast.error("Could not reach the server; the code was not moved.");
          else if (!result.ok) toast.error(result.error.message);
          resolve(!!result?.ok);
        });
      }),
    [applyMove, projectId],
  );

  const recolor = useCallback(
    async (codeId: string, color: string) => {
      const result = await updateCodeAction({ projectId, codeId, color }).catch(() => null);
      if (!result) toast.error("Could not reach the server; the colour was not changed.");
      else if (!result.ok) toast.error(result.error.message);
      return !!result?.ok;
    },
    [projectId],
  );

  const value = useMemo<CodeManager>(
    () => ({ projectId, codes: shown, permissions: perms, countsHidden, open: setDialog, move, recolor }),
    [projectId, shown, perms, countsHidden, move, recolor],
  );
  const byId = (id: string) => shown.find((c) => c.id === id) ?? null;
  const current = dialog && dialog.kind !== "create" ? byId(dialog.codeId) : null;
  const close = (open: boolean) => !open && setDialog(null);

  return (
    <Context.Provider value={value}>
      {children}
      {perms.create && (
        <CodeFormDialog
          projectId={projectId}
          codes={shown}
          defaultParentId={dialog?.kind === "create" ? dialog.parentId : null}
          open={dialog?.kind === "create"}
          onOpenChange={close}
        />
      )}
      {perms.update && (
        <CodeFormDialog projectId={projectId} codes={shown} editing={dialog?.kind === "edit" ? current : null} open={dialog?.kind === "edit" && !!current} onOpenChange={close} />
      )}
      {perms.update && <MoveCodeDialog code={dialog?.kind === "move" ? current : null} codes={shown} onMove={move} onOpenChange={close} />}
      {perms.merge && <MergeCodeDialog projectId={projectId} code={dialog?.kind === "merge" ? current : null} codes={shown} onOpenChange={close} />}
      {perms.delete && <DeleteCodeDialog projectId={projectId} code={dialog?.kind === "delete" ? current : null} codes={shown} onOpenChange={close} />}
      <CodeDetailSheet code={dialog?.kind === "details" ? current : null} onOpenChange={close} />
    </Context.Provider>
  );
}
