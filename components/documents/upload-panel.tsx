"use client";
import { ClipboardPaste, Upload } from "lucide-react";
import { useEffect, useId, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/ui/cn";
import { PasteTextDialog } from "./paste-text-dialog";
import { UploadList } from "./upload-list";
import { formatSize, useUploadQueue } from "./use-upload-queue";

const ACCEPT = ".pdf,.docx,.html,.htm,.md,.markdown,.txt,.text,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,text/html,text/markdown,text/plain";

/**
 * Where documents come in: drop several files at once, choose them, or paste text. Each file
 * becomes a row that shows its own progress and ends imported, refused (with the server's
 * reason) or as a duplicate to import anyway or skip.
 */
export function UploadPanel({ projectId, maxBytes, compact = false }: { projectId: string; maxBytes: number; /** A smaller drop zone once the project has documents. */ compact?: boolean }) {
  const { items, add, addRefused, importAnyway, skip, clearFinished } = useUploadQueue(projectId, maxBytes);
  const [dragging, setDragging] = useState(false);
  const [pasteOpen, setPasteOpen] = useState(false);
  // null = automatic (the server joins hyphenated words in PDFs only).
  const [dehyphenate, setDehyphenate] = useState<boolean | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const checkboxRef = useRef<HTMLInputElement>(null);
  const depth = useRef(0);
  const id = useId();

  useEffect(() => {
    if (checkboxRef.current) checkboxRef.current.indeterminate = dehyphenate === null;
  }, [dehyphenate]);

  function addFiles(files: Iterable<File>) {
    const list = Array.from(files);
    if (list.length > 0) add(list.map((file) => ({ kind: "file" as const, file })), dehyphenate);
  }

  function onDrop(event: React.DragEvent) {
    event.preventDefault();
    depth.current = 0;
    setDragging(false);
    const files: File[] = [];
    const entries = Array.from(event.dataTransfer.items ?? []);
    if (entries.length > 0) {
      for (const item of entries) {
        if (item.kind !== "file") continue;
        const entry = item.webkitGetAsEntry?.();
        const file = item.getAsFile();
        if (entry?.isDirectory) addRefused(entry.name, `“${entry.name}” is a folder. Open it and drop the files inside instead.`);
        else if (file) files.push(file);
      }
    } else {
      files.push(...Array.from(event.dataTransfer.files));
    }
    addFiles(files);
  }

  return (
    <section aria-labelledby={`${id}-title`} className="rounded-xl border bg-card p-5 shadow-sm">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h3 id={`${id}-title`} className="font-semibold leading-tight">
            Add documents
          </h3>
          <p className="mt-1 text-sm text-muted-foreground">PDF, Word (.docx), web pages, Markdown or plain text, up to {formatSize(maxBytes)} each.</p>
        </div>
        <Button type="button" variant="outline" size="sm" onClick={() => setPasteOpen(true)}>
          <ClipboardPaste aria-hidden />
          Paste text
        </Button>
      </div>

      <div
        data-testid="drop-zone"
        onDragEnter={(event) => {
          event.preventDefault();
          depth.current += 1;
          setDragging(true);
        }}
        onDragOver={(event) => {
          event.preventDefault();
          event.dataTransfer.dropEffect = "copy";
        }}
        onDragLeave={() => {
          depth.current = Math.max(0, depth.current - 1);
          if (depth.current === 0) setDragging(false);
        }}
        onDrop={onDrop}
        className={cn(
          "mt-4 flex flex-col items-center justify-center gap-2 rounded-lg border-2 border-dashed px-6 text-center transition-colors",
          compact ? "py-4" : "py-8",
          dragging ? "border-primary bg-accent/60" : "border-input bg-muted/30",
        )}
      >
        <Upload aria-hidden className={cn("size-6", dragging ? "text-primary" : "text-muted-foreground")} />
        <p className="text-sm">
          <span className="font-medium">Drop files here</span>
          <span className="text-muted-foreground"> — several at once is fine — or </span>
          <Button type="button" variant="link" className="h-auto p-0" onClick={() => inputRef.current?.click()}>
            choose files
          </Button>
        </p>
        <input
          ref={inputRef}
          type="file"
          multiple
          accept={ACCEPT}
          aria-label="Choose files to import"
          className="sr-only"
          tabIndex={-1}
          onChange={(event) => {
            addFiles(event.target.files ?? []);
            // Allow choosing the same file again (after deleting it, say).
            event.target.value = "";
          }}
        />
      </div>

      <div className="mt-3 flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
        <label className="inline-flex items-center gap-2">
          <input
            ref={checkboxRef}
            type="checkbox"
            className="size-4 accent-[var(--primary)]"
            checked={dehyphenate === true}
            aria-checked={dehyphenate === null ? "mixed" : dehyphenate}
            aria-describedby={`${id}-dehyphenate-hint`}
            onChange={(event) => setDehyphenate(event.target.checked)}
          />
          Join words hyphenated across line ends
        </label>
        <span id={`${id}-dehyphenate-hint`} className="text-xs text-muted-foreground">
          {dehyphenate === null
            ? "Automatic: on for PDFs, off for other files."
            : dehyphenate
              ? "On for every file you add now (“for-eign” becomes “foreign”)."
              : "Off for every file you add now: the text stays exactly as in the file."}
        </span>
        {dehyphenate !== null && (
          <Button type="button" variant="link" size="sm" className="h-auto p-0 text-xs" onClick={() => setDehyphenate(null)}>
            Back to automatic
          </Button>
        )}
      </div>

      <UploadList projectId={projectId} items={items} onImportAnyway={importAnyway} onSkip={skip} onClearFinished={clearFinished} />

      <PasteTextDialog
        open={pasteOpen}
        onOpenChange={setPasteOpen}
        onSubmit={(title, text) => {
          add([{ kind: "text", title, text }], dehyphenate);
          setPasteOpen(false);
        }}
      />
    </section>
  );
}
