"use client";
import { useMemo, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { NativeSelect } from "@/components/ui/select";
import { descendantIds } from "@/lib/codebook/tree";
import type { CodeItem } from "./types";

const TOP = "__top__";

/** "Move to…": the keyboard way to do what dragging does, with a parent picker. */
export function MoveCodeDialog({
  code,
  codes,
  onMove,
  onOpenChange,
}: {
  code: CodeItem | null;
  codes: readonly CodeItem[];
  onMove: (move: { codeId: string; parentId: string | null; index: number }) => Promise<boolean>;
  onOpenChange: (open: boolean) => void;
}) {
  return (
    <Dialog open={code !== null} onOpenChange={onOpenChange}>
      <DialogContent>{code && <MoveForm key={code.id} code={code} codes={codes} onMove={onMove} onDone={() => onOpenChange(false)} />}</DialogContent>
    </Dialog>
  );
}

function MoveForm({ code, codes, onMove, onDone }: { code: CodeItem; codes: readonly CodeItem[]; onMove: Parameters<typeof MoveCodeDialog>[0]["onMove"]; onDone: () => void }) {
  const [parent, setParent] = useState(code.parentId ?? TOP);
  const [where, setWhere] = useState<"end" | "start">("end");
  // Not inside itself or its own sub-codes.
  const options = useMemo(() => {
    const blocked = descendantIds(codes, code.id);
    return codes.filter((c) => !blocked.has(c.id));
  }, [codes, code.id]);

  function submit() {
    const parentId = parent === TOP ? null : parent;
    const siblings = codes.filter((c) => (c.parentId ?? null) === parentId && c.id !== code.id).length;
    const parentName = codes.find((c) => c.id === parentId)?.name;
    void onMove({ codeId: code.id, parentId, index: where === "start" ? 0 : siblings }).then(
      (ok) => ok && toast.success(`Moved “${code.name}” ${parentName ? `under “${parentName}”` : "to the top level"}.`),
    );
    onDone();
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
        <DialogTitle>Move “{code.name}”</DialogTitle>
        <DialogDescription>Its sub-codes and codings move with it. Nothing else changes.</DialogDescription>
      </DialogHeader>
      <Field id="move-parent" label="New parent">
        <NativeSelect value={parent} onChange={(e) => setParent(e.target.value)} autoFocus>
          <option value={TOP}>None (top level)</option>
          {options.map((c) => (
            <option key={c.id} value={c.id}>
              {"\u2002".repeat(c.depth * 2)}
              {c.name}
            </option>
          ))}
        </NativeSelect>
      </Field>
      <Field id="move-where" label="Position">
        <NativeSelect value={where} onChange={(e) => setWhere(e.target.value as "end" | "start")}>
          <option value="end">After its other sub-codes (last)</option>
          <option value="start">Before its other sub-codes (first)</option>
        </NativeSelect>
      </Field>
      <DialogFooter>
        <Button type="button" variant="outline" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit">Move code</Button>
      </DialogFooter>
    </form>
  );
}
