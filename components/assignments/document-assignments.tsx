"use client";
import { Check, Circle, CircleDot, X } from "lucide-react";
import Link from "next/link";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { unassignAction } from "@/app/(app)/projects/[projectId]/assignments/actions";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Notice } from "@/components/ui/notice";
import { formatCount } from "@/lib/ui/format";
import type { AssignmentItem } from "./types";

function Status({ item }: { item: AssignmentItem }) {
  if (item.doneAt) return <Check aria-label="done" className="size-3.5 text-emerald-700" />;
  if (item.codingCount > 0) return <CircleDot aria-label="started" className="size-3.5 text-sky-700" />;
  return <Circle aria-label="not started" className="size-3.5 text-muted-foreground" />;
}

/** For the owner: each assigned document with its coders (status, and a way to unassign). */
export function DocumentAssignments({ projectId, items }: { projectId: string; items: AssignmentItem[] }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const byDocument = new Map<string, AssignmentItem[]>();
  for (const item of items) byDocument.set(item.documentId, [...(byDocument.get(item.documentId) ?? []), item]);

  function unassign(item: AssignmentItem) {
    setError(null);
    startTransition(async () => {
      const result = await unassignAction({ projectId, pairs: [{ documentId: item.documentId, userId: item.userId }] }).catch(() => null);
      if (!result) return setError("Could not reach the server. Check your connection and try again.");
      if (!result.ok) return setError(result.error.message);
      toast.success(`${item.userName} no longer codes “${item.title}”.`);
    });
  }

  return (
    <div className="grid gap-3">
      {error && <Notice tone="error">{error}</Notice>}
      <div className="overflow-x-auto rounded-xl border bg-card shadow-sm">
        <table className="w-full text-sm">
          <caption className="sr-only">Assigned documents</caption>
          <thead className="border-b bg-muted/50 text-left text-xs uppercase tracking-wide text-muted-foreground">
            <tr>
              <th scope="col" className="px-4 py-2.5 font-medium">
                Document
              </th>
              <th scope="col" className="px-4 py-2.5 font-medium">
                Coders
              </th>
            </tr>
          </thead>
          <tbody className="divide-y">
            {[...byDocument].map(([documentId, list]) => (
              <tr key={documentId}>
                <th scope="row" className="px-4 py-3 text-left align-top font-medium">
                  <Link className="hover:underline underline-offset-4" href={`/projects/${projectId}/documents/${documentId}`}>
                    {list[0]!.title}
                  </Link>
                </th>
                <td className="px-4 py-2.5">
                  <ul className="flex flex-wrap gap-1.5" aria-label={`Coders of ${list[0]!.title}`}>
                    {list.map((item) => (
                      <li key={item.userId} className="inline-flex items-center gap-1.5 rounded-md border bg-background py-0.5 pl-2 pr-0.5 text-xs">
                        <Status item={item} />
                        <span title={item.sample ?? "Assigned by hand"}>{item.userName}</span>
                        <button
                          type="button"
                          disabled={pending}
                          onClick={() => unassign(item)}
                          className="rounded p-0.5 text-muted-foreground hover:bg-accent hover:text-destructive focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring disabled:opacity-50"
                        >
                          <X aria-hidden className="size-3.5" />
                          <span className="sr-only">
                            Unassign {item.userName} from {item.title}
                          </span>
                        </button>
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** The samples drawn so far (by label), each removable as a whole. */
export function SampleList({ projectId, samples }: { projectId: string; samples: { label: string; assignments: number; documents: number }[] }) {
  const [removing, setRemoving] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  if (samples.length === 0) return null;

  function remove(label: string) {
    setError(null);
    startTransition(async () => {
      const result = await unassignAction({ projectId, sample: label }).catch(() => null);
      if (!result) return setError("Could not reach the server. Check your connection and try again.");
      if (!result.ok) return setError(result.error.message);
      toast.success(`Removed ${formatCount(result.data.removed, "assignment")} of “${label}”.`);
      setRemoving(null);
    });
  }

  return (
    <>
      <ul className="grid gap-2" aria-label="Samples">
        {samples.map((s) => (
          <li key={s.label} className="flex flex-wrap items-center justify-between gap-2 rounded-lg border bg-card px-4 py-2.5 text-sm">
            <span>
              <span className="font-medium">{s.label}</span>
              <span className="text-muted-foreground">
                {" "}
                · {formatCount(s.documents, "document")}, {formatCount(s.assignments, "assignment")}
              </span>
            </span>
            <Button variant="ghost" size="sm" className="text-muted-foreground hover:text-destructive" onClick={() => setRemoving(s.label)}>
              Remove<span className="sr-only"> {s.label}</span>
            </Button>
          </li>
        ))}
      </ul>
      <Dialog open={removing !== null} onOpenChange={(open) => !open && setRemoving(null)}>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>Remove this sample?</DialogTitle>
            <DialogDescription>
              Every assignment labelled “{removing}” is removed, done or not. Codings already made stay. Drawing it again with the same
              seed, on the same documents, brings the same assignments back.
            </DialogDescription>
          </DialogHeader>
          {error && <Notice tone="error">{error}</Notice>}
          <DialogFooter>
            <Button variant="outline" onClick={() => setRemoving(null)}>
              Cancel
            </Button>
            <Button variant="destructive" disabled={pending} onClick={() => removing && remove(removing)}>
              {pending ? "Removing…" : "Remove sample"}
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </>
  );
}
