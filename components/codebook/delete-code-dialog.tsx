"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { deleteCodeAction } from "@/app/(app)/projects/[projectId]/actions";
import { useServerAction } from "@/components/forms/use-server-action";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Notice } from "@/components/ui/notice";
import { NativeSelect } from "@/components/ui/select";
import { formatCount } from "@/lib/ui/format";
import type { CodeItem } from "./types";

/**
 * Deleting a code never leaves codings pointing nowhere: when it has any, the owner chooses
 * to delete them with it or to move them to another code.
 */
export function DeleteCodeDialog({
  projectId,
  code,
  codes,
  onOpenChange,
}: {
  projectId: string;
  code: CodeItem | null;
  codes: readonly CodeItem[];
  onOpenChange: (open: boolean) => void;
}) {
  return (
    <Dialog open={code !== null} onOpenChange={onOpenChange}>
      <DialogContent>{code && <DeleteCodeForm key={code.id} projectId={projectId} code={code} codes={codes} onDone={() => onOpenChange(false)} />}</DialogContent>
    </Dialog>
  );
}

function DeleteCodeForm({ projectId, code, codes, onDone }: { projectId: string; code: CodeItem; codes: readonly CodeItem[]; onDone: () => void }) {
  const others = codes.filter((c) => c.id !== code.id);
  const hasChildren = codes.some((c) => c.parentId === code.id);
  const used = (code.codingCount ?? 0) > 0;
  const [choice, setChoice] = useState<"delete" | "move">("delete");
  const [targetCodeId, setTargetCodeId] = useState("");
  const router = useRouter();
  const { run, pending, errors } = useServerAction(deleteCodeAction, ["targetCodeId"]);

  function submit() {
    const input = !used
      ? { projectId, codeId: code.id, codings: "refuse" as const }
      : choice === "move"
        ? { projectId, codeId: code.id, codings: "move" as const, targetCodeId }
        : { projectId, codeId: code.id, codings: "delete" as const };
    run(input, {
      // Codings appeared since the page loaded: fetch the new counts and show the server's message.
      onError: (error) => {
        if (error.code === "conflict") router.refresh();
      },
      onSuccess: ({ deletedCodings, movedCodings }) => {
        const what = movedCodings > 0 ? `; ${formatCount(movedCodings, "coding")} moved` : deletedCodings > 0 ? `; ${formatCount(deletedCodings, "coding")} deleted` : "";
        toast.success(`Code “${code.name}” deleted${what}.`);
        onDone();
      },
    });
  }

  return (
    <form
      className="grid gap-4"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <DialogHeader>
        <DialogTitle>Delete “{code.name}”?</DialogTitle>
        <DialogDescription>
          {hasChildren
            ? "This code has sub-codes."
            : used
              ? `It is used by ${formatCount(code.codingCount ?? 0, "coding")}. Choose what happens to them.`
              : "No coding uses it. This cannot be undone."}
        </DialogDescription>
      </DialogHeader>

      {hasChildren ? (
        <Notice>Move its sub-codes elsewhere or delete them first; then you can delete “{code.name}”.</Notice>
      ) : (
        used && (
          <fieldset className="grid gap-2">
            <legend className="sr-only">What happens to its codings</legend>
            <label className="flex items-start gap-2.5 rounded-md border p-3 text-sm has-[:checked]:border-primary has-[:checked]:bg-accent/50">
              <input type="radio" name="codings" className="mt-0.5 size-4" checked={choice === "delete"} onChange={() => setChoice("delete")} />
              <span>
                <span className="font-medium">Delete its codings too</span>
                <span className="block text-xs text-muted-foreground">They are removed from every coder&apos;s work.</span>
              </span>
            </label>
            <label className="flex items-start gap-2.5 rounded-md border p-3 text-sm has-[:checked]:border-primary has-[:checked]:bg-accent/50">
              <input type="radio" name="codings" className="mt-0.5 size-4" checked={choice === "move"} onChange={() => setChoice("move")} disabled={others.length === 0} />
              <span className="grid flex-1 gap-2">
                <span>
                  <span className="font-medium">Move them to another code</span>
                  <span className="block text-xs text-muted-foreground">Each passage keeps its place, coder and memo.</span>
                </span>
                {choice === "move" && (
                  <NativeSelect
                    aria-label="Code to move the codings to"
                    value={targetCodeId}
                    onChange={(e) => setTargetCodeId(e.target.value)}
                    aria-invalid={errors.fields.targetCodeId ? true : undefined}
                  >
                    <option value="">Choose a code…</option>
                    {others.map((c) => (
                      <option key={c.id} value={c.id}>
                        {c.path}
                      </option>
                    ))}
                  </NativeSelect>
                )}
                {errors.fields.targetCodeId && <span className="text-xs text-destructive">{errors.fields.targetCodeId}</span>}
              </span>
            </label>
          </fieldset>
        )
      )}
      {errors.form && <Notice tone="error">{errors.form}</Notice>}

      <DialogFooter>
        <Button type="button" variant="outline" onClick={onDone}>
          Cancel
        </Button>
        {!hasChildren && (
          <Button type="submit" variant="destructive" disabled={pending || (used && choice === "move" && !targetCodeId)}>
            {pending ? "Deleting…" : "Delete code"}
          </Button>
        )}
      </DialogFooter>
    </form>
  );
}
