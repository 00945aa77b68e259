"use client";
import { useCallback, useEffect, useRef, useState } from "react";
import { loadMemosAction, saveMemoAction } from "@/app/(app)/projects/[projectId]/memos/actions";
import type { MemoDoc } from "@/lib/memos/doc";
import { cn } from "@/lib/ui/cn";
import { formatDateTime } from "@/lib/ui/format";
import { MemoEditor, type SaveOutcome } from "./memo-editor";
import { MemoStatic } from "./memo-static";
import type { MemoView } from "./memo-view";

export type MemoTargetKind = "project" | "document" | "code";

/**
 * The memos on one target: the viewer's own, editable and saved as they type (when their
 * role may write memos), then every other member's, read-only. Pass `memos` when the page
 * loaded them; without it they are fetched when the component mounts (a dialog, a panel).
 */
export function TargetMemos({
  projectId,
  targetType,
  targetId,
  targetLabel,
  memos: given,
  canWrite,
  className,
}: {
  projectId: string;
  targetType: MemoTargetKind;
  targetId: string;
  /** Names the target in labels: “pressure”, “Interview 3”. */
  targetLabel: string;
  memos?: MemoView[];
  canWrite: boolean;
  className?: string;
}) {
  const [loaded, setLoaded] = useState<MemoView[] | null>(given ?? null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const memos = given ?? loaded;

  useEffect(() => {
    if (given) return;
    let live = true;
    loadMemosAction({ projectId, targetType, targetId })
      .then((result) => {
        if (!live) return;
        if (result.ok) setLoaded(result.data);
        else setLoadError(result.error.message);
      })
      .catch(() => live && setLoadError("Could not reach the server to load the memos."));
    return () => {
      live = false;
    };
  }, [given, projectId, targetType, targetId]);

  const mine = memos?.find((m) => m.mine);
  const version = useRef<number | undefined>(undefined);
  useEffect(() => {
    version.current = mine?.version;
    // Only the memo's identity matters here: later versions come back from our own saves.
  }, [mine?.id]);

  const save = useCallback(
    async (body: MemoDoc): Promise<SaveOutcome> => {
      const result = await saveMemoAction({ projectId, targetType, targetId, body, version: version.current });
      if (result.ok) {
        version.current = result.data.version;
        return { ok: true };
      }
      if (result.error.code === "conflict") return { ok: false, message: "it was changed in another tab or window. Reload the page to see that version." };
      return { ok: false, message: result.error.message };
    },
    [projectId, targetType, targetId],
  );

  if (loadError) return <p className={cn("text-sm text-destructive", className)}>{loadError}</p>;
  if (!memos) return <p className={cn("text-sm text-muted-foreground", className)}>Loading memos…</p>;
  const others = memos.filter((m) => !m.mine || !canWrite).filter((m) => m.bodyText.trim() !== "");

  return (
    <div className={cn("grid gap-4", className)}>
      {canWrite && (
        <div className="grid gap-1.5">
          <p className="text-xs font-medium text-muted-foreground">Your memo{mine ? ` · last saved ${formatDateTime(mine.updatedAt)}` : ""}</p>
          <MemoEditor label={`Your memo on ${targetLabel}`} initialContent={mine?.body ?? null} onSave={save} placeholder="Ideas, doubts, decisions… saved as you type." />
        </div>
      )}
      {others.length > 0 ? (
        <ul aria-label={`Memos by ${canWrite ? "other members" : "members"}`} className="grid gap-3">
          {others.map((memo) => (
            <li key={memo.id} className="rounded-md border bg-muted/40 p-3">
              <p className="text-xs text-muted-foreground">
                <span className="font-medium text-foreground">{memo.mine ? "You" : memo.authorName}</span> · {formatDateTime(memo.updatedAt)}
              </p>
              <MemoStatic content={memo.body} className="mt-1.5 text-sm leading-relaxed" />
            </li>
          ))}
        </ul>
      ) : (
        !canWrite && <p className="text-sm text-muted-foreground">No memos yet.</p>
      )}
    </div>
  );
}
