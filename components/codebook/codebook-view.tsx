"use client";
import { BookOpen, Plus } from "lucide-react";
import { useEffect, useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { formatCount } from "@/lib/ui/format";
import { CodeCard, DraggableCodeCard } from "./code-card";
import { CodeManagerProvider, useCodeManager } from "./code-manager";
import { CodeTreeDnd, RootDropStrip } from "./code-tree-dnd";
import { CodeTreePanel, type PanelCoder } from "./code-tree-panel";
import type { CodebookPermissions, CodeItem } from "./types";

/** Codings per code and coder, for counts that follow the coder filter. */
export type CoderCounts = { codeId: string; coderId: string; n: number }[];

export function CodebookView({
  projectId,
  codes,
  permissions,
  countsHidden,
  coders,
  coderCounts,
}: {
  projectId: string;
  codes: CodeItem[];
  permissions: CodebookPermissions;
  countsHidden: boolean;
  coders?: PanelCoder[];
  coderCounts?: CoderCounts;
}) {
  return (
    <CodeManagerProvider projectId={projectId} codes={codes} permissions={permissions} countsHidden={countsHidden}>
      <Codebook countsHidden={countsHidden} coders={coders} coderCounts={coderCounts} />
    </CodeManagerProvider>
  );
}

function Codebook({ countsHidden, coders, coderCounts }: { countsHidden: boolean; coders?: PanelCoder[]; coderCounts?: CoderCounts }) {
  const manager = useCodeManager()!;
  const { codes, permissions: can, open, projectId } = manager;
  const [hiddenCodes, setHiddenCodes] = useState<ReadonlySet<string>>(new Set());
  const [hiddenCoders, setHiddenCoders] = useState<ReadonlySet<string>>(new Set());
  const [selected, setSelected] = useState<string | null>(null);

  // Counts in the panel follow the coder filter; without per-coder counts, the page's own.
  const countsInProject = useMemo(() => {
    const counts: Record<string, number> = {};
    if (coderCounts) {
      for (const { codeId, coderId, n } of coderCounts) if (!hiddenCoders.has(coderId)) counts[codeId] = (counts[codeId] ?? 0) + n;
    } else {
      for (const c of codes) counts[c.id] = c.codingCount ?? 0;
    }
    return counts;
  }, [coderCounts, hiddenCoders, codes]);

  // The memos page links to a code as /projects/<id>#code-<codeId>: open its details.
  useEffect(() => {
    const match = /^#code-([0-9a-f-]{36})$/i.exec(window.location.hash);
    if (match && codes.some((c) => c.id === match[1])) open({ kind: "details", codeId: match[1]! });
    // Only on arrival, not whenever the codes change.
  }, []);

  const toggle = (set: (f: (prev: ReadonlySet<string>) => ReadonlySet<string>) => void) => (id: string, hide: boolean) =>
    set((prev) => {
      const next = new Set(prev);
      if (hide) next.add(id);
      else next.delete(id);
      return next;
    });

  const select = (codeId: string) => {
    setSelected(codeId);
    document.getElementById(`code-${codeId}`)?.closest("li")?.scrollIntoView({ behavior: "smooth", block: "center" });
  };

  const newCodeButton = can.create && (
    <Button onClick={() => open({ kind: "create", parentId: null })}>
      <Plus aria-hidden />
      New code
    </Button>
  );
  const shown = codes.filter((c) => !hiddenCodes.has(c.id));
  const list = (
    <ul className="grid gap-3" aria-label="Codes">
      {shown.map((code) =>
        can.update ? <DraggableCodeCard key={code.id} code={code} selected={selected === code.id} /> : <CodeCard key={code.id} code={code} selected={selected === code.id} />,
      )}
    </ul>
  );

  return (
    <section aria-labelledby="codebook-title">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h2 id="codebook-title" className="text-lg font-semibold tracking-tight">
            Codebook
          </h2>
          <p className="mt-0.5 text-sm text-muted-foreground">
            {formatCount(codes.length, "code")}
            {countsHidden ? " · coding counts show only your own codings until the owner reveals" : ""}
            {!can.create && !can.update ? " · you can read the codebook; your role cannot change it" : ""}
            {can.update && codes.length > 1 ? " · drag a code by its handle to move or nest it" : ""}
          </p>
        </div>
        {codes.length > 0 && newCodeButton}
      </div>

      {codes.length === 0 ? (
        <EmptyState icon={BookOpen} title="No codes yet" className="mt-6" action={newCodeButton || undefined}>
          {can.create
            ? "Add a code with a definition and include/exclude rules, so every coder applies it the same way."
            : "The project's owner has not added any codes yet."}
        </EmptyState>
      ) : (
        <div className="mt-5 grid items-start gap-6 lg:grid-cols-[18.5rem_minmax(0,1fr)]">
          <aside aria-label="Code tree and filters" className="hidden rounded-lg border bg-card p-3 shadow-xs lg:sticky lg:top-4 lg:block">
            <CodeTreePanel
              projectId={projectId}
              codes={codes}
              countsInProject={countsInProject}
              hiddenCodeIds={hiddenCodes}
              onToggleCode={toggle(setHiddenCodes)}
              coders={coders}
              hiddenCoderIds={hiddenCoders}
              onToggleCoder={toggle(setHiddenCoders)}
              onSelectCode={select}
              selectedCodeId={selected}
              canEdit={can.update}
            />
          </aside>
          <div className="min-w-0">
            {hiddenCodes.size > 0 && <p className="mb-3 text-sm text-muted-foreground">{formatCount(hiddenCodes.size, "code")} hidden in the list.</p>}
            {can.update ? (
              <CodeTreeDnd>
                {list}
                <RootDropStrip />
              </CodeTreeDnd>
            ) : (
              list
            )}
          </div>
        </div>
      )}
    </section>
  );
}
