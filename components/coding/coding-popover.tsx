"use client";
import { Trash2, X } from "lucide-react";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/ui/cn";
import type { ClientCoding, WorkspaceCode, WorkspaceCoder } from "./types";

type Props = {
  codings: ClientCoding[];
  selectedId: string | null;
  codes: WorkspaceCode[];
  coders: Map<string, WorkspaceCoder>;
  mayEdit: (c: ClientCoding) => boolean;
  canCode: boolean;
  top: number;
  left: number;
  onSelect: (id: string) => void;
  onChangeCode: (c: ClientCoding, codeId: string) => void;
  onAddCode: (c: ClientCoding, codeId: string) => void;
  onMemo: (c: ClientCoding, memo: string) => void;
  onAdjust: (c: ClientCoding, edge: "start" | "end", by: number) => void;
  onDelete: (c: ClientCoding) => void;
  onClose: () => void;
};

function MemoField({ coding, disabled, onSave }: { coding: ClientCoding; disabled: boolean; onSave: (memo: string) => void }) {
  const [value, setValue] = useState(coding.memo);
  useEffect(() => setValue(coding.memo), [coding.memo]);
  return (
    <textarea
      aria-label="Memo"
      value={value}
      disabled={disabled}
      placeholder={disabled ? "No memo" : "Write a memo…"}
      onChange={(e) => setValue(e.target.value)}
      onBlur={() => value !== coding.memo && onSave(value)}
      rows={2}
      className="w-full resize-y rounded-md border bg-background px-2 py-1 text-sm disabled:opacity-70"
    />
  );
}

/** Every coding covering the clicked spot: its code, coder, time and memo, with the edits allowed. */
export function CodingPopover(props: Props) {
  const { codings, selectedId, codes, coders, mayEdit, canCode, top, left } = props;
  const codeById = new Map(codes.map((c) => [c.id, c]));
  return (
    <div
      role="dialog"
      aria-label="Codings here"
      data-testid="coding-popover"
      className="absolute z-30 grid w-80 gap-2 rounded-lg border bg-popover p-3 font-sans text-sm text-popover-foreground shadow-lg"
      style={{ top, left }}
    >
      <div className="flex items-center justify-between">
        <p className="text-xs font-semibold uppercase tracking-wide text-muted-foreground">Codings here</p>
        <button type="button" onClick={props.onClose} className="rounded p-0.5 text-muted-foreground hover:bg-accent" aria-label="Close">
          <X aria-hidden className="size-4" />
        </button>
      </div>
      <ul className="grid max-h-96 gap-2 overflow-y-auto">
        {codings.map((c) => {
          const code = codeById.get(c.codeId);
          const editable = mayEdit(c) && !c.pending;
          const selected = c.id === selectedId;
          return (
            <li
              key={c.id}
              aria-label={`Coding ${code?.name ?? "unknown code"}`}
              aria-current={selected ? "true" : undefined}
              onClick={() => props.onSelect(c.id)}
              className={cn("grid gap-1.5 rounded-md border p-2", selected && "ring-2 ring-ring")}
            >
              <div className="flex items-center gap-2">
                <span aria-hidden className="size-3 rounded-sm" style={{ backgroundColor: code?.color }} />
                {editable ? (
                  <select
                    aria-label="Code"
                    value={c.codeId}
                    onChange={(e) => props.onChangeCode(c, e.target.value)}
                    className="h-7 min-w-0 flex-1 rounded border bg-background px-1 text-sm"
                  >
                    {codes.map((o) => (
                      <option key={o.id} value={o.id}>
                        {o.path}
                      </option>
                    ))}
                  </select>
                ) : (
                  <span className="flex-1 truncate font-medium">{code?.path ?? "(deleted code)"}</span>
                )}
                {editable && (
                  <Button type="button" variant="ghost" size="sm" aria-label="Delete coding" onClick={() => props.onDelete(c)}>
                    <Trash2 aria-hidden />
                  </Button>
                )}
              </div>
              <p className="text-xs text-muted-foreground">
                {coders.get(c.coderId)?.name ?? "Unknown coder"} · {new Date(c.createdAt).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" })} · {c.start}–{c.end}
              </p>
              <blockquote className="line-clamp-3 border-l-2 pl-2 font-serif text-xs">{c.quote}</blockquote>
              {c.drift && (
                <p role="alert" className="rounded bg-destructive/10 px-2 py-1 text-xs text-destructive">
                  The stored quote does not match the text at {c.start}–{c.end}. This is a bug: please report it.
                </p>
              )}
              <MemoField coding={c} disabled={!editable} onSave={(memo) => props.onMemo(c, memo)} />
              {editable && (
                <div className="flex flex-wrap items-center gap-1 text-xs text-muted-foreground" aria-label="Boundaries">
                  <span>Start</span>
                  <button type="button" className="rounded border px-1" aria-label="Move start left" onClick={() => props.onAdjust(c, "start", -1)}>←</button>
                  <button type="button" className="rounded border px-1" aria-label="Move start right" onClick={() => props.onAdjust(c, "start", 1)}>→</button>
                  <span className="ml-2">End</span>
                  <button type="button" className="rounded border px-1" aria-label="Move end left" onClick={() => props.onAdjust(c, "end", -1)}>←</button>
                  <button type="button" className="rounded border px-1" aria-label="Move end right" onClick={() => props.onAdjust(c, "end", 1)}>→</button>
                  <span className="ml-auto">or Shift+←/→ (Alt: start)</span>
                </div>
              )}
            </li>
          );
        })}
      </ul>
      {canCode && codings[0] && (
        <label className="grid gap-1 text-xs text-muted-foreground">
          Add a code to this span
          <select
            aria-label="Add a code to this span"
            value=""
            onChange={(e) => e.target.value && props.onAddCode(codings.find((c) => c.id === selectedId) ?? codings[0]!, e.target.value)}
            className="h-7 rounded border bg-background px-1 text-sm text-foreground"
          >
            <option value="">Choose a code…</option>
            {codes.map((o) => (
              <option key={o.id} value={o.id}>
                {o.path}
              </option>
            ))}
          </select>
        </label>
      )}
    </div>
  );
}
