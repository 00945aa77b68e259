"use client";
import { ArrowRight } from "lucide-react";
import { useMemo, useState } from "react";
import { toast } from "sonner";
import { mergeCodesAction } from "@/app/(app)/projects/[projectId]/actions";
import { useServerAction } from "@/components/forms/use-server-action";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { NativeSelect } from "@/components/ui/select";
import { descendantIds } from "@/lib/codebook/tree";
import { formatCount } from "@/lib/ui/format";
import type { CodeItem } from "./types";

/**
 * "Merge into…" (owners): choose the code to keep, then confirm a summary that says how many
 * codings move. The server moves codings, sub-codes and memos and deletes the merged code in
 * one transaction, and reports how many codings it moved.
 */
export function MergeCodeDialog({
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
      <DialogContent>{code && <MergeForm key={code.id} projectId={projectId} code={code} codes={codes} onDone={() => onOpenChange(false)} />}</DialogContent>
    </Dialog>
  );
}

function MergeForm({ projectId, code, codes, onDone }: { projectId: string; code: CodeItem; codes: readonly CodeItem[]; onDone: () => void }) {
  const [targetId, setTargetId] = useState("");
  const [confirming, setConfirming] = useState(false);
  const { run, pending, errors } = useServerAction(mergeCodesAction, ["targetCodeId"]);
  // A code cannot be merged into one of its own sub-codes.
  const targets = useMemo(() => {
    const blocked = descendantIds(codes, code.id);
    return codes.filter((c) => !blocked.has(c.id));
  }, [codes, code.id]);
  const target = codes.find((c) => c.id === targetId);
  const children = codes.filter((c) => c.parentId === code.id).length;
  const codings = code.codingCount ?? 0;

  function submit() {
    if (!target) return;
    if (!confirming) {
      setConfirming(true);
      return;
    }
    run(
      { projectId, sourceCodeId: code.id, targetCodeId: target.id },
      {
        onSuccess: ({ movedCodings }) => {
          toast.success(`Merged “${code.name}” into “${target.name}”: ${formatCount(movedCodings, "coding")} moved.`);
          onDone();
        },
      },
    );
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
        <DialogTitle>{confirming && target ? `Merge “${code.name}” into “${target.name}”?` : `Merge “${code.name}” into…`}</DialogTitle>
        <DialogDescription>
          {confirming ? "Please check what will happen. This cannot be undone." : "Choose the code to keep. “" + code.name + "” will be merged into it and deleted."}
        </DialogDescription>
      </DialogHeader>

      {!confirming ? (
        <Field id="merge-target" label="Merge into" error={errors.fields.targetCodeId}>
          <NativeSelect value={targetId} onChange={(e) => setTargetId(e.target.value)} autoFocus>
            <option value="">Choose a code…</option>
            {targets.map((c) => (
              <option key={c.id} value={c.id}>
                {c.path}
              </option>
            ))}
          </NativeSelect>
        </Field>
      ) : (
        target && (
          <div className="grid gap-3 text-sm">
            <div className="flex items-center gap-2 rounded-md border bg-muted/40 px-3 py-2 font-medium">
              <span aria-hidden className="size-3 rounded-full" style={{ backgroundColor: code.color }} />
              <span className="truncate">{code.path}</span>
              <ArrowRight aria-hidden className="size-4 shrink-0 text-muted-foreground" />
              <span aria-hidden className="size-3 rounded-full" style={{ backgroundColor: target.color }} />
              <span className="truncate">{target.path}</span>
            </div>
            <ul className="grid list-disc gap-1 pl-5">
              <li>
                {code.codingCount === null ? (
                  <>All its codings move to “{target.name}”.</>
                ) : (
                  <>
                    <strong>{formatCount(codings, "coding")}</strong> {codings === 1 ? "moves" : "move"} to “{target.name}”.
                  </>
                )}
              </li>
              {children > 0 && <li>{formatCount(children, "sub-code")} of “{code.name}” become sub-codes of “{target.name}”.</li>}
              <li>Memos on “{code.name}” move to “{target.name}”.</li>
              <li>“{code.name}” is deleted.</li>
            </ul>
          </div>
        )
      )}
      {errors.form && <Notice tone="error">{errors.form}</Notice>}

      <DialogFooter>
        <Button type="button" variant="outline" onClick={confirming ? () => setConfirming(false) : onDone}>
          {confirming ? "Back" : "Cancel"}
        </Button>
        <Button type="submit" variant={confirming ? "destructive" : "default"} disabled={!target || pending}>
          {pending ? "Merging…" : confirming ? "Merge codes" : "Continue"}
        </Button>
      </DialogFooter>
    </form>
  );
}
