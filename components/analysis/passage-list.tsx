import Link from "next/link";
import { TextIndex } from "@/lib/offsets";

/** Code points of context on each side of a passage (keyword in context). */
const CONTEXT = 80;

export type PassageItem = {
  codingId: string;
  documentId: string;
  documentTitle: string;
  codeName: string;
  coderName: string;
  layer: "coder" | "consensus";
  start: number;
  end: number;
  quote: string;
  /** Which side of a two-code query found it: "A" or "B". */
  tag?: string;
  publishedOn?: string | null;
};

/**
 * Passages in keyword-in-context form: the coded text marked, with a line of text on each side,
 * its document, code, coder and offsets, and a link that opens the document at the passage.
 * Text is rendered as text, never as markup.
 */
export function PassageList({ projectId, passages, texts }: { projectId: string; passages: PassageItem[]; texts: Map<string, string> }) {
  const indexes = new Map<string, TextIndex>();
  const indexOf = (documentId: string) => {
    if (!indexes.has(documentId) && texts.has(documentId)) indexes.set(documentId, new TextIndex(texts.get(documentId)!));
    return indexes.get(documentId);
  };
  return (
    <ol className="grid gap-2">
      {passages.map((p) => {
        const index = indexOf(p.documentId);
        const before = index ? index.sliceCp(Math.max(0, p.start - CONTEXT), p.start) : "";
        const after = index ? index.sliceCp(p.end, Math.min(index.lengthCp, p.end + CONTEXT)) : "";
        return (
          <li key={p.codingId} className="rounded-lg border bg-card p-3 text-sm" data-testid="passage">
            <div className="mb-1 flex flex-wrap items-baseline justify-between gap-2 text-xs text-muted-foreground">
              <span>
                {p.tag && <span className="mr-1.5 rounded bg-muted px-1.5 py-0.5 font-semibold text-foreground">{p.tag}</span>}
                {p.documentTitle}
                {p.publishedOn ? ` (${p.publishedOn})` : ""} · {p.codeName} · {p.layer === "consensus" ? "consensus" : p.coderName} · {p.start}–{p.end}
              </span>
              <Link href={`/projects/${projectId}/documents/${p.documentId}#coding-${p.codingId}`} className="text-primary underline-offset-4 hover:underline">
                Open in the document
              </Link>
            </div>
            <p className="whitespace-pre-wrap">
              <span className="text-muted-foreground">{p.start > CONTEXT ? `…${before}` : before}</span>
              <mark className="rounded-sm bg-primary/15 px-0.5 text-foreground">{p.quote}</mark>
              <span className="text-muted-foreground">
                {after}
                {index && p.end + CONTEXT < index.lengthCp ? "…" : ""}
              </span>
            </p>
          </li>
        );
      })}
    </ol>
  );
}
