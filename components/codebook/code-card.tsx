"use client";
import { GripVertical, Pencil, Plus, Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import type { DropZone } from "@/lib/codebook/drop";
import { cn } from "@/lib/ui/cn";
import { formatCount } from "@/lib/ui/format";
import { CodeActionsMenu, CodeColorButton } from "./code-actions";
import { useCodeManager } from "./code-manager";
import { useCodeDrag } from "./code-tree-dnd";
import type { CodeItem } from "./types";

type Drag = ReturnType<typeof useCodeDrag>;

/** A code card that can be dragged (roles that may edit codes, inside CodeTreeDnd). */
export function DraggableCodeCard(props: { code: CodeItem; selected: boolean }) {
  const drag = useCodeDrag(props.code.id);
  return <CodeCard {...props} drag={drag} />;
}

const LINE: Record<DropZone, string> = {
  before: "before:absolute before:-top-2 before:inset-x-0 before:h-0.5 before:rounded before:bg-primary",
  after: "after:absolute after:-bottom-2 after:inset-x-0 after:h-0.5 after:rounded after:bg-primary",
  inside: "",
};

/** One code on the codebook page: name (opens its details), definition and rules, actions. */
export function CodeCard({ code, selected, drag }: { code: CodeItem; selected: boolean; drag?: Drag }) {
  const manager = useCodeManager()!;
  const { permissions: can, open, codes } = manager;
  const parent = code.parentId ? codes.find((c) => c.id === code.parentId) : undefined;
  return (
    <li
      ref={drag?.setNodeRef}
      className={cn("relative scroll-mt-24", drag?.zone && LINE[drag.zone])}
      style={{ marginLeft: `${Math.min(code.depth, 6) * 1.75}rem` }}
    >
      <article
        aria-labelledby={`code-${code.id}`}
        className={cn(
          "rounded-lg border border-l-4 bg-card p-4 shadow-xs transition-[opacity,box-shadow]",
          drag?.isDragging && "opacity-40",
          drag?.zone === "inside" && "bg-accent/50 ring-2 ring-primary",
          selected && "ring-2 ring-ring/60",
        )}
        style={{ borderLeftColor: code.color }}
      >
        <div className="flex items-start gap-2">
          {drag && (
            <button
              type="button"
              title="Drag to move"
              className="-ml-2 mt-px inline-flex h-6 w-5 shrink-0 cursor-grab touch-none items-center justify-center rounded text-muted-foreground hover:bg-accent hover:text-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring active:cursor-grabbing"
              {...drag.handle}
              aria-label={`Drag ${code.name}`}
            >
              <GripVertical aria-hidden className="size-4" />
            </button>
          )}
          <div className="min-w-0 flex-1">
            <div className="flex flex-wrap items-center gap-x-2.5 gap-y-1">
              <CodeColorButton code={code} />
              <h3 id={`code-${code.id}`} className="font-semibold">
                <button
                  type="button"
                  title="Details and memos"
                  className="rounded-sm text-left underline-offset-4 hover:underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
                  onClick={() => open({ kind: "details", codeId: code.id })}
                >
                  {code.name}
                </button>
              </h3>
              {parent && <span className="text-xs text-muted-foreground">under {parent.path}</span>}
              {code.codingCount !== null && (
                <span className="rounded-full bg-muted px-2 py-0.5 text-xs text-muted-foreground">{formatCount(code.codingCount, "coding")}</span>
              )}
            </div>
            <p className="mt-1.5 max-w-3xl text-sm leading-relaxed">{code.definition || <span className="italic text-muted-foreground">No definition yet.</span>}</p>
            {(code.include || code.exclude || code.examples) && (
              <dl className="mt-3 grid gap-x-6 gap-y-3 text-sm md:grid-cols-2">
                {code.include && (
                  <div>
                    <dt className="text-xs font-medium uppercase tracking-wide text-emerald-700">Include</dt>
                    <dd className="mt-0.5 leading-relaxed text-muted-foreground">{code.include}</dd>
                  </div>
                )}
                {code.exclude && (
                  <div>
                    <dt className="text-xs font-medium uppercase tracking-wide text-rose-700">Exclude</dt>
                    <dd className="mt-0.5 leading-relaxed text-muted-foreground">{code.exclude}</dd>
                  </div>
                )}
                {code.examples && (
                  <div className="md:col-span-2">
                    <dt className="text-xs font-medium uppercase tracking-wide text-muted-foreground">Examples</dt>
                    <dd className="mt-0.5 whitespace-pre-line leading-relaxed text-muted-foreground">{code.examples}</dd>
                  </div>
                )}
              </dl>
            )}
          </div>
          {/* On narrow screens the menu carries these three, leaving room for the text. */}
          <div className="-mr-1 -mt-1 flex shrink-0 items-center">
            {can.create && (
              <Button variant="ghost" size="icon" title="Add a sub-code" className="hidden sm:inline-flex" onClick={() => open({ kind: "create", parentId: code.id })}>
                <Plus aria-hidden />
                <span className="sr-only">Add sub-code to {code.name}</span>
              </Button>
            )}
            {can.update && (
              <Button variant="ghost" size="icon" title="Edit" className="hidden sm:inline-flex" onClick={() => open({ kind: "edit", codeId: code.id })}>
                <Pencil aria-hidden />
                <span className="sr-only">Edit {code.name}</span>
              </Button>
            )}
            {can.delete && (
              <Button variant="ghost" size="icon" title="Delete" className="hidden text-muted-foreground hover:text-destructive sm:inline-flex" onClick={() => open({ kind: "delete", codeId: code.id })}>
                <Trash2 aria-hidden />
                <span className="sr-only">Delete {code.name}</span>
              </Button>
            )}
            <CodeActionsMenu code={code} />
          </div>
        </div>
      </article>
    </li>
  );
}
