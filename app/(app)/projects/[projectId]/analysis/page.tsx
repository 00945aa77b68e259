import { Download, Grid3x3 } from "lucide-react";
import type { Metadata } from "next";
import { getAttributeDefinitions } from "@/db/queries/attributes";
import { getMembersByProjectId } from "@/db/queries/members";
import { HeatMapTable } from "@/components/analysis/heat-map-table";
import { FrequencyTable } from "@/components/analysis/frequency-table";
import { codeFrequencies } from "@/db/queries/aggregates";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Notice } from "@/components/ui/notice";
import { MATRIX_TITLES, normalise } from "@/lib/aggregate/matrix";
import { ChartDownloads } from "@/components/analysis/chart-downloads";
import { AppError } from "@/lib/errors";
import { seesAllCodings } from "@/lib/permissions";
import { layerFor, runMatrix } from "@/lib/server/aggregates";
import { matrixQuerySchema } from "@/lib/validation/aggregates";
import { requireProject, type ProjectPageProps } from "../load-project";

export const metadata: Metadata = { title: "Analysis" };

type Props = ProjectPageProps & { searchParams: Promise<Record<string, string | string[] | undefined>> };

const TITLES = MATRIX_TITLES;

export default async function AnalysisPage({ params, searchParams }: Props) {
  const { projectId } = await params;
  const { db, user, project, role } = await requireProject(projectId, "/analysis");
  const sp = await searchParams;
  const record: Record<string, string> = { kind: "code-document" };
  for (const [k, v] of Object.entries(sp)) if (typeof v === "string" && v !== "") record[k] = v;
  const parsed = matrixQuerySchema.safeParse(record);
  const seesAll = seesAllCodings(role, project);
  const [attributes, members] = await Promise.all([getAttributeDefinitions(db, { projectId: project.id }), getMembersByProjectId(db, { projectId: project.id })]);
  let error: string | null = parsed.success ? null : (parsed.error.issues[0]?.message ?? "These settings are not valid.");
  let result: Awaited<ReturnType<typeof runMatrix>> | null = null;
  let frequencies: Awaited<ReturnType<typeof codeFrequencies>> | null = null;
  if (parsed.success) {
    try {
      result = await runMatrix(db, { user, project, role }, parsed.data);
      frequencies = await codeFrequencies(db, { projectId: project.id, layer: layerFor({ user, project, role }, parsed.data.layer), rollup: parsed.data.rollup === "true" });
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      error = e.message;
    }
  }
  const query = parsed.success ? parsed.data : null;
  const base = `/projects/${project.id}/analysis`;
  const qs = (extra: Record<string, string>) => new URLSearchParams({ ...record, ...extra }).toString();
  const drillHref =
    query && query.kind !== "cooccurrence"
      ? (row: string, column: string) => {
          const target: Record<string, string> =
            query.kind === "code-document" ? { document: column } : query.kind === "code-coder" ? { coder: column } : query.kind === "timeline" ? { when: column } : { value: column };
          return `${base}/passages?${qs({ code: row, ...target })}`;
        }
      : undefined;

  return (
    <section aria-labelledby="analysis-title" className="grid gap-5">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 id="analysis-title" className="text-lg font-semibold tracking-tight">
            Analysis
          </h2>
          <p className="mt-0.5 max-w-3xl text-sm text-muted-foreground">
            The coded evidence in aggregate, counted by the database: which documents carry which codes, who coded what, which codes appear together. Every count
            opens the passages behind it.
          </p>
        </div>
        {result && (
          <Button asChild variant="outline" size="sm">
            <a href={`/api/v1/projects/${project.id}/matrix?${qs({ format: "csv" })}`} download>
              <Download aria-hidden />
              Table as CSV
            </a>
          </Button>
        )}
      </div>
      <form method="get" action={base} className="flex flex-wrap items-end gap-3 rounded-xl border bg-card p-4 text-sm" aria-label="Matrix settings">
        <label className="grid gap-1">
          <span className="font-medium">View</span>
          <select name="kind" defaultValue={query?.kind ?? "code-document"} className="h-9 rounded-md border bg-background px-2">
            {Object.entries(TITLES).map(([k, t]) => (
              <option key={k} value={k}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <label className="grid gap-1">
          <span className="font-medium">Attribute</span>
          <select name="attribute" defaultValue={query?.attribute ?? attributes[0]?.name ?? ""} className="h-9 rounded-md border bg-background px-2" disabled={attributes.length === 0}>
            {attributes.length === 0 && <option value="">No attributes yet</option>}
            {attributes.map((a) => (
              <option key={a.id} value={a.name}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
        {seesAll && (
          <label className="grid gap-1">
            <span className="font-medium">Codings of</span>
            <select name="layer" defaultValue={query?.layer ?? "all"} className="h-9 rounded-md border bg-background px-2">
              <option value="all">All coders</option>
              <option value="consensus">The consensus layer</option>
              {members.filter((m) => m.role !== "viewer").map((m) => (
                <option key={m.userId} value={m.userId}>
                  {m.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="grid gap-1">
          <span className="font-medium">Co-occurrence</span>
          <select name="by" defaultValue={query?.by ?? "overlap"} className="h-9 rounded-md border bg-background px-2">
            <option value="overlap">Overlapping codings</option>
            <option value="paragraph">Same paragraph</option>
          </select>
        </label>
        <label className="grid gap-1">
          <span className="font-medium">Timeline by</span>
          <select name="period" defaultValue={query?.period ?? "year"} className="h-9 rounded-md border bg-background px-2">
            <option value="year">Year</option>
            <option value="month">Month</option>
          </select>
        </label>
        <label className="grid gap-1">
          <span className="font-medium">Show</span>
          <select name="normalise" defaultValue={query?.normalise ?? "count"} className="h-9 rounded-md border bg-background px-2">
            <option value="count">Counts</option>
            <option value="row">Row %</option>
            <option value="column">Column %</option>
          </select>
        </label>
        <label className="flex h-9 items-center gap-2">
          <input type="checkbox" name="rollup" value="true" defaultChecked={query?.rollup === "true"} className="size-4 accent-primary" />
          Count sub-codes with their parents
        </label>
        <Button type="submit">Show</Button>
      </form>
      {!seesAll && <Notice>This project is blind: the counts are of your own codings until the owner reveals everyone&apos;s.</Notice>}
      {error && <Notice tone="error">{error}</Notice>}
      {result && result.matrix.total === 0 && (
        <EmptyState icon={Grid3x3} title="No codings to count yet">
          Code passages in the documents (or choose another layer) and their counts appear here.
        </EmptyState>
      )}
      {frequencies && result && result.matrix.total > 0 && <FrequencyTable rows={frequencies.rows} passagesHref={(code) => `${base}/passages?${qs({ code })}`} />}
      {result && query && result.matrix.total > 0 && (
        <>
          <HeatMapTable matrix={result.matrix} values={normalise(result.matrix, query.normalise)} percent={query.normalise !== "count"} title={TITLES[query.kind]} drillHref={drillHref} />
          <figure className="grid gap-2 rounded-xl border bg-card p-4">
            {/* Served as an image: a chart can never run script, whatever the code names hold. The table above is its text alternative. */}
            {/* eslint-disable-next-line @next/next/no-img-element */}
            <img
              src={`/api/v1/projects/${project.id}/matrix?${qs({ format: "svg" })}`}
              alt={`${TITLES[query.kind]}: a heat map of ${result.matrix.rows.length} codes by ${result.matrix.columns.length} columns, ${result.matrix.total} in all. The same numbers are in the table above.`}
              className="max-w-full"
            />
            <figcaption className="flex flex-wrap items-center justify-between gap-2 text-xs text-muted-foreground">
              <span>The heat map as a chart, for papers and slides.</span>
              <ChartDownloads svgUrl={`/api/v1/projects/${project.id}/matrix?${qs({ format: "svg" })}`} name={query.kind} />
            </figcaption>
          </figure>
        </>
      )}
    </section>
  );
}
