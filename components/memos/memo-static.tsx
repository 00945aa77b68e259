import { renderToReactElement } from "@tiptap/static-renderer/pm/react";
import type { MemoDoc } from "@/lib/memos/doc";
import { cn } from "@/lib/ui/cn";
import { memoSchemaExtensions } from "./extensions";

/**
 * A memo rendered by Tiptap's static renderer into React elements: read-only memos, and the
 * editor's stand-in until it mounts. Stored memos never reach the page as HTML strings.
 */
export function MemoStatic({ content, placeholder, className }: { content: MemoDoc | null; placeholder?: string; className?: string }) {
  const empty = !content || !(content.content ?? []).some((n) => n.content?.length || n.type === "horizontalRule");
  if (empty) return <div className={cn(className, "text-muted-foreground")}>{placeholder ?? ""}</div>;
  let rendered: React.ReactNode;
  try {
    rendered = renderToReactElement({ content, extensions: memoSchemaExtensions });
  } catch {
    // A body the schema cannot read (it was validated when saved, so this is old data).
    rendered = <p className="italic text-muted-foreground">This memo cannot be displayed.</p>;
  }
  return <div className={cn("memo-content", className)}>{rendered}</div>;
}
