import type { Metadata } from "next";
import Link from "next/link";
import { getCodesByProjectId } from "@/db/queries/codes";
import { loadExportContext, streamExportCodings } from "@/db/queries/export";
import { PrintButton } from "@/components/export/print-button";
import { Notice } from "@/components/ui/notice";
import type { CodingRecord } from "@/lib/dataset/types";
import { AppError } from "@/lib/errors";
import { filterFor } from "@/lib/server/export";
import { formatCount } from "@/lib/ui/format";
import { exportFilterRecord, exportQuerySchema } from "@/lib/validation/export";
import { requireProject, type ProjectPageProps } from "../../load-project";

export const metadata: Metadata = { title: "Report" };

type Props = ProjectPageProps & { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** Passages printed per code: a report is read, not searched; the dataset has them all. */
const PER_CODE = 200;

/**
 * A printable report of the coded evidence: the codebook with definitions, rules and examples,
 * then per code its passages with document, page and coder — with the Export tab's filters.
 * The browser's print dialog makes the PDF; the app's chrome is hidden in print.
 */
export default async function ReportPage({ params, searchParams }: Props) {
  const { projectId } = await params;
  const { db, user, project, role } = await requireProject(projectId, "/export");
  const sp = await searchParams;
  const record = exportFilterRecord(sp);
  const parsed = exportQuerySchema.safeParse(record);
  let error: string | null = parsed.success ? null : (parsed.error.issues[0]?.message ?? "These filters are not valid.");
  const codes = await getCodesByProjectId(db, { projectId: project.id });
  const byCode = new Map<string, CodingRecord[]>();
  const totals = new Map<string, number>();
  let context: Awaited<ReturnType<typeof loadExportContext>> | null = null;
  if (parsed.success) {
    try {
      const filter = await filterFor(db, { user, project, role }, parsed.data);
      context = await loadExportContext(db, filter);
      for await (const batch of streamExportCodings(db, filter, context)) {
        for (const row of batch) {
          totals.set(row.codeId, (totals.get(row.codeId) ?? 0) + 1);
          const list = byCode.get(row.codeId) ?? [];
          if (list.length < PER_CODE) list.push(row);
          byCode.set(row.codeId, list);
        }
      }
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      error = e.message;
    }
  }
  const chosen = parsed.success && parsed.data.codes?.length ? new Set(parsed.data.codes) : null;
  const shownCodes = codes.filter((c) => !chosen || chosen.has(c.id));
  const total = [...totals.values()].reduce((a, b) => a + b, 0);

  return (
    <article className="grid gap-8 print:block print:text-[11pt]" aria-labelledby="report-title">
      <header className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <Link href={`/projects/${project.id}/export?${new URLSearchParams(record)}`} className="text-sm text-muted-foreground hover:text-foreground print:hidden">
            ← Back to Export
          </Link>
          <h2 id="report-title" className="mt-1 text-2xl font-semibold tracking-tight">
            Coded evidence: {project.name}
          </h2>
          <p className="text-sm text-muted-foreground" data-testid="report-summary">
            {formatCount(total, "passage")} under {formatCount(shownCodes.length, "code")}
            {context ? ` in ${formatCount(context.documentOrder.length, "document")}` : ""} · {new Date().toLocaleDateString("en-GB", { dateStyle: "long" })}
          </p>
        </div>
        <PrintButton />
      </header>
      {error && <Notice tone="error">{error}</Notice>}

      <section aria-labelledby="codebook-title" className="grid gap-3 print:mt-6">
        <h3 id="codebook-title" className="text-lg font-semibold">
          Codebook
        </h3>
        <dl className="grid gap-3">
          {shownCodes.map((c) => (
            <div key={c.id} className="break-inside-avoid rounded-lg border p-3 print:border-0 print:p-0" style={{ marginLeft: `${c.depth * 1.25}rem` }}>
              <dt className="flex items-center gap-2 font-semibold">
                <span className="inline-block size-3 rounded-full print:[print-color-adjust:exact]" style={{ backgroundColor: c.color }} aria-hidden />
                {c.path}
              </dt>
              <dd className="mt-1 grid gap-1 text-sm">
                {c.definition && <p>{c.definition}</p>}
                {c.include && <p><span className="font-medium">Include:</span> {c.include}</p>}
                {c.exclude && <p><span className="font-medium">Exclude:</span> {c.exclude}</p>}
                {c.examples && <p><span className="font-medium">Examples:</span> {c.examples}</p>}
                {!c.definition && !c.include && !c.exclude && !c.examples && <p className="text-muted-foreground">No definition yet.</p>}
              </dd>
            </div>
          ))}
        </dl>
      </section>

      <section aria-labelledby="evidence-title" className="grid gap-6 print:mt-8">
        <h3 id="evidence-title" className="text-lg font-semibold print:break-before-page">
          Passages by code
        </h3>
        {shownCodes.map((c) => {
          const passages = byCode.get(c.id) ?? [];
          const count = totals.get(c.id) ?? 0;
          return (
            <section key={c.id} aria-label={`Passages of ${c.path}`} className="grid gap-2" data-testid="report-code">
              <h4 className="font-semibold">
                {c.path} <span className="font-normal text-muted-foreground">({formatCount(count, "passage")}{count > passages.length ? `; the first ${passages.length} shown` : ""})</span>
              </h4>
              {passages.length === 0 ? (
                <p className="text-sm text-muted-foreground">No passages with these filters.</p>
              ) : (
                <ol className="grid gap-2">
                  {passages.map((p) => {
                    const d = context?.documents.get(p.documentId);
                    const page = p.pageFirst === null ? "" : p.pageFirst === p.pageLast ? `, p. ${p.pageFirst}` : `, pp. ${p.pageFirst}–${p.pageLast}`;
                    return (
                      <li key={p.id} className="break-inside-avoid border-l-4 pl-3 text-sm" style={{ borderColor: c.color }}>
                        <blockquote className="whitespace-pre-wrap">{p.quote}</blockquote>
                        <p className="mt-0.5 text-xs text-muted-foreground">
                          {d?.title ?? "A deleted document"}
                          {page} · {p.layer === "consensus" ? "consensus" : (context?.users.get(p.coderId) ?? "a former member")} · {p.start}–{p.end}
                          {p.memo ? ` · memo: ${p.memo}` : ""}
                        </p>
                      </li>
                    );
                  })}
                </ol>
              )}
            </section>
          );
        })}
      </section>
    </article>
  );
}
