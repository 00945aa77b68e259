"use client";
import { ChevronRight, Eye, EyeOff, Plus } from "lucide-react";
import { useId, useMemo, useState } from "react";
import { Tooltip, TooltipContent, TooltipProvider, TooltipTrigger } from "@/components/ui/tooltip";
import { codeShortcuts } from "@/lib/codebook/tree";
import { cn } from "@/lib/ui/cn";
import { CodeActionsMenu, CodeColorButton } from "./code-actions";
import { CodeManagerProvider, useCodeManager } from "./code-manager";
import type { CodeItem } from "./types";

export type PanelCoder = { id: string; name: string; color?: string };
type Ids = ReadonlySet<string> | readonly string[];

export type CodeTreePanelProps = {
  projectId: string;
  /** In tree order with path and depth, as toCodeItems (./code-items) makes them. */
  codes: CodeItem[];
  /** Codings per code in the open document; leave out where there is no document. */
  countsInDocument?: Record<string, number>;
  countsInProject: Record<string, number>;
  hiddenCodeIds: Ids;
  onToggleCode: (codeId: string, hidden: boolean) => void;
  coders?: PanelCoder[];
  hiddenCoderIds?: Ids;
  onToggleCoder?: (coderId: string, hidden: boolean) => void;
  onSelectCode?: (codeId: string) => void;
  selectedCodeId?: string | null;
  /** May create, edit, recolour and move codes (`codes.create`/`codes.update`). */
  canEdit: boolean;
  /** May merge and delete codes (`codes.merge`/`codes.delete`: the owner). */
  canManage?: boolean;
  /** May write memos (`memos.write`), in the code's detail sheet. */
  canWriteMemos?: boolean;
  title?: string;
  className?: string;
};

const asSet = (ids: Ids | undefined) => (ids instanceof Set ? ids : new Set(ids ?? []));

/**
 * The codebook as a compact side panel for the coding workspace: the tree with colours,
 * number keys 1–9, counts (this document · project), the definition on hover or focus,
 * show/hide per code and per coder, and each code's actions menu. Inside a page that already
 * has a CodeManagerProvider it uses that one; otherwise it brings its own.
 */
export function CodeTreePanel(props: CodeTreePanelProps) {
  const outer = useCodeManager();
  const body = <PanelBody {...props} />;
  if (outer) return body;
  const { canEdit, canManage = false, canWriteMemos = false } = props;
  return (
    <CodeManagerProvider
      projectId={props.projectId}
      codes={props.codes}
      permissions={{ create: canEdit, update: canEdit, merge: canManage, delete: canManage, memos: canWriteMemos }}
    >
      {body}
    </CodeManagerProvider>
  );
}

