import { ArrowLeft, Scale } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { getDocumentTexts, loadAgreementInput } from "@/db/queries/agreement";
import { EmptyState } from "@/components/ui/empty-state";
import { Notice } from "@/components/ui/notice";
import { unitDisagreements, type AgreementInput } from "@/lib/agreement";
import { AppError } from "@/lib/errors";
import { TextIndex } from "@/lib/offsets";
import { seesAllCodings } from "@/lib/permissions";
import { formatCount } from "@/lib/ui/format";
import { getAgreementCoders, SUGGESTER } from "@/db/queries/agreement";
import { requireProject, type ProjectPageProps } from "../../load-project";
import { parseAgreementQuery, queryString, type SearchParams } from "../query";

export const metadata: Metadata = { title: "Disagreements" };

type Props = ProjectPageProps & { searchParams: Promise<SearchParams> };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Long paragraphs are shown in part: the start and the end, which is where boundaries differ. */
const MAX_PASSAGE = 600;

/**
 * The units behind a disagreement count, side by side: the passage (as text, never markup), each
 * coder's codes on it, and a link into the document at that place.
 */
export default async function DisagreementsPage({ params, searchParams }: Props) {
  const { projectId } = await params;
  const { db, project, role } = await requireProject(projectId, "/agreement");
  const sp = await searchParams;
  const back = `/projects/${project.id}/agreement`;
  if (!seesAllCodings(role, project)) {
    return <EmptyState icon={Scale} title="Agreement opens when the codings are revealed">This project is blind until the owner reveals the codings.</EmptyState>;
  }
  const parsed = parseAgreementQuery(sp);
  const codeId = typeof sp.code === "string" && UUID.test(sp.code) ? sp.code : null;
  let input: AgreementInput | null = null;
  let error: string | null = parsed.ok ? null : parsed.message;
  if (parsed.ok) {
    try {
      const coders = parsed.query.coders?.length ? parsed.query.coders : (await getAgreementCoders(db, { projectId: project.id })).filter((c) => c.key !== "consensus" && c.key !== SUGGESTER && c.codings > 0).map((c) => c.key);
      input = await loadAgreementInput(db, { projectId: project.id, coders, documents: parsed.query.documents, codes: parsed.query.codes, unit: parsed.query.unit });
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      error = e.message;
    }
  }
  const found = input ? unitDisagreements(input, codeId) : { total: 0, units: [] };
  const texts = await getDocumentTexts(db, { projectId: project.id, documentIds: [...new Set(found.units.map((u) => u.documentId))] });
  const indexes = new Map([...texts].map(([id, text]) => [id, new TextIndex(text)]));
  const codeName = new Map(input?.codes.map((c) => [c.id, c.name]) ?? []);
  const subject = codeId ? `“${codeName.get(codeId) ?? "this code"}”` : "the set of codes";

  return (
    <section aria-labelledby="disagreements-title" className="grid gap-4">
      <div>
        <Link href={`${back}?${queryString(parsed.record)}`} className="inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
          <ArrowLeft aria-hidden className="size-4" /> Back to the report
        </Link>
        <h2 id="disagreements-title" className="mt-2 text-lg font-semibold tracking-tight">
          Where coders differ on {subject}
        </h2>
        <p className="mt-0.5 text-sm text-muted-foreground">
          {formatCount(found.total, parsed.ok ? parsed.query.unit : "unit")} where the coders who coded the document gave different values
          {found.total > found.units.length ? `; the first ${found.units.length} are shown` : ""}.
        </p>
      </div>
      {error && <Notice tone="error">{error}</Notice>}
      {!error && found.units.length === 0 && <EmptyState icon={Scale} title="No disagreements">Every unit has the same codes from every coder who coded its document.</EmptyState>}
      <ol className="grid gap-3">
        {found.units.map((u) => {
          const index = indexes.get(u.documentId);
          const length = u.end - u.start;
          const passage = !index
            ? ""
            : length <= MAX_PASSAGE
              ? index.sliceCp(u.start, u.end)
              : `${index.sliceCp(u.start, u.start + MAX_PASSAGE / 2)} … ${index.sliceCp(u.end - MAX_PASSAGE / 2, u.end)}`;
          return (
            <li key={`${u.documentId}:${u.start}`} className="rounded-xl border bg-card p-4 text-sm" data-testid="disagreement">
              <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
                <span className="font-medium">
                  {u.documentTitle} · {parsed.ok ? parsed.query.unit : "unit"} {u.unitIndex + 1}
                </span>
                <Link href={`/projects/${project.id}/documents/${u.documentId}#at-${u.start}`} className="text-primary underline-offset-4 hover:underline">
                  Open in the document
                </Link>
              </div>
              <blockquote className="whitespace-pre-wrap border-l-2 pl-3 text-muted-foreground">{passage}</blockquote>
              <dl className="mt-3 grid gap-x-4 gap-y-1 sm:grid-cols-[auto_1fr]">
                {input!.coders.map((c) => {
                  const codes = u.codes[c.key];
                  return (
                    <div key={c.key} className="contents">
                      <dt className="font-medium">{c.name}</dt>
                      <dd data-coder={c.name}>{codes === null ? <em className="text-muted-foreground">did not code this document</em> : codes!.length === 0 ? <span className="text-muted-foreground">no code</span> : codes!.map((id) => codeName.get(id) ?? id).join(", ")}</dd>
                    </div>
                  );
                })}
              </dl>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
