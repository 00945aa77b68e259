"use client";
import { EditorContent, useEditor, useEditorState, type Editor } from "@tiptap/react";
import { Bold, Heading2, Heading3, Italic, List, ListOrdered, type LucideIcon } from "lucide-react";
import { useCallback, useEffect, useRef, useState } from "react";
import { memoPlainText, type MemoDoc } from "@/lib/memos/doc";
import { cn } from "@/lib/ui/cn";
import { memoEditorExtensions } from "./extensions";
import { MemoStatic } from "./memo-static";

export type SaveOutcome = { ok: true } | { ok: false; message: string };
type Status = { kind: "idle" } | { kind: "saving" } | { kind: "saved" } | { kind: "error"; message: string };

const CONTENT_CLASS = "memo-content min-h-24 px-3 py-2 text-sm leading-relaxed focus-visible:outline-none";

/**
 * A rich-text memo that saves itself: changes are sent ~800 ms after typing stops (and at
 * once on blur or when the editor goes away), one save at a time, the newest text last. The
 * status line says "Saving…", "Saved" or "Not saved: <reason>". Until the editor mounts
 * (it renders on the client only) the memo is shown statically, so nothing flashes.
 */
export function MemoEditor({
  label,
  initialContent,
  onSave,
  placeholder = "Write a memo…",
  debounceMs = 800,
  className,
}: {
  /** The editor's accessible name, e.g. "Your memo on “pressure”". */
  label: string;
  initialContent: MemoDoc | null;
  onSave: (doc: MemoDoc, text: string) => Promise<SaveOutcome>;
  placeholder?: string;
  debounceMs?: number;
  className?: string;
}) {
  const [status, setStatus] = useState<Status>({ kind: "idle" });
  const pending = useRef<MemoDoc | null>(null);
  const inFlight = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const onSaveRef = useRef(onSave);
  useEffect(() => {
    onSaveRef.current = onSave;
  }, [onSave]);

  const flush = useCallback(async (): Promise<void> => {
    clearTimeout(timer.current);
    if (inFlight.current || !pending.current) return;
    const doc = pending.current;
    pending.current = null;
    inFlight.current = true;
    setStatus({ kind: "saving" });
    let outcome: SaveOutcome;
    try {
      outcome = await onSaveRef.current(doc, memoPlainText(doc));
    } catch {
      outcome = { ok: false, message: "the server could not be reached." };
    }
    inFlight.current = false;
    if (!outcome.ok) {
      // Keep the text to retry with, unless newer text arrived meanwhile.
      pending.current ??= doc;
      setStatus({ kind: "error", message: outcome.message });
      return;
    }
    if (pending.current) return flush();
    setStatus({ kind: "saved" });
  }, []);

  const editor = useEditor({
    extensions: memoEditorExtensions(placeholder),
    content: initialContent ?? undefined,
    immediatelyRender: false,
    editorProps: { attributes: { role: "textbox", "aria-multiline": "true", "aria-label": label, class: CONTENT_CLASS } },
    onUpdate: ({ editor: e }) => {
      pending.current = e.getJSON() as MemoDoc;
      setStatus({ kind: "saving" });
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void flush(), debounceMs);
    },
    onBlur: () => void flush(),
  });

  // Leaving the page or closing the panel must not lose the last words typed.
  useEffect(() => {
    const beforeUnload = (event: BeforeUnloadEvent) => {
      if (!pending.current && !inFlight.current) return;
      void flush();
      event.preventDefault();
    };
    window.addEventListener("beforeunload", beforeUnload);
    return () => {
      window.removeEventListener("beforeunload", beforeUnload);
      void flush();
    };
  }, [flush]);

  return (
    <div className={cn("rounded-md border border-input bg-card shadow-xs focus-within:ring-2 focus-within:ring-ring", className)}>
      <Toolbar editor={editor} />
      {editor ? (
        <EditorContent editor={editor} />
      ) : (
        <MemoStatic content={initialContent} placeholder={placeholder} className={CONTENT_CLASS} />
      )}
      <div className="flex min-h-7 items-center justify-between gap-2 border-t px-3 py-1 text-xs text-muted-foreground">
        <p role="status" aria-live="polite" className={cn(status.kind === "error" && "text-destructive")}>
          {status.kind === "saving" ? "Saving…" : status.kind === "saved" ? "Saved" : status.kind === "error" ? `Not saved: ${status.message}` : "Saves as you type"}
        </p>
        {status.kind === "error" && (
          <button type="button" className="font-medium text-foreground underline underline-offset-2" onClick={() => void flush()}>
            Try again
          </button>
        )}
      </div>
    </div>
  );
}

const MARKS: { name: string; label: string; icon: LucideIcon; run: (e: Editor) => void; active: (e: Editor) => boolean }[] = [
  { name: "bold", label: "Bold", icon: Bold, run: (e) => e.chain().focus().toggleBold().run(), active: (e) => e.isActive("bold") },
  { name: "italic", label: "Italic", icon: Italic, run: (e) => e.chain().focus().toggleItalic().run(), active: (e) => e.isActive("italic") },
  { name: "h2", label: "Heading", icon: Heading2, run: (e) => e.chain().focus().toggleHeading({ level: 2 }).run(), active: (e) => e.isActive("heading", { level: 2 }) },
  { name: "h3", label: "Subheading", icon: Heading3, run: (e) => e.chain().focus().toggleHeading({ level: 3 }).run(), active: (e) => e.isActive("heading", { level: 3 }) },
  { name: "ul", label: "Bulleted list", icon: List, run: (e) => e.chain().focus().toggleBulletList().run(), active: (e) => e.isActive("bulletList") },
  { name: "ol", label: "Numbered list", icon: ListOrdered, run: (e) => e.chain().focus().toggleOrderedList().run(), active: (e) => e.isActive("orderedList") },
];

function Toolbar({ editor }: { editor: Editor | null }) {
  const active = useEditorState({
    editor,
    selector: ({ editor: e }) => (e ? Object.fromEntries(MARKS.map((m) => [m.name, m.active(e)])) : {}),
  });
  return (
    <div role="toolbar" aria-label="Formatting" className="flex items-center gap-0.5 border-b px-1.5 py-1">
      {MARKS.map(({ name, label, icon: Icon, run }) => (
        <button
          key={name}
          type="button"
          title={label}
          aria-label={label}
          aria-pressed={active?.[name] ?? false}
          disabled={!editor}
          // Keep the selection in the editor while clicking a format.
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => editor && run(editor)}
          className="inline-flex size-7 items-center justify-center rounded text-muted-foreground hover:bg-accent hover:text-foreground disabled:opacity-50 aria-pressed:bg-accent aria-pressed:text-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
        >
          <Icon aria-hidden className="size-4" />
        </button>
      ))}
    </div>
  );
}
