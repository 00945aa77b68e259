/**
 * One upload to the import endpoint with XMLHttpRequest — fetch() cannot report upload
 * progress — and the server's answer read into one of four outcomes. Browser-only.
 */
export type DuplicateRef = { id: string; title: string };

export type UploadOutcome =
  | { kind: "imported"; id: string; title: string; warnings: string[] }
  | { kind: "skipped"; duplicateOf: DuplicateRef[] }
  | { kind: "duplicate"; message: string; duplicateOf: DuplicateRef[] }
  | { kind: "refused"; message: string };

export type UploadBody = { kind: "file"; file: File } | { kind: "text"; title: string; text: string };

export type UploadOptions = {
  projectId: string;
  body: UploadBody;
  duplicates: "refuse" | "skip" | "import";
  /** null: let the server decide (on for PDFs, off for the rest). */
  dehyphenate: boolean | null;
  onProgress: (percent: number) => void;
  /** The last byte went out; the server is now reading the file. */
  onUploaded: () => void;
};

export function importUrl(projectId: string, duplicates: UploadOptions["duplicates"], dehyphenate: boolean | null): string {
  const search = new URLSearchParams({ duplicates });
  if (dehyphenate !== null) search.set("dehyphenate", String(dehyphenate));
  return `/api/v1/projects/${encodeURIComponent(projectId)}/documents?${search}`;
}

export function uploadDocument(options: UploadOptions): { promise: Promise<UploadOutcome>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const label = options.body.kind === "file" ? `“${options.body.file.name}”` : "The pasted text";
  const promise = new Promise<UploadOutcome>((resolve) => {
    xhr.open("POST", importUrl(options.projectId, options.duplicates, options.dehyphenate));
    xhr.setRequestHeader("accept", "application/json");
    xhr.responseType = "text";
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) options.onProgress(Math.round((event.loaded / event.total) * 100));
    };
    xhr.upload.onload = () => {
      options.onProgress(100);
      options.onUploaded();
    };
    xhr.onload = () => resolve(readAnswer(xhr.status, xhr.responseText, label));
    xhr.onerror = () => resolve({ kind: "refused", message: `${label} was not uploaded: the server could not be reached. Check your connection and try again.` });
    xhr.onabort = () => resolve({ kind: "refused", message: `${label}: upload cancelled.` });
    if (options.body.kind === "file") {
      const form = new FormData();
      form.append("file", options.body.file, options.body.file.name);
      xhr.send(form);
    } else {
      xhr.setRequestHeader("content-type", "application/json");
      xhr.send(JSON.stringify({ title: options.body.title, text: options.body.text }));
    }
  });
  return { promise, abort: () => xhr.abort() };
}

function duplicateRefs(value: unknown): DuplicateRef[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.flatMap((entry): DuplicateRef[] => {
    if (typeof entry === "string") return [{ id: entry, title: "an existing document" }];
    if (entry && typeof entry === "object" && typeof (entry as DuplicateRef).id === "string") {
      const { id, title } = entry as Partial<DuplicateRef>;
      return [{ id: id!, title: typeof title === "string" && title ? title : "an existing document" }];
    }
    return [];
  });
}

/** The server's answer (status and body) as an outcome. Pure. */
export function readAnswer(status: number, responseText: string, label: string): UploadOutcome {
  let json: unknown = null;
  try {
    json = responseText ? JSON.parse(responseText) : null;
  } catch {
    // Not JSON: a proxy's error page, say. Fall through to the status-based message.
  }
  const body = (json && typeof json === "object" ? json : {}) as Record<string, unknown>;
  const error = (body.error && typeof body.error === "object" ? body.error : null) as { code?: string; message?: string; details?: Record<string, unknown> } | null;

  if (status >= 200 && status < 300) {
    if (body.skipped === true) return { kind: "skipped", duplicateOf: duplicateRefs(body.duplicateOf) };
    if (typeof body.id === "string") {
      const report = (body.report && typeof body.report === "object" ? body.report : {}) as { warnings?: unknown };
      const warnings = Array.isArray(report.warnings) ? report.warnings.filter((w): w is string => typeof w === "string") : [];
      return { kind: "imported", id: body.id, title: typeof body.title === "string" ? body.title : label, warnings };
    }
    return { kind: "refused", message: `${label}: the server answered without a document. Reload the page to see whether it was imported.` };
  }
  if (status === 409 && error) {
    const duplicateOf = duplicateRefs(error.details?.duplicateOf);
    if (duplicateOf.length > 0) return { kind: "duplicate", message: error.message ?? "", duplicateOf };
  }
  if (error?.message) return { kind: "refused", message: error.message };
  if (status === 401) return { kind: "refused", message: `${label} was not imported: your session has ended. Sign in again, then upload it again.` };
  if (status === 413) return { kind: "refused", message: `${label} was not imported: it is larger than the server accepts.` };
  return { kind: "refused", message: `${label} was not imported: the server answered ${status || "nothing"}. Try again in a moment.` };
}