function PanelBody({
  codes: given,
  countsInDocument,
  countsInProject,
  hiddenCodeIds,
  onToggleCode,
  coders,
  hiddenCoderIds,
  onToggleCoder,
  onSelectCode,
  selectedCodeId,
  title = "Codes",
  className,
}: CodeTreePanelProps) {
  const manager = useCodeManager();
  const codes = manager?.codes ?? given;
  const headingId = useId();
  const hidden = asSet(hiddenCodeIds);
  const hiddenCoders = asSet(hiddenCoderIds);
  const shortcuts = useMemo(() => codeShortcuts(codes), [codes]);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const childrenOf = useMemo(() => {
    const ids = new Set(codes.map((c) => c.id));
    const map = new Map<string | null, CodeItem[]>();
    for (const code of codes) {
      const key = code.parentId && ids.has(code.parentId) ? code.parentId : null;
      map.set(key, [...(map.get(key) ?? []), code]);
    }
    return (id: string | null) => map.get(id) ?? [];
  }, [codes]);

  const toggleCollapsed = (id: string) =>
    setCollapsed((prev) => {
      const next = new Set(prev);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  const renderRows = (parentId: string | null, level: number): React.ReactNode =>
    childrenOf(parentId).map((code) => {
      const kids = childrenOf(code.id);
      const isCollapsed = collapsed.has(code.id);
      const isHidden = hidden.has(code.id);
      const selected = selectedCodeId === code.id;
      const key = shortcuts.get(code.id);
      const inDoc = countsInDocument?.[code.id] ?? 0;
      const inProject = countsInProject[code.id] ?? 0;
      return (
        <li key={code.id}>
          <div
            className={cn("group flex h-8 items-center gap-1 rounded-md pr-0.5 hover:bg-muted/70", selected && "bg-accent hover:bg-accent")}
            style={{ paddingLeft: `${level * 0.875}rem` }}
          >
            {kids.length > 0 ? (
              <button
                type="button"
                aria-expanded={!isCollapsed}
                onClick={() => toggleCollapsed(code.id)}
                className="inline-flex size-5 shrink-0 items-center justify-center rounded text-muted-foreground hover:text-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
              >
                <ChevronRight aria-hidden className={cn("size-3.5 transition-transform", !isCollapsed && "rotate-90")} />
                <span className="sr-only">
                  {isCollapsed ? "Expand" : "Collapse"} {code.name}
                </span>
              </button>
            ) : (
              <span aria-hidden className="w-5 shrink-0" />
            )}
            <CodeColorButton code={code} size="sm" />
            <Tooltip>
              <TooltipTrigger asChild>
                <button
                  type="button"
                  aria-current={selected ? "true" : undefined}
                  // One name that starts with the visible one: "pressure, key 1, 3 in this document, 12 in the project".
                  aria-label={[
                    code.name,
                    key !== undefined ? `key ${key}` : null,
                    countsInDocument ? `${inDoc} in this document` : null,
                    `${inProject} in the project`,
                    isHidden ? "hidden" : null,
                  ]
                    .filter(Boolean)
                    .join(", ")}
                  onClick={() => onSelectCode?.(code.id)}
                  onDoubleClick={() => manager?.open({ kind: "details", codeId: code.id })}
                  // Drop a code on a text selection in the document view to code it.
                  draggable
                  onDragStart={(event) => {
                    event.dataTransfer.setData("application/x-qualcode-code", code.id);
                    event.dataTransfer.effectAllowed = "copy";
                  }}
                  className="flex h-7 min-w-0 flex-1 items-center gap-1.5 rounded px-1 text-left text-sm focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
                >
                  <span className={cn("truncate", selected && "font-medium", isHidden && "text-muted-foreground line-through decoration-muted-foreground/60")}>{code.name}</span>
                  {key !== undefined && (
                    <kbd aria-hidden className="rounded border bg-card px-1 font-mono text-[10px] leading-4 text-muted-foreground">
                      {key}
                    </kbd>
                  )}
                  <span aria-hidden className="ml-auto shrink-0 pl-1 text-xs tabular-nums text-muted-foreground">
                    {countsInDocument ? `${inDoc} · ${inProject}` : inProject}
                  </span>
                </button>
              </TooltipTrigger>
              <TooltipContent side="right" align="start" className="grid gap-1">
                <p className="font-semibold">{code.path}</p>
                <p>{code.definition || <span className="italic text-muted-foreground">No definition yet.</span>}</p>
                {code.include && <p className="line-clamp-3 text-muted-foreground">Include: {code.include}</p>}
                {code.exclude && <p className="line-clamp-3 text-muted-foreground">Exclude: {code.exclude}</p>}
              </TooltipContent>
            </Tooltip>
            <button
              type="button"
              title={isHidden ? "Show" : "Hide"}
              onClick={() => onToggleCode(code.id, !isHidden)}
              className={cn(
                "inline-flex size-6 shrink-0 items-center justify-center rounded text-muted-foreground hover:bg-accent hover:text-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring",
                !isHidden && "opacity-0 group-hover:opacity-100 focus-visible:opacity-100",
              )}
            >
              {isHidden ? <EyeOff aria-hidden className="size-3.5" /> : <Eye aria-hidden className="size-3.5" />}
              <span className="sr-only">
                {isHidden ? "Show" : "Hide"} {code.name}
              </span>
            </button>
            {manager && <CodeActionsMenu code={code} size="sm" className="size-6 opacity-70 group-hover:opacity-100" />}
          </div>
          {kids.length > 0 && !isCollapsed && <ul>{renderRows(code.id, level + 1)}</ul>}
        </li>
      );
    });

  return (
    <TooltipProvider delayDuration={350}>
      <section aria-labelledby={headingId} className={cn("grid min-w-0 grid-cols-[minmax(0,1fr)] content-start gap-2 text-sm", className)}>
        <div className="flex items-center justify-between gap-2">
          <h2 id={headingId} className="text-sm font-semibold">
            {title}
          </h2>
          {manager?.permissions.create && (
            <button
              type="button"
              title="Add a code"
              onClick={() => manager.open({ kind: "create", parentId: null })}
              className="inline-flex size-7 items-center justify-center rounded text-muted-foreground hover:bg-accent hover:text-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
            >
              <Plus aria-hidden className="size-4" />
              <span className="sr-only">Add a code</span>
            </button>
          )}
        </div>
        <div className="flex items-center justify-between gap-2 text-xs text-muted-foreground">
          <span>{countsInDocument ? "Codings: this document · project" : "Codings in the project"}</span>
          {hidden.size > 0 && (
            <button type="button" className="font-medium text-foreground underline underline-offset-2" onClick={() => [...hidden].forEach((id) => onToggleCode(id, false))}>
              Show all
            </button>
          )}
        </div>
        {codes.length === 0 ? (
          <p className="py-2 text-muted-foreground">No codes yet.</p>
        ) : (
          <ul aria-label="Code tree" className="-mx-1">
            {renderRows(null, 0)}
          </ul>
        )}
        {coders && coders.length > 0 && (
          <div role="group" aria-labelledby={`${headingId}-coders`} className="mt-2 grid gap-0.5 border-t pt-3">
            <p id={`${headingId}-coders`} className="mb-1 text-xs font-semibold text-muted-foreground">
              Show codings by
            </p>
            {coders.map((coder) => (
              <label key={coder.id} className="flex h-7 cursor-pointer items-center gap-2 rounded px-1 hover:bg-muted/70">
                <input
                  type="checkbox"
                  className="size-3.5 accent-primary"
                  checked={!hiddenCoders.has(coder.id)}
                  onChange={(e) => onToggleCoder?.(coder.id, !e.target.checked)}
                />
                {coder.color && <span aria-hidden className="size-2.5 rounded-full" style={{ backgroundColor: coder.color }} />}
                <span className="truncate">{coder.name}</span>
              </label>
            ))}
          </div>
        )}
      </section>
    </TooltipProvider>
  );
}
