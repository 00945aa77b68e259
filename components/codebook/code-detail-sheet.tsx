"use client";
import { CornerDownRight, Merge, Pencil, Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { TargetMemos } from "@/components/memos/target-memos";
import { CodeColorButton } from "./code-actions";
import { useCodeManager } from "./code-manager";
import type { CodeItem } from "./types";

/**
 * A code in full, as a sheet at the side: definition, include and exclude rules, examples,
 * how much it is used, its sub-codes, and everyone's memos on it (the viewer's own editable).
 */
export function CodeDetailSheet({ code, onOpenChange }: { code: CodeItem | null; onOpenChange: (open: boolean) => void }) {
  return (
    <Dialog open={code !== null} onOpenChange={onOpenChange}>
      <DialogContent className="left-auto right-0 top-0 h-dvh max-w-xl translate-x-0 translate-y-0 content-start overflow-y-auto rounded-none border-y-0 border-r-0 sm:rounded-l-xl">
        {code && <CodeDetail code={code} />}
      </DialogContent>
    </Dialog>
  );
}

function CodeDetail({ code }: { code: CodeItem }) {
  const manager = useCodeManager()!;
  const { permissions: can, open, codes, countsHidden } = manager;
  const children = codes.filter((c) => c.parentId === code.id);
  const parent = code.parentId ? codes.find((c) => c.id === code.parentId) : undefined;

  const rules: [string, string, string][] = [
    ["Definition", code.definition, "text-foreground"],
    ["Include", code.include, "text-emerald-700"],
    ["Exclude", code.exclude, "text-rose-700"],
    ["Examples", code.examples, "text-muted-foreground"],
  ];

  return (
    <div className="grid gap-5 pb-6">
      <DialogHeader className="pr-8">
        <div className="flex items-center gap-2.5">
          <CodeColorButton code={code} />
          <DialogTitle className="text-xl">{code.name}</DialogTitle>
        </div>
        <DialogDescription>{parent ? `Sub-code of ${parent.path}` : "Top-level code"}</DialogDescription>
      </DialogHeader>

      <dl className="grid grid-cols-3 gap-2 text-center">
        {[
          [countsHidden ? "Your codings" : "Codings", code.codingCount],
          ["Documents", code.documentCount ?? null],
          ["Sub-codes", children.length],
        ].map(([label, value]) => (
          <div key={label as string} className="rounded-md border bg-muted/40 px-2 py-2">
            <dt className="text-xs text-muted-foreground">{label}</dt>
            <dd className="text-lg font-semibold tabular-nums">{value === null ? "—" : (value as number).toLocaleString("en-GB")}</dd>
          </div>
        ))}
      </dl>

      {(can.update || can.merge || can.delete) && (
        <div className="flex flex-wrap gap-2">
          {can.update && (
            <Button size="sm" variant="outline" onClick={() => open({ kind: "edit", codeId: code.id })}>
              <Pencil aria-hidden />
              Edit
            </Button>
          )}
          {can.update && (
            <Button size="sm" variant="outline" onClick={() => open({ kind: "move", codeId: code.id })}>
              <CornerDownRight aria-hidden />
              Move to…
            </Button>
          )}
          {can.merge && codes.length > 1 && (
            <Button size="sm" variant="outline" onClick={() => open({ kind: "merge", codeId: code.id })}>
              <Merge aria-hidden />
              Merge into…
            </Button>
          )}
          {can.delete && (
            <Button size="sm" variant="outline" className="text-destructive hover:text-destructive" onClick={() => open({ kind: "delete", codeId: code.id })}>
              <Trash2 aria-hidden />
              Delete…
            </Button>
          )}
        </div>
      )}

      <dl className="grid gap-4 text-sm">
        {rules.map(([label, text, tone]) => (
          <div key={label}>
            <dt className={`text-xs font-medium uppercase tracking-wide ${tone}`}>{label}</dt>
            <dd className="mt-1 whitespace-pre-line leading-relaxed">{text || <span className="italic text-muted-foreground">None yet.</span>}</dd>
          </div>
        ))}
        {children.length > 0 && (
          <div>
            <dt className="text-xs font-medium uppercase tracking-wide text-muted-foreground">Sub-codes</dt>
            <dd className="mt-1">
              <ul className="flex flex-wrap gap-1.5">
                {children.map((c) => (
                  <li key={c.id}>
                    <button
                      type="button"
                      className="inline-flex items-center gap-1.5 rounded-full border px-2.5 py-0.5 text-xs hover:bg-accent"
                      onClick={() => open({ kind: "details", codeId: c.id })}
                    >
                      <span aria-hidden className="size-2 rounded-full" style={{ backgroundColor: c.color }} />
                      {c.name}
                    </button>
                  </li>
                ))}
              </ul>
            </dd>
          </div>
        )}
      </dl>

      <section aria-labelledby={`memos-${code.id}`} className="grid gap-3 border-t pt-4">
        <h3 id={`memos-${code.id}`} className="text-sm font-semibold">
          Memos
        </h3>
        <TargetMemos key={code.id} projectId={manager.projectId} targetType="code" targetId={code.id} targetLabel={`“${code.name}”`} canWrite={can.memos} />
      </section>
    </div>
  );
}
