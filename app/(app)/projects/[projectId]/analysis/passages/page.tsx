import { ArrowLeft, Quote } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { getDocumentTexts } from "@/db/queries/agreement";
import { getAttributeDefinitions } from "@/db/queries/attributes";
import { getCodesByProjectId } from "@/db/queries/codes";
import { getPassages } from "@/db/queries/retrieval";
import { PassageList } from "@/components/analysis/passage-list";
import { EmptyState } from "@/components/ui/empty-state";
import { Notice } from "@/components/ui/notice";
import { SOURCE_TYPE_LABELS } from "@/components/documents/source-types";
import { AppError } from "@/lib/errors";
import { SOURCE_TYPES, type SourceType } from "@/lib/ingest/types";
import { layerFor } from "@/lib/server/aggregates";
import { formatCount } from "@/lib/ui/format";
import { requireProject, type ProjectPageProps } from "../../load-project";

export const metadata: Metadata = { title: "Passages" };

type Props = ProjectPageProps & { searchParams: Promise<Record<string, string | string[] | undefined>> };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The passages behind one cell of the analysis matrices, in keyword-in-context form. */
export default async function PassagesPage({ params, searchParams }: Props) {
  const { projectId } = await params;
  const { db, user, project, role } = await requireProject(projectId, "/analysis");
  const sp = await searchParams;
  const one = (k: string) => (typeof sp[k] === "string" ? (sp[k] as string) : undefined);
  const back = `/projects/${project.id}/analysis?${new URLSearchParams(Object.fromEntries(Object.entries(sp).filter(([k, v]) => typeof v === "string" && !["code", "document", "coder", "value", "when", "source"].includes(k)) as [string, string][])).toString()}`;
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
      const sourceType = one("source");
      if (sourceType !== undefined) {
        if (!(SOURCE_TYPES as readonly string[]).includes(sourceType)) throw new AppError("bad_request", "There is no such source type.");
        what = ` in ${SOURCE_TYPE_LABELS[sourceType as SourceType].toLowerCase()} documents`;
      }
      found = await getPassages(db, { projectId: project.id, layer, codeId: codeRow.id, rollup: one("rollup") === "true", documentId: document, coder, attribute, period, sourceType });
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      error = e.message;
    }
  }
  const texts = await getDocumentTexts(db, { projectId: project.id, documentIds: [...new Set(found.passages.map((p) => p.documentId))] });

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
      <PassageList projectId={project.id} passages={found.passages} texts={texts} />
    </section>
  );
}
