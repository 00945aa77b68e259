import { ArrowLeft } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getCodingHistory, planRestore, type RestorePlan } from "@/db/queries/activity";
import { ActivityList } from "@/components/activity/activity-list";
import { RestoreCodingButton } from "@/components/activity/restore-coding-button";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { AppError } from "@/lib/errors";
import { codeName, documentTitle, excerpt } from "@/lib/events/describe";
import { seesAllCodings } from "@/lib/permissions";
import { requireProject } from "../../../load-project";
import { toActivityItems } from "../../entry-view";

export const metadata: Metadata = { title: "Coding history" };

type Props = { params: Promise<{ projectId: string; codingId: string }> };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function CodingHistoryPage({ params }: Props) {
  const { projectId, codingId } = await params;
  const { db, user, project, role, can } = await requireProject(projectId, `/activity/codings/${encodeURIComponent(codingId)}`);
  if (!UUID.test(codingId)) notFound();
  const history = await getCodingHistory(db, {
    projectId: project.id,
    codingId,
    viewer: { userId: user.id, seesAll: seesAllCodings(role, project) },
  }).catch((error: unknown) => {
    // Another coder's coding in a blind project does not exist for this viewer.
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  });
  const { items, names } = await toActivityItems(db, project.id, history.entries);
  const last = history.entries.at(-1);
  const state = { ...last?.before, ...last?.after, ...(history.coding ?? {}) } as Record<string, unknown>;
  const quote = typeof state.quote === "string" ? state.quote : "";
  const documentId = typeof state.documentId === "string" ? state.documentId : undefined;
  const deleted = history.coding === null;

  // Only when deleted, and only for those who may restore: can it come back, and onto what?
  let plan: RestorePlan | null = null;
  let refusal: string | null = null;
  if (deleted && can("codings.restore")) {
    try {
      plan = await planRestore(db, { projectId: project.id, codingId });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      refusal = error.message;
    }
  }
  const docHref = documentId && names.documents?.[documentId] ? `/projects/${project.id}/documents/${documentId}` : null;

  return (
    <article aria-labelledby="history-title" className="grid gap-6">
      <div>
        <Link href={`/projects/${project.id}/activity`} className="inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
          <ArrowLeft aria-hidden className="size-4" />
          Activity
        </Link>
        <div className="mt-2 flex flex-wrap items-start justify-between gap-3">
          <div className="min-w-0">
            <h2 id="history-title" className="flex flex-wrap items-center gap-2 text-lg font-semibold tracking-tight">
              History of a coding
              {deleted ? <Badge variant="outline">Deleted</Badge> : <Badge>Current</Badge>}
            </h2>
            <blockquote className="mt-2 max-w-3xl border-l-2 pl-3 text-sm [overflow-wrap:anywhere]">“{excerpt(quote, 300)}”</blockquote>
            <p className="mt-2 text-sm text-muted-foreground">
              {typeof state.codeId === "string" ? codeName(names, state.codeId) : "—"} · by{" "}
              {typeof state.coderId === "string" ? (names.users?.[state.coderId] ?? "a former member") : "—"} · in {documentTitle(names, documentId)}
              {typeof state.startOffset === "number" && ` · characters ${state.startOffset}–${state.endOffset}`}
            </p>
          </div>
          <div className="flex flex-wrap gap-2">
            {!deleted && docHref && (
              <Button asChild variant="outline" size="sm">
                <Link href={`${docHref}#coding-${codingId}`}>Open in document</Link>
              </Button>
            )}
            {plan && (
              <RestoreCodingButton
                projectId={project.id}
                codingId={codingId}
                quote={excerpt(quote, 80)}
                codeName={plan.codeName}
                mergedFromName={plan.mergedFrom?.name ?? null}
              />
            )}
          </div>
        </div>
        {refusal && (
          <Notice className="mt-3" tone="info">
            {refusal}
          </Notice>
        )}
      </div>
      {items.length === 0 ? (
        <p className="text-sm text-muted-foreground">No changes to this coding have been recorded.</p>
      ) : (
        <ActivityList items={items} label="Coding history" showChanges showHistory={false} />
      )}
    </article>
  );
}
