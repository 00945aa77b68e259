import { ArrowLeft, Quote } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { getDocumentTexts } from "@/db/queries/agreement";
import { getAttributeDefinitions } from "@/db/queries/attributes";
import { getCodesByProjectId } from "@/db/queries/codes";
import { getPassages } from "@/db/queries/retrieval";
import { EmptyState } from "@/components/ui/empty-state";
import { Notice } from "@/components/ui/notice";
import { AppError } from "@/lib/errors";
import { TextIndex } from "@/lib/offsets";
import { layerFor } from "@/lib/server/aggregates";
import { formatCount } from "@/lib/ui/format";
import { requireProject, type ProjectPageProps } from "../../load-project";

export const metadata: Metadata = { title: "Passages" };

type Props = ProjectPageProps & { searchParams: Promise<Record<string, string | string[] | undefined>> };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Code points of context on each side of a passage (keyword in context). */
const CONTEXT = 80;

/** The passages behind one cell of the analysis matrices, in keyword-in-context form. */
export default async function PassagesPage({ params, searchParams }: Props) {
  const { projectId } = await params;
  const { db, user, project, role } = await requireProject(projectId, "/analysis");
  const sp = await searchParams;
  const one = (k: string) => (typeof sp[k] === "string" ? (sp[k] as string) : undefined);
  const back = `/projects/${project.id}/analysis?${new URLSearchParams(Object.fromEntries(Object.entries(sp).filter(([k, v]) => typeof v === "string" && !["code", "document", "coder", "value", "when"].includes(k)) as [string, string][])).toString()}`;
  const code = one("code");
  const codes = await getCodesByProjectId(db, { projectId: project.id });
  const codeRow = codes.find((c) => c.id === code);
  let error: string | null = codeRow ? null : "Choose a cell of a matrix to see its passages.";
  let found: Awaited<ReturnType<typeof getPassages>> = { total: 0, passages: [] };
  let what = "";
  if (codeRow) {
    try {
      const layer = layerFor({ user, project, role }, one("layer"));
      const document = one("document");
      const coder = one("coder");
      let attribute: { id: string; value: string } | undefined;
      if (one("value") !== undefined || one("attribute")) {
        const name = one("attribute") ?? "";
        const definition = (await getAttributeDefinitions(db, { projectId: project.id })).find((a) => a.id === name || a.name === name);
        if (!definition) throw new AppError("bad_request", `There is no attribute “${name}” in this project.`);
        attribute = { id: definition.id, value: one("value") ?? "" };
        what = ` where ${definition.name} is ${attribute.value === "" ? "not set" : `“${attribute.value}”`}`;
      }
      if (document && !UUID.test(document)) throw new AppError("bad_request", "That document does not exist.");
      if (coder && coder !== "consensus" && !UUID.test(coder)) throw new AppError("bad_request", "That coder does not exist.");
      const when = one("when");
      const period = when !== undefined ? { unit: (one("period") === "month" ? "month" : "year") as "year" | "month", value: when } : undefined;
      if (period) what = period.value === "" ? " in documents without a date" : ` in documents of ${period.value}`;
      found = await getPassages(db, { projectId: project.id, layer, codeId: codeRow.id, rollup: one("rollup") === "true", documentId: document, coder, attribute, period });
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      error = e.message;
    }
  }
  const texts = await getDocumentTexts(db, { projectId: project.id, documentIds: [...new Set(found.passages.map((p) => p.documentId))] });
  const indexes = new Map([...texts].map(([id, t]) => [id, new TextIndex(t)]));

  return (
    <section aria-labelledby="passages-title" className="grid gap-4">
      <div>
        <Link href={back} className="inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
          <ArrowLeft aria-hidden className="size-4" /> Back to the matrix
        </Link>
        <h2 id="passages-title" className="mt-2 text-lg font-semibold tracking-tight">
          {codeRow ? `“${codeRow.path}”${what}` : "Passages"}
        </h2>
        {codeRow && !error && (
          <p className="mt-0.5 text-sm text-muted-foreground" data-testid="passage-count">
            {formatCount(found.total, "passage")}
            {found.total > found.passages.length ? `; the first ${found.passages.length} are shown` : ""}
          </p>
        )}
      </div>
      {error && <Notice tone="error">{error}</Notice>}
      {!error && found.total === 0 && <EmptyState icon={Quote} title="No passages">Nothing is coded here in this layer.</EmptyState>}
      <ol className="grid gap-2">
        {found.passages.map((p) => {
          const index = indexes.get(p.documentId);
          const before = index ? index.sliceCp(Math.max(0, p.start - CONTEXT), p.start) : "";
          const after = index ? index.sliceCp(p.end, Math.min(index.lengthCp, p.end + CONTEXT)) : "";
          return (
            <li key={p.codingId} className="rounded-lg border bg-card p-3 text-sm" data-testid="passage">
              <div className="mb-1 flex flex-wrap items-baseline justify-between gap-2 text-xs text-muted-foreground">
                <span>
                  {p.documentTitle} · {p.codeName} · {p.layer === "consensus" ? "consensus" : p.coderName} · {p.start}–{p.end}
                </span>
                <Link href={`/projects/${project.id}/documents/${p.documentId}#coding-${p.codingId}`} className="text-primary underline-offset-4 hover:underline">
                  Open in the document
                </Link>
              </div>
              <p className="whitespace-pre-wrap">
                <span className="text-muted-foreground">{p.start > CONTEXT ? `…${before}` : before}</span>
                <mark className="rounded-sm bg-primary/15 px-0.5 text-foreground">{p.quote}</mark>
                <span className="text-muted-foreground">{after}…</span>
              </p>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
