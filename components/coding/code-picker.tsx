"use client";
import { forwardRef, useImperativeHandle, useMemo, useRef, useState } from "react";
import { cn } from "@/lib/ui/cn";
import type { WorkspaceCode } from "./types";

export type PickerChoice = { kind: "code"; codeId: string } | { kind: "create"; name: string } | { kind: "invivo" };
export type CodePickerHandle = { focusFilter: (initial?: string) => void };

type Props = {
  codes: WorkspaceCode[];
  shortcuts: Map<string, number>;
  selectionText: string;
  top: number;
  left: number;
  snap: boolean;
  onSnapChange: (snap: boolean) => void;
  onChoose: (choice: PickerChoice) => void;
  onClose: () => void;
};

/**
 * Opens at a selection, without taking focus (the editor keeps it, so shift+arrows still
 * adjust the selection and 1–9 pick a code). Typing a letter moves focus into the filter.
 */
export const CodePicker = forwardRef<CodePickerHandle, Props>(function CodePicker(
  { codes, shortcuts, selectionText, top, left, snap, onSnapChange, onChoose, onClose },
  ref,
) {
  const [filter, setFilter] = useState("");
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  useImperativeHandle(ref, () => ({
    focusFilter(initial) {
      if (initial !== undefined) setFilter(initial);
      setActive(0);
      input.current?.focus();
    },
  }));

  const q = filter.trim().toLowerCase();
  const matches = useMemo(() => (q ? codes.filter((c) => c.path.toLowerCase().includes(q)) : codes), [codes, q]);
  const exact = codes.some((c) => c.name.toLowerCase() === q);
  const shortQuote = selectionText.length > 40 ? `${selectionText.slice(0, 40)}…` : selectionText;
  const options: { key: string; label: React.ReactNode; choice: PickerChoice; color?: string; badge?: number }[] = [
    ...matches.map((c) => ({ key: c.id, label: c.path, choice: { kind: "code", codeId: c.id } as PickerChoice, color: c.color, badge: shortcuts.get(c.id) })),
    ...(q && !exact ? [{ key: "create", label: `Create code “${filter.trim()}”`, choice: { kind: "create", name: filter.trim() } as PickerChoice }] : []),
    { key: "invivo", label: `In-vivo: “${shortQuote}”`, choice: { kind: "invivo" } as PickerChoice },
  ];
  const current = Math.min(active, options.length - 1);

  const onKeyDown = (e: React.KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      setActive((current + 1) % options.length);
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      setActive((current - 1 + options.length) % options.length);
    } else if (e.key === "Enter") {
      e.preventDefault();
      const option = options[current];
      if (option) onChoose(option.choice);
    } else if (e.key === "Escape") {
      e.preventDefault();
      onClose();
    } else if (/^[1-9]$/.test(e.key) && filter === "") {
      const code = codes.find((c) => shortcuts.get(c.id) === Number(e.key));
      if (code) {
        e.preventDefault();
        onChoose({ kind: "code", codeId: code.id });
      }
    }
  };

  return (
    <div
      role="dialog"
      aria-label="Code the selection"
      data-testid="code-picker"
      onMouseDown={(e) => {
        // Keep the editor's selection when clicking the picker (except into the filter).
        if (!(e.target instanceof HTMLInputElement)) e.preventDefault();
      }}
      className="absolute z-30 w-72 rounded-lg border bg-popover p-2 font-sans text-sm text-popover-foreground shadow-lg"
      style={{ top, left }}
    >
      <input
        ref={input}
        value={filter}
        onChange={(e) => {
          setFilter(e.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
        placeholder="Type to filter, 1–9, Enter"
        aria-label="Filter codes"
        aria-controls="qc-picker-list"
        aria-activedescendant={options[current] ? `qc-opt-${options[current]!.key}` : undefined}
        className="mb-1 h-8 w-full rounded-md border bg-background px-2 text-sm outline-none focus-visible:ring-2 focus-visible:ring-ring"
      />
      <ul id="qc-picker-list" role="listbox" aria-label="Codes" className="max-h-64 overflow-y-auto">
        {options.map((o, i) => (
          <li
            key={o.key}
            id={`qc-opt-${o.key}`}
            role="option"
            aria-selected={i === current}
            onMouseEnter={() => setActive(i)}
            onClick={() => onChoose(o.choice)}
            className={cn("flex cursor-pointer items-center gap-2 rounded px-2 py-1", i === current && "bg-accent")}
          >
            {o.color ? <span aria-hidden className="size-3 shrink-0 rounded-sm" style={{ backgroundColor: o.color }} /> : <span aria-hidden className="size-3 shrink-0" />}
            <span className="min-w-0 flex-1 truncate">{o.label}</span>
            {o.badge !== undefined && <kbd className="rounded border bg-card px-1 font-mono text-[10px] text-muted-foreground">{o.badge}</kbd>}
          </li>
        ))}
      </ul>
      <label className="mt-1 flex items-center gap-2 border-t px-1 pt-2 text-xs text-muted-foreground">
        <input type="checkbox" checked={snap} onChange={(e) => onSnapChange(e.target.checked)} className="size-3.5 accent-primary" />
        Snap selections to whole words
      </label>
    </div>
  );
});
