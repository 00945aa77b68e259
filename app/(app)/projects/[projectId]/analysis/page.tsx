import { Download, Grid3x3, Search } from "lucide-react";
import Link from "next/link";
import type { Metadata } from "next";
import { getAttributeDefinitions } from "@/db/queries/attributes";
import { getMembersByProjectId } from "@/db/queries/members";
import { HeatMapTable } from "@/components/analysis/heat-map-table";
import { FrequencyTable } from "@/components/analysis/frequency-table";
import { codeFrequencies, codeFrequenciesBy, type FrequencyGroup, type FrequencySplit } from "@/db/queries/aggregates";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Notice } from "@/components/ui/notice";
import { MATRIX_TITLES, NORMALISATION_LABELS, NORMALISATIONS, normalise } from "@/lib/aggregate/matrix";
import { queryToParams } from "@/lib/retrieval/query";
import { ChartDownloads } from "@/components/analysis/chart-downloads";
import { AppError } from "@/lib/errors";
import { seesAllCodings } from "@/lib/permissions";
import { layerFor, runMatrix } from "@/lib/server/aggregates";
import { matrixQuerySchema } from "@/lib/validation/aggregates";
import { requireProject, type ProjectPageProps } from "../load-project";

export const metadata: Metadata = { title: "Analysis" };

type Props = ProjectPageProps & { searchParams: Promise<Record<string, string | string[] | undefined>> };

const TITLES = MATRIX_TITLES;
const SPLITS = ["document", "coder", "source-type", "attribute"] as const;
const SPLIT_LABELS: Record<(typeof SPLITS)[number], string> = { document: "document", coder: "coder", "source-type": "source type", attribute: "attribute value" };

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
  let groups: FrequencyGroup[] | undefined;
  const splitBy = SPLITS.find((s) => s === record.split);
  const attributeForSplit = attributes.find((a) => a.name === (record.attribute ?? attributes[0]?.name));
  const split: FrequencySplit | undefined =
    splitBy === "attribute" ? (attributeForSplit ? { by: "attribute", attributeId: attributeForSplit.id } : undefined) : splitBy ? { by: splitBy } : undefined;
  if (parsed.success) {
    try {
      result = await runMatrix(db, { user, project, role }, parsed.data);
      const scope = { projectId: project.id, layer: layerFor({ user, project, role }, parsed.data.layer), rollup: parsed.data.rollup === "true" };
      frequencies = await codeFrequencies(db, scope);
      if (split) groups = await codeFrequenciesBy(db, { ...scope, split });
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      error = e.message;
    }
  }
  const query = parsed.success ? parsed.data : null;
  const base = `/projects/${project.id}/analysis`;
  const qs = (extra: Record<string, string>) => new URLSearchParams({ ...record, ...extra }).toString();
  const drillHref = !query
    ? undefined
    : query.kind === "cooccurrence"
      ? // A co-occurrence cell opens the codings of both codes that meet (the diagonal: the code's own), as a retrieval query.
        (row: string, column: string) =>
          `${base}/retrieve?${queryToParams({ a: row, op: row === column ? "only" : "and", b: column, scope: query.by === "overlap" ? "overlap" : "paragraph", within: 1, rollup: false, layer: query.layer, sort: "document" })}`
      : (row: string, column: string) => {
          const target: Record<string, string> =
            query.kind === "code-document" ? { document: column } : query.kind === "code-coder" ? { coder: column } : query.kind === "timeline" ? { when: column } : { value: column };
          return `${base}/passages?${qs({ code: row, ...target })}`;
        };

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
        <div className="flex flex-wrap gap-2">
          <Button asChild variant="outline" size="sm">
            <Link href={`${base}/retrieve`}>
              <Search aria-hidden />
              Retrieve passages
            </Link>
          </Button>
          {result && (
            <Button asChild variant="outline" size="sm">
              <a href={`/api/v1/projects/${project.id}/matrix?${qs({ format: "csv" })}`} download>
                <Download aria-hidden />
                Table as CSV
              </a>
            </Button>
          )}
        </div>
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
          <span className="font-medium">Timeline as</span>
          <select name="chart" defaultValue={query?.chart ?? "line"} className="h-9 rounded-md border bg-background px-2">
            <option value="line">Lines</option>
            <option value="stacked">Stacked bars</option>
          </select>
        </label>
        <label className="grid gap-1">
          <span className="font-medium">Show</span>
          <select name="normalise" defaultValue={query?.normalise ?? "count"} className="h-9 rounded-md border bg-background px-2">
            {NORMALISATIONS.map((n) => (
              <option key={n} value={n}>
                {NORMALISATION_LABELS[n]}
              </option>
            ))}
          </select>
        </label>
        <label className="grid gap-1">
          <span className="font-medium">Split frequencies by</span>
          <select name="split" defaultValue={splitBy ?? ""} className="h-9 rounded-md border bg-background px-2">
            <option value="">Nothing</option>
            {SPLITS.map((s) => (
              <option key={s} value={s} disabled={s === "attribute" && attributes.length === 0}>
                {s === "attribute" ? "The attribute chosen" : SPLIT_LABELS[s][0]!.toUpperCase() + SPLIT_LABELS[s].slice(1)}
              </option>
            ))}
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
      {frequencies && result && result.matrix.total > 0 && <FrequencyTable
          rows={frequencies.rows}
          groups={groups}
          splitLabel={splitBy === "attribute" && attributeForSplit ? attributeForSplit.name : splitBy ? SPLIT_LABELS[splitBy] : undefined}
          passagesHref={(code, group) => {
            if (group === undefined) return `${base}/passages?${qs({ code })}`;
            const target: Record<string, string> =
              splitBy === "document" ? { document: group } : splitBy === "coder" ? { coder: group } : splitBy === "source-type" ? { source: group } : { attribute: attributeForSplit?.name ?? "", value: group };
            return `${base}/passages?${qs({ code, ...target })}`;
          }}
        />}
      {result && query && result.matrix.total > 0 && (
        <>
          <HeatMapTable
            matrix={result.matrix}
            values={normalise(result.matrix, query.normalise)}
            normalisation={query.normalise}
            title={query.normalise === "per1000" ? `${TITLES[query.kind]}: codings per 1,000 words` : TITLES[query.kind]}
            drillHref={drillHref}
          />
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
