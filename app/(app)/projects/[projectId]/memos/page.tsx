import { NotebookPen } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { getDocumentsPage } from "@/db/queries/documents";
import { getMemosByProjectId, getMemosByTarget } from "@/db/queries/memos";
import { DocumentMemoPicker } from "@/components/memos/document-memo-picker";
import { MEMO_KINDS, MemoList, type MemoKind } from "@/components/memos/memo-list";
import { memoViewsFor } from "@/components/memos/memo-view";
import { TargetMemos } from "@/components/memos/target-memos";
import { EmptyState } from "@/components/ui/empty-state";
import { seesAllCodings } from "@/lib/permissions";
import { cn } from "@/lib/ui/cn";
import { formatCount } from "@/lib/ui/format";
import { requireProject, type ProjectPageProps } from "../load-project";

export const metadata: Metadata = { title: "Memos" };

type Props = ProjectPageProps & { searchParams: Promise<{ type?: string | string[] }> };

export default async function MemosPage({ params, searchParams }: Props) {
  const { projectId } = await params;
  const { db, user, project, role, can } = await requireProject(projectId, "/memos");
  const requested = (await searchParams).type;
  const filter = MEMO_KINDS.find((k) => k.kind === requested)?.kind ?? null;
  // Blind mode: another coder's coding memos stay hidden, like their codings.
  const onlyCoderId = seesAllCodings(role, project) ? undefined : user.id;
  const [entries, projectMemos, documents] = await Promise.all([
    getMemosByProjectId(db, { projectId: project.id, onlyCoderId }),
    getMemosByTarget(db, { projectId: project.id, targetType: "project", targetId: project.id }),
    getDocumentsPage(db, { projectId: project.id, sort: "title", direction: "asc", limit: 500 }),
  ]);
  const shown = filter ? entries.filter((e) => e.targetType === filter) : entries;
  const base = `/projects/${project.id}/memos`;
  const countOf = (kind: MemoKind | null) => (kind ? entries.filter((e) => e.targetType === kind).length : entries.length);

  return (
    <div className="grid items-start gap-8 lg:grid-cols-[minmax(0,1fr)_24rem]">
      <section aria-labelledby="memos-title">
        <div className="flex flex-wrap items-end justify-between gap-4">
          <div>
            <h2 id="memos-title" className="text-lg font-semibold tracking-tight">
              Memos
            </h2>
            <p className="mt-0.5 text-sm text-muted-foreground">
              {formatCount(entries.length, "memo")} on the project, its documents, codes and codings, newest first.
              {onlyCoderId ? " Other coders' coding memos show once the owner reveals." : ""}
            </p>
          </div>
          <nav aria-label="Filter memos" className="flex flex-wrap gap-1">
            {[{ kind: null, plural: "All" }, ...MEMO_KINDS].map(({ kind, plural }) => (
              <Link
                key={plural}
                href={kind ? `${base}?type=${kind}` : base}
                aria-current={filter === kind ? "page" : undefined}
                className={cn(
                  "rounded-full border px-3 py-1 text-xs font-medium text-muted-foreground hover:bg-accent hover:text-foreground",
                  filter === kind && "border-primary bg-accent text-foreground",
                )}
              >
                {plural} <span className="tabular-nums">{countOf(kind)}</span>
              </Link>
            ))}
          </nav>
        </div>
        <div className="mt-5">
          {shown.length === 0 ? (
            <EmptyState icon={NotebookPen} title={filter ? "No memos of this kind yet" : "No memos yet"}>
              Write memos on a code from its details in the codebook, on a document or a coding while you code, or on the project and its documents here. They all appear in this list.
            </EmptyState>
          ) : (
            <MemoList projectId={project.id} entries={shown} currentUserId={user.id} />
          )}
        </div>
      </section>

      <aside aria-label="Write a memo" className="grid gap-6">
        <section aria-labelledby="project-memo-title" className="rounded-lg border bg-card p-5 shadow-xs">
          <h2 id="project-memo-title" className="text-lg font-semibold tracking-tight">
            Project memo
          </h2>
          <p className="mb-4 mt-0.5 text-sm text-muted-foreground">Notes on the study as a whole: research questions, decisions, what to look at next.</p>
          <TargetMemos
            projectId={project.id}
            targetType="project"
            targetId={project.id}
            targetLabel="the project"
            memos={memoViewsFor(projectMemos, user.id)}
            canWrite={can("memos.write")}
          />
        </section>

        {documents.rows.length > 0 && (
          <section aria-labelledby="document-memo-title" className="rounded-lg border bg-card p-5 shadow-xs">
            <h2 id="document-memo-title" className="text-lg font-semibold tracking-tight">
              Memo on a document
            </h2>
            <p className="mb-4 mt-0.5 text-sm text-muted-foreground">What a source is, why it matters, what to compare it with.</p>
            <DocumentMemoPicker projectId={project.id} documents={documents.rows.map((d) => ({ id: d.id, title: d.title }))} canWrite={can("memos.write")} />
          </section>
        )}
      </aside>
    </div>
  );
}
