import { BookOpen, FileText, FolderOpen, Highlighter, type LucideIcon } from "lucide-react";
import Link from "next/link";
import type { MemoEntry } from "@/db/queries/memos";
import { memoExcerpt } from "@/lib/memos/doc";
import { formatDateTime } from "@/lib/ui/format";

export type MemoKind = MemoEntry["targetType"];

export const MEMO_KINDS: { kind: MemoKind; label: string; plural: string; icon: LucideIcon }[] = [
  { kind: "project", label: "Project", plural: "Project", icon: FolderOpen },
  { kind: "document", label: "Document", plural: "Documents", icon: FileText },
  { kind: "code", label: "Code", plural: "Codes", icon: BookOpen },
  { kind: "coding", label: "Coding", plural: "Codings", icon: Highlighter },
];

/** Where a memo's target lives: the document page, the code in the codebook, the coding in its document. */
export function memoTargetHref(projectId: string, entry: MemoEntry): string | null {
  const base = `/projects/${projectId}`;
  if (!entry.target.exists) return null;
  switch (entry.targetType) {
    case "project":
      return null;
    case "document":
      return `${base}/documents/${entry.targetId}`;
    case "code":
      return `${base}#code-${entry.targetId}`;
    case "coding":
      return `${base}/documents/${entry.target.documentId}#coding-${entry.targetId}`;
  }
}

/** Every memo in the project as a list: what it is on (linked), who wrote it, when, and how it begins. */
export function MemoList({ projectId, entries, currentUserId }: { projectId: string; entries: MemoEntry[]; currentUserId: string }) {
  return (
    <ol aria-label="Memos" className="grid gap-3">
      {entries.map((entry) => {
        const kind = MEMO_KINDS.find((k) => k.kind === entry.targetType)!;
        const href = memoTargetHref(projectId, entry);
        const Icon = kind.icon;
        const title = (
          <>
            {entry.target.codeColor && entry.targetType === "code" && (
              <span aria-hidden className="mr-1.5 inline-block size-2.5 rounded-full align-middle" style={{ backgroundColor: entry.target.codeColor }} />
            )}
            {entry.target.title}
          </>
        );
        return (
          <li key={`${entry.targetType}:${entry.id}`}>
            <article aria-label={`${kind.label} memo on ${entry.target.title}`} className="rounded-lg border bg-card p-4 shadow-xs">
              <div className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm">
                <span className="inline-flex items-center gap-1 rounded-md bg-muted px-1.5 py-0.5 text-xs font-medium text-muted-foreground">
                  <Icon aria-hidden className="size-3.5" />
                  {kind.label}
                </span>
                <h3 className="min-w-0 font-semibold">
                  {href ? (
                    <Link href={href} className="underline-offset-4 hover:underline">
                      {title}
                    </Link>
                  ) : (
                    <span className={entry.target.exists ? undefined : "italic text-muted-foreground"}>{title}</span>
                  )}
                </h3>
                {entry.targetType === "coding" && (
                  <span className="text-xs text-muted-foreground">
                    in {entry.target.documentTitle}
                    {entry.target.codeName && (
                      <>
                        {" · "}
                        <span aria-hidden className="mr-1 inline-block size-2 rounded-full align-middle" style={{ backgroundColor: entry.target.codeColor }} />
                        {entry.target.codeName}
                      </>
                    )}
                  </span>
                )}
              </div>
              <p className="mt-2 line-clamp-4 whitespace-pre-line text-sm leading-relaxed">{memoExcerpt(entry.bodyText, 400)}</p>
              <p className="mt-2 text-xs text-muted-foreground">
                {entry.authorId === currentUserId ? "You" : entry.authorName} · updated {formatDateTime(entry.updatedAt)}
              </p>
            </article>
          </li>
        );
      })}
    </ol>
  );
}
