"use client";
import { NotebookPen } from "lucide-react";
import { useId } from "react";
import { cn } from "@/lib/ui/cn";
import type { MemoView } from "./memo-view";
import { TargetMemos } from "./target-memos";

/**
 * The memo panel for a document, for the coding workspace to embed beside the text. The
 * page loads `memos` with getMemosByTarget + memoViewsFor (or leaves them out to have the
 * panel fetch them); `canWrite` is `can("memos.write")`.
 */
export function DocumentMemo({
  projectId,
  documentId,
  documentTitle,
  memos,
  canWrite,
  className,
}: {
  projectId: string;
  documentId: string;
  documentTitle: string;
  memos?: MemoView[];
  canWrite: boolean;
  className?: string;
}) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className={cn("grid gap-3", className)}>
      <h2 id={headingId} className="flex items-center gap-1.5 text-sm font-semibold">
        <NotebookPen aria-hidden className="size-4 text-muted-foreground" />
        Document memo
      </h2>
      <TargetMemos projectId={projectId} targetType="document" targetId={documentId} targetLabel={`“${documentTitle}”`} memos={memos} canWrite={canWrite} />
    </section>
  );
}
