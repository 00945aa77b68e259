"use client";
import { BookOpen, Pencil, Plus, Trash2 } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { formatCount } from "@/lib/ui/format";
import { CodeFormDialog } from "./code-form-dialog";
import { DeleteCodeDialog } from "./delete-code-dialog";
import type { CodebookPermissions, CodeItem } from "./types";

export function CodebookView({
  projectId,
  codes,
  permissions,
  countsHidden,
}: {
  projectId: string;
  codes: CodeItem[];
  permissions: CodebookPermissions;
  countsHidden: boolean;
}) {
  const [creating, setCreating] = useState<{ parentId: string | null } | null>(null);
  const [editing, setEditing] = useState<CodeItem | null>(null);
  const [deleting, setDeleting] = useState<CodeItem | null>(null);
  const byId = new Map(codes.map((c) => [c.id, c]));

  const newCodeButton = permissions.create && (
    <Button onClick={() => setCreating({ parentId: null })}>
      <Plus aria-hidden />
      New code
    </Button>
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
            {!permissions.create && !permissions.update ? " · you can read the codebook; your role cannot change it" : ""}
          </p>
        </div>
        {codes.length > 0 && newCodeButton}
      </div>

      {codes.length === 0 ? (
        <EmptyState icon={BookOpen} title="No codes yet" className="mt-6" action={newCodeButton || undefined}>
          {permissions.create
            ? "Add a code with a definition and include/exclude rules, so every coder applies it the same way."
            : "The project's owner has not added any codes yet."}
        </EmptyState>
      ) : (
        <ul className="mt-5 grid gap-3" aria-label="Codes">
          {codes.map((code) => {
            const parent = code.parentId ? byId.get(code.parentId) : undefined;
            return (
              <li key={code.id} style={{ marginLeft: `${Math.min(code.depth, 6) * 1.75}rem` }}>
                <article
                  aria-labelledby={`code-${code.id}`}
                  className="rounded-lg border border-l-4 bg-card p-4 shadow-xs"
                  style={{ borderLeftColor: code.color }}
                >
                  <div className="flex items-start gap-3">
                    <div className="min-w-0 flex-1">
                      <div className="flex flex-wrap items-center gap-x-2.5 gap-y-1">
                        <span aria-hidden className="size-3 shrink-0 rounded-full" style={{ backgroundColor: code.color }} />
                        <h3 id={`code-${code.id}`} className="font-semibold">
                          {code.name}
                        </h3>
                        {parent && <span className="text-xs text-muted-foreground">under {parent.path}</span>}
                        {code.codingCount !== null && (
                          <span className="rounded-full bg-muted px-2 py-0.5 text-xs text-muted-foreground">
                            {formatCount(code.codingCount, "coding")}
                          </span>
                        )}
                      </div>
                      <p className="mt-1.5 max-w-3xl text-sm leading-relaxed">
                        {code.definition || <span className="italic text-muted-foreground">No definition yet.</span>}
                      </p>
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
                    {(permissions.create || permissions.update || permissions.delete) && (
                      <div className="-mr-1 -mt-1 flex shrink-0 items-center">
                        {permissions.create && (
                          <Button variant="ghost" size="icon" title="Add a sub-code" onClick={() => setCreating({ parentId: code.id })}>
                            <Plus aria-hidden />
                            <span className="sr-only">Add sub-code to {code.name}</span>
                          </Button>
                        )}
                        {permissions.update && (
                          <Button variant="ghost" size="icon" title="Edit" onClick={() => setEditing(code)}>
                            <Pencil aria-hidden />
                            <span className="sr-only">Edit {code.name}</span>
                          </Button>
                        )}
                        {permissions.delete && (
                          <Button
                            variant="ghost"
                            size="icon"
                            title="Delete"
                            className="text-muted-foreground hover:text-destructive"
                            onClick={() => setDeleting(code)}
                          >
                            <Trash2 aria-hidden />
                            <span className="sr-only">Delete {code.name}</span>
                          </Button>
                        )}
                      </div>
                    )}
                  </div>
                </article>
              </li>
            );
          })}
        </ul>
      )}

      {permissions.create && (
        <CodeFormDialog
          projectId={projectId}
          codes={codes}
          defaultParentId={creating?.parentId}
          open={creating !== null}
          onOpenChange={(open) => !open && setCreating(null)}
        />
      )}
      {permissions.update && (
        <CodeFormDialog projectId={projectId} codes={codes} editing={editing} open={editing !== null} onOpenChange={(open) => !open && setEditing(null)} />
      )}
      {permissions.delete && <DeleteCodeDialog projectId={projectId} code={deleting} codes={codes} onOpenChange={(open) => !open && setDeleting(null)} />}
    </section>
  );
}
