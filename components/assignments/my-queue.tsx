"use client";
import { Check, Inbox } from "lucide-react";
import Link from "next/link";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { setAssignmentDoneAction } from "@/app/(app)/projects/[projectId]/assignments/actions";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Notice } from "@/components/ui/notice";
import { formatCount } from "@/lib/ui/format";
import type { AssignmentItem } from "./types";

/** The signed-in coder's assigned documents: open one, see whether it is started, mark it done. */
export function MyQueue({ projectId, items, canComplete }: { projectId: string; items: AssignmentItem[]; canComplete: boolean }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const [busy, setBusy] = useState<string | null>(null);

  if (items.length === 0) {
    return (
      <EmptyState icon={Inbox} title="Nothing assigned to you yet">
        When the project&apos;s owner assigns documents to you, or draws a sample that includes you, they appear here. Until then you can
        code any document from the{" "}
        <Link className="underline underline-offset-4" href={`/projects/${projectId}/documents`}>
          Documents
        </Link>{" "}
        tab.
      </EmptyState>
    );
  }

  function toggle(item: AssignmentItem) {
    setError(null);
    setBusy(item.documentId);
    startTransition(async () => {
      const done = item.doneAt === null;
      const result = await setAssignmentDoneAction({ projectId, documentId: item.documentId, done }).catch(() => null);
      setBusy(null);
      if (!result) return setError("Could not reach the server. Check your connection and try again.");
      if (!result.ok) return setError(result.error.message);
      toast.success(done ? `“${item.title}” is marked done.` : `“${item.title}” is back in your queue.`);
    });
  }

  const done = items.filter((i) => i.doneAt !== null).length;
  return (
    <div className="grid gap-3">
      <p className="text-sm text-muted-foreground">
        {formatCount(items.length, "document")} · {done} done
      </p>
      {error && <Notice tone="error">{error}</Notice>}
      <div className="overflow-x-auto rounded-xl border bg-card shadow-sm">
        <table className="w-full text-sm">
          <caption className="sr-only">My queue</caption>
          <thead className="border-b bg-muted/50 text-left text-xs uppercase tracking-wide text-muted-foreground">
            <tr>
              <th scope="col" className="px-4 py-2.5 font-medium">
                Document
              </th>
              <th scope="col" className="hidden px-4 py-2.5 font-medium md:table-cell">
                Sample
              </th>
              <th scope="col" className="px-4 py-2.5 font-medium">
                Your codings
              </th>
              <th scope="col" className="px-4 py-2.5 text-right font-medium">
                Status
              </th>
            </tr>
          </thead>
          <tbody className="divide-y">
            {items.map((item) => {
              const isDone = item.doneAt !== null;
              return (
                <tr key={item.documentId}>
                  <th scope="row" className="px-4 py-3 text-left font-medium">
                    <Link className="hover:underline underline-offset-4" href={`/projects/${projectId}/documents/${item.documentId}`}>
                      {item.title}
                    </Link>
                  </th>
                  <td className="hidden px-4 py-3 text-muted-foreground md:table-cell">{item.sample ?? "—"}</td>
                  <td className="px-4 py-3">
                    {item.codingCount > 0 ? (
                      <Badge className="border-transparent bg-sky-50 text-sky-800">{formatCount(item.codingCount, "coding")}</Badge>
                    ) : (
                      <span className="text-muted-foreground">Not started</span>
                    )}
                  </td>
                  <td className="px-4 py-3 text-right">
                    {canComplete ? (
                      <Button
                        size="sm"
                        variant={isDone ? "secondary" : "outline"}
                        aria-pressed={isDone}
                        disabled={pending && busy === item.documentId}
                        aria-label={`${isDone ? "Done" : "Mark done"}: ${item.title}`}
                        title={isDone ? "Click to mark it not done" : undefined}
                        onClick={() => toggle(item)}
                      >
                        {isDone && <Check aria-hidden />}
                        {isDone ? "Done" : "Mark done"}
                      </Button>
                    ) : (
                      <span className="text-muted-foreground">{isDone ? "Done" : "Open"}</span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
