"use client";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { uploadDocument, type DuplicateRef, type UploadBody } from "./upload-request";

export type UploadStatus = "queued" | "uploading" | "processing" | "imported" | "refused" | "duplicate" | "skipped";

export type UploadItem = {
  key: string;
  /** File name, or the pasted text's title. */
  name: string;
  size: number | null;
  status: UploadStatus;
  progress: number;
  documentId?: string;
  title?: string;
  message?: string;
  warnings?: string[];
  duplicateOf?: DuplicateRef[];
};

type Job = { key: string; body: UploadBody; dehyphenate: boolean | null; duplicates: "refuse" | "import" };

/** Two uploads at a time: enough to overlap network and parsing, little enough for a 2-core server. */
const CONCURRENCY = 2;

let counter = 0;
const nextKey = () => `u${Date.now().toString(36)}-${++counter}`;

/**
 * The upload queue: every file gets its own row and its own request, so one bad file never
 * stops the others. The list refreshes once the queue runs dry and something was imported.
 */
export function useUploadQueue(projectId: string, maxBytes: number) {
  const router = useRouter();
  const [items, setItems] = useState<UploadItem[]>([]);
  const queue = useRef<Job[]>([]);
  const bodies = useRef(new Map<string, { body: UploadBody; dehyphenate: boolean | null }>());
  const active = useRef(0);
  const importedSinceRefresh = useRef(false);

  const patch = useCallback((key: string, change: Partial<UploadItem>) => {
    setItems((list) => list.map((item) => (item.key === key ? { ...item, ...change } : item)));
  }, []);

  const pump = useCallback(() => {
    while (active.current < CONCURRENCY && queue.current.length > 0) {
      const job = queue.current.shift()!;
      active.current += 1;
      patch(job.key, { status: "uploading", progress: 0, message: undefined });
      const { promise } = uploadDocument({
        projectId,
        body: job.body,
        duplicates: job.duplicates,
        dehyphenate: job.dehyphenate,
        onProgress: (progress) => patch(job.key, { progress }),
        onUploaded: () => patch(job.key, { status: "processing", progress: 100 }),
      });
      void promise.then((outcome) => {
        if (outcome.kind === "imported") {
          importedSinceRefresh.current = true;
          bodies.current.delete(job.key);
          patch(job.key, { status: "imported", documentId: outcome.id, title: outcome.title, warnings: outcome.warnings });
        } else if (outcome.kind === "skipped") {
          patch(job.key, { status: "skipped", duplicateOf: outcome.duplicateOf });
        } else if (outcome.kind === "duplicate") {
          patch(job.key, { status: "duplicate", duplicateOf: outcome.duplicateOf, message: outcome.message });
        } else {
          patch(job.key, { status: "refused", message: outcome.message });
        }
        active.current -= 1;
        pump();
        if (active.current === 0 && queue.current.length === 0 && importedSinceRefresh.current) {
          importedSinceRefresh.current = false;
          router.refresh();
        }
      });
    }
  }, [patch, projectId, router]);

  const add = useCallback(
    (bodiesToAdd: UploadBody[], dehyphenate: boolean | null) => {
      const added: UploadItem[] = [];
      for (const body of bodiesToAdd) {
        const key = nextKey();
        const name = body.kind === "file" ? body.file.name : body.title || "Pasted text";
        const size = body.kind === "file" ? body.file.size : new Blob([body.text]).size;
        if (body.kind === "file" && body.file.size > maxBytes) {
          // Refused here: no point sending megabytes the server will not read.
          added.push({ key, name, size, status: "refused", progress: 0, message: `“${name}” is ${formatSize(size)}, over the per-file limit of ${formatSize(maxBytes)}. Split it into smaller files.` });
          continue;
        }
        bodies.current.set(key, { body, dehyphenate });
        queue.current.push({ key, body, dehyphenate, duplicates: "refuse" });
        added.push({ key, name, size, status: "queued", progress: 0 });
      }
      setItems((list) => [...list, ...added]);
      pump();
    },
    [maxBytes, pump],
  );

  /** Refused items (folders, say) that never reach the server. */
  const addRefused = useCallback((name: string, message: string) => {
    setItems((list) => [...list, { key: nextKey(), name, size: null, status: "refused", progress: 0, message }]);
  }, []);

  const importAnyway = useCallback(
    (key: string) => {
      const saved = bodies.current.get(key);
      if (!saved) return;
      queue.current.push({ key, body: saved.body, dehyphenate: saved.dehyphenate, duplicates: "import" });
      patch(key, { status: "queued", progress: 0, message: undefined });
      pump();
    },
    [patch, pump],
  );

  const skip = useCallback(
    (key: string) => {
      bodies.current.delete(key);
      patch(key, { status: "skipped" });
    },
    [patch],
  );

  const clearFinished = useCallback(() => {
    setItems((list) => list.filter((item) => item.status === "queued" || item.status === "uploading" || item.status === "processing" || item.status === "duplicate"));
  }, []);

  const busy = items.some((item) => item.status === "queued" || item.status === "uploading" || item.status === "processing");

  // Leaving mid-upload would lose the files still in the queue: ask first.
  useEffect(() => {
    if (!busy) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [busy]);

  return { items, add, addRefused, importAnyway, skip, clearFinished, busy };
}

export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, "")} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}
