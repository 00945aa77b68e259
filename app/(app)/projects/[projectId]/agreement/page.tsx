import { Download, Scale } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { CONSENSUS, getAgreementCoders } from "@/db/queries/agreement";
import { getAgreementReport, listAgreementReports } from "@/db/queries/agreement-reports";
import { getCodesByProjectId } from "@/db/queries/codes";
import { getDocumentsPage } from "@/db/queries/documents";
import { AgreementForm } from "@/components/agreement/agreement-form";
import { DetailTable, DocumentTable, PairMatrix, SummaryTable } from "@/components/agreement/report-tables";
import { SavedReports } from "@/components/agreement/saved-reports";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Notice } from "@/components/ui/notice";
import type { AgreementReport } from "@/lib/agreement";
import { AppError } from "@/lib/errors";
import { seesAllCodings } from "@/lib/permissions";
import { formatCount } from "@/lib/ui/format";
import { runAgreement } from "@/lib/server/agreement";
import { requireProject, type ProjectPageProps } from "../load-project";
import { parseAgreementQuery, queryString, type SearchParams } from "./query";

export const metadata: Metadata = { title: "Agreement" };

type Props = ProjectPageProps & { searchParams: Promise<SearchParams> };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function AgreementPage({ params, searchParams }: Props) {
  const { projectId } = await params;
  const { db, project, role, can } = await requireProject(projectId, "/agreement");
  const sp = await searchParams;
  const base = `/projects/${project.id}/agreement`;

  if (!seesAllCodings(role, project)) {
    return (
      <EmptyState icon={Scale} title="Agreement opens when the codings are revealed">
        This project is blind: each coder sees only their own codings until the owner reveals them, and agreement compares everyone&apos;s.
      </EmptyState>
    );
  }

  const [coders, codes, documents, saved] = await Promise.all([
    getAgreementCoders(db, { projectId: project.id }),
    getCodesByProjectId(db, { projectId: project.id }),
    getDocumentsPage(db, { projectId: project.id, sort: "title", direction: "asc", limit: 500 }),
    listAgreementReports(db, { projectId: project.id }),
  ]);

  let report: AgreementReport | null = null;
  let error: string | null = null;
  let savedBanner: { name: string; createdAt: Date } | null = null;
  const reportId = typeof sp.report === "string" && UUID.test(sp.report) ? sp.report : null;
  let parsed = parseAgreementQuery(sp);
  if (reportId) {
    try {
      const row = await getAgreementReport(db, { projectId: project.id, reportId });
      report = row.report;
      savedBanner = { name: row.name, createdAt: row.createdAt };
      parsed = parseAgreementQuery((row.params as { query?: SearchParams }).query ?? {});
    } catch (e) {
      error = e instanceof AppError ? e.message : "That saved report could not be opened.";
    }
  } else if (!parsed.ok) {
    error = parsed.message;
  } else {
    try {
      report = (await runAgreement(db, { project, role, query: parsed.query })).report;
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      error = e.message;
    }
  }
  const query = parsed.ok ? parsed.query : null;
  const record = parsed.record;
  const chosenCoders = query?.coders?.length ? query.coders : report?.coders.map((c) => c.key) ?? [];
  const drillHref = (codeId: string | null, documentId?: string) =>
    `${base}/disagreements?${queryString(documentId ? { ...record, documents: documentId } : record, { code: codeId ?? "" })}`;
  const detail = (measure: string) => report?.rows.filter((r) => r.measure === measure) ?? [];
  const apiQuery = queryString(record);

  return (
    <section aria-labelledby="agreement-title" className="grid gap-5">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 id="agreement-title" className="text-lg font-semibold tracking-tight">
            Inter-coder agreement
          </h2>
          <p className="mt-0.5 max-w-3xl text-sm text-muted-foreground">
            How far coders agree, per code and over the codebook, with the measures reviewers ask for. Every report states its settings and the hash of the codings it
            was computed on, so a figure in a paper can be traced and recomputed. The{" "}
            <Link href={`/projects/${project.id}/suggester`} className="text-primary underline-offset-4 hover:underline">
              suggester
            </Link>{" "}
            is a coder here too, once trained.
          </p>
        </div>
        {report && report.rows.length > 0 && (
          <div className="flex gap-2">
            <Button asChild variant="outline" size="sm">
              <a href={`/api/v1/projects/${project.id}/agreement?${queryString(record, { format: "csv" })}`} download>
                <Download aria-hidden />
                CSV
              </a>
            </Button>
            <Button asChild variant="outline" size="sm">
              <a href={`/api/v1/projects/${project.id}/agreement?${apiQuery}`} target="_blank" rel="noreferrer">
                <Download aria-hidden />
                JSON
              </a>
            </Button>
            {can("consensus.write") && (
              <Button asChild size="sm">
                <Link href={`${base}/adjudicate?${queryString(record)}`}>Adjudicate disagreements</Link>
              </Button>
            )}
          </div>
        )}
      </div>

      <AgreementForm
        action={base}
        coders={coders.map((c) => ({ id: c.key, name: c.name, hint: formatCount(c.codings, "coding") }))}
        codes={codes.map((c) => ({ id: c.id, name: c.name }))}
        documents={documents.rows.map((d) => ({ id: d.id, name: d.title }))}
        query={query}
        chosenCoders={chosenCoders}
      />

      {savedBanner && (
        <Notice>
          Saved report “{savedBanner.name}”, computed {savedBanner.createdAt.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" })} on data {report?.dataHash.slice(0, 12)}.{" "}
          <Link className="font-medium underline underline-offset-4" href={`${base}?${apiQuery}`}>
            Recompute on today&apos;s data
          </Link>{" "}
          (the hash tells whether the codings changed since).
        </Notice>
      )}
      {error && <Notice tone="error">{error}</Notice>}

      {report && report.rows.length === 0 && !error && (
        <EmptyState icon={Scale} title="Nothing to compare yet">
          {report.notes[0] ?? "Choose two or more coders who coded the same documents."}
        </EmptyState>
      )}

      {report && report.rows.length > 0 && (
        <>
          <SummaryTable report={report} drillHref={(codeId) => drillHref(codeId)} />
          <p className="text-xs text-muted-foreground">
            {report.units.toLocaleString("en")} units · {report.codings.toLocaleString("en")} codings · {report.documents.length} documents · coders: {report.coders.map((c) => c.name).join(", ")} · data SHA-256{" "}
            <code className="rounded bg-muted px-1" data-testid="data-hash">
              {report.dataHash}
            </code>
          </p>
          <ul className="list-disc pl-5 text-xs text-muted-foreground">
            {report.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
          <PairMatrix report={report} />
          <DetailTable rows={detail("character")} title="Character level (as NVivo and QualCoder compute it)" />
          <DetailTable
            rows={detail("segment-overlap")}
            title={`Segment overlap (as MAXQDA: same code, at least ${Math.round(report.params.threshold * 100)} % overlap)`}
            drillHref={(r) => (r.statistic.startsWith("percent") && r.value !== null && r.value < 1 ? `${base}/segments?${queryString(record, { code: r.codeId ?? "" })}` : null)}
          />
          <DetailTable rows={detail("unitized")} title="Unitized α: boundaries and codes (Krippendorff)" />
          <DocumentTable report={report} projectId={project.id} drillHref={drillHref} />
        </>
      )}

      <SavedReports
        projectId={project.id}
        query={record}
        items={saved.map((s) => ({ ...s, createdAt: s.createdAt.toISOString() }))}
        canSave={can("agreement.save") && !reportId}
        canDelete={can("agreement.delete")}
        currentHash={report && report.rows.length > 0 ? report.dataHash : null}
      />
    </section>
  );
}
