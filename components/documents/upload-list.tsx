"use client";
import { CircleAlert, CircleCheck, Copy, FileText, SkipForward } from "lucide-react";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Progress } from "@/components/ui/progress";
import { cn } from "@/lib/ui/cn";
import type { DuplicateRef } from "./upload-request";
import { formatSize, type UploadItem } from "./use-upload-queue";

function documentHref(projectId: string, documentId: string) {
  return `/projects/${projectId}/documents/${documentId}`;
}

function DuplicateLinks({ projectId, refs }: { projectId: string; refs: DuplicateRef[] }) {
  return (
    <>
      {refs.map((ref, i) => (
        <span key={ref.id}>
          {i > 0 && ", "}
          <Link href={documentHref(projectId, ref.id)} className="font-medium underline underline-offset-2">
            {ref.title}
          </Link>
        </span>
      ))}
    </>
  );
}

export function UploadList({
  projectId,
  items,
  onImportAnyway,
  onSkip,
  onClearFinished,
}: {
  projectId: string;
  items: UploadItem[];
  onImportAnyway: (key: string) => void;
  onSkip: (key: string) => void;
  onClearFinished: () => void;
}) {
  if (items.length === 0) return null;
  const done = items.filter((i) => i.status === "imported" || i.status === "refused" || i.status === "skipped").length;
  const imported = items.filter((i) => i.status === "imported").length;
  return (
    <div className="mt-4">
      <div className="flex items-center justify-between gap-3 text-sm">
        <p aria-live="polite" className="text-muted-foreground">
          {done} of {items.length} done · {imported} imported
        </p>
        {done > 0 && (
          <Button type="button" variant="ghost" size="sm" onClick={onClearFinished}>
            Clear finished
          </Button>
        )}
      </div>
      <ul aria-label="Uploads" className="mt-2 divide-y rounded-lg border">
        {items.map((item) => (
          <li key={item.key} aria-label={item.name} className="grid gap-1.5 px-3 py-2.5 text-sm">
            <div className="flex items-center gap-2">
              <StatusIcon status={item.status} />
              <span className="min-w-0 flex-1 truncate font-medium" title={item.name}>
                {item.name}
              </span>
              {item.size !== null && <span className="shrink-0 text-xs tabular-nums text-muted-foreground">{formatSize(item.size)}</span>}
              <StatusLabel item={item} />
            </div>
            {(item.status === "queued" || item.status === "uploading" || item.status === "processing") && (
              <Progress
                label={`${item.name}: ${item.status === "processing" ? "processing" : item.status === "queued" ? "waiting" : "uploading"}`}
                value={item.status === "processing" ? null : item.progress}
                tone={item.status === "queued" ? "muted" : "default"}
              />
            )}
            {item.status === "imported" && item.documentId && (
              <p className="pl-6 text-muted-foreground">
                Imported as{" "}
                <Link href={documentHref(projectId, item.documentId)} className="font-medium text-foreground underline underline-offset-2">
                  {item.title}
                </Link>
                {item.warnings && item.warnings.length > 0 && (
                  <span className="block text-xs text-amber-800">
                    {item.warnings.length === 1 ? item.warnings[0] : `${item.warnings.length} things to check: see the document's import report.`}
                  </span>
                )}
              </p>
            )}
            {item.status === "refused" && <p className="pl-6 text-destructive">{item.message}</p>}
            {item.status === "duplicate" && item.duplicateOf && (
              <div className="flex flex-wrap items-center gap-x-3 gap-y-1.5 pl-6">
                <p className="text-muted-foreground">
                  Duplicate of <DuplicateLinks projectId={projectId} refs={item.duplicateOf} />: this exact file is already in the project.
                </p>
                <div className="flex gap-2">
                  <Button type="button" size="sm" variant="outline" onClick={() => onImportAnyway(item.key)}>
                    Import anyway
                  </Button>
                  <Button type="button" size="sm" variant="ghost" onClick={() => onSkip(item.key)}>
                    Skip
                  </Button>
                </div>
              </div>
            )}
            {item.status === "skipped" && (
              <p className="pl-6 text-muted-foreground">
                Not imported
                {item.duplicateOf && item.duplicateOf.length > 0 && (
                  <>
                    : already in the project as <DuplicateLinks projectId={projectId} refs={item.duplicateOf} />
                  </>
                )}
                .
              </p>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

function StatusIcon({ status }: { status: UploadItem["status"] }) {
  const common = "size-4 shrink-0";
  if (status === "imported") return <CircleCheck aria-hidden className={cn(common, "text-emerald-600")} />;
  if (status === "refused") return <CircleAlert aria-hidden className={cn(common, "text-destructive")} />;
  if (status === "duplicate") return <Copy aria-hidden className={cn(common, "text-amber-600")} />;
  if (status === "skipped") return <SkipForward aria-hidden className={cn(common, "text-muted-foreground")} />;
  return <FileText aria-hidden className={cn(common, "text-muted-foreground")} />;
}

function StatusLabel({ item }: { item: UploadItem }) {
  const text = {
    queued: "Waiting",
    uploading: `Uploading ${item.progress}%`,
    processing: "Processing…",
    imported: "Imported",
    refused: "Refused",
    duplicate: "Duplicate",
    skipped: "Skipped",
  }[item.status];
  const tone = {
    queued: "text-muted-foreground",
    uploading: "text-muted-foreground",
    processing: "text-muted-foreground",
    imported: "text-emerald-700",
    refused: "text-destructive",
    duplicate: "text-amber-700",
    skipped: "text-muted-foreground",
  }[item.status];
  return <span className={cn("shrink-0 text-xs font-medium tabular-nums", tone)}>{text}</span>;
}
