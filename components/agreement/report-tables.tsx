import Link from "next/link";
import type { AgreementReport, ReportRow } from "@/lib/agreement";
import { fmt, fmtPercent } from "./format";

const UNIT_MEASURES = ["percent", "cohen", "fleiss", "brennan-prediger", "alpha"] as const;
const UNIT_HEADERS: Record<(typeof UNIT_MEASURES)[number], string> = {
  percent: "Agreement",
  cohen: "Cohen's κ",
  fleiss: "Fleiss' κ",
  "brennan-prediger": "Brennan–Prediger κ",
  alpha: "Krippendorff's α (95 % CI)",
};

/** Per code and pooled: the unit-level measures side by side, each with the n behind it. */
export function SummaryTable({ report, drillHref }: { report: AgreementReport; drillHref: (codeId: string | null) => string }) {
  const shown = UNIT_MEASURES.filter((m) => report.rows.some((r) => r.measure === m));
  const lines = [...report.codes.map((c) => ({ id: c.id as string | null, name: c.name })), { id: null, name: "All codes (as categories)" }];
  const cell = (codeId: string | null, measure: string) => report.rows.find((r) => r.codeId === codeId && r.measure === measure);
  return (
    <div className="overflow-x-auto rounded-xl border bg-card">
      <table className="w-full text-sm" aria-label="Agreement per code">
        <thead className="bg-muted/50 text-left text-xs uppercase tracking-wide text-muted-foreground">
          <tr>
            <th className="px-3 py-2">Code</th>
            {shown.map((m) => (
              <th key={m} className="px-3 py-2 text-right">
                {UNIT_HEADERS[m]}
              </th>
            ))}
            <th className="px-3 py-2 text-right">Units</th>
            <th className="px-3 py-2 text-right">Disagreements</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line) => {
            const n = shown.map((m) => cell(line.id, m)?.n).find((x) => x !== undefined);
            const disagreements = report.disagreementCounts[line.id ?? ""] ?? 0;
            return (
              <tr key={line.id ?? "pooled"} className="border-t" data-code={line.name}>
                <th scope="row" className="px-3 py-2 text-left font-medium">
                  {line.name}
                </th>
                {shown.map((m) => {
                  const row = cell(line.id, m);
                  return (
                    <td key={m} className="px-3 py-2 text-right tabular-nums" title={row?.note} data-measure={m}>
                      {m === "percent" ? fmtPercent(row?.value) : fmt(row?.value)}
                      {row?.ci && (
                        <span className="ml-1 text-xs text-muted-foreground">
                          [{fmt(row.ci.low)}, {fmt(row.ci.high)}]
                        </span>
                      )}
                    </td>
                  );
                })}
                <td className="px-3 py-2 text-right tabular-nums">{n ?? "—"}</td>
                <td className="px-3 py-2 text-right tabular-nums">
                  {disagreements > 0 ? (
                    <Link href={drillHref(line.id)} className="font-medium text-primary underline-offset-4 hover:underline">
                      {disagreements} — see them
                    </Link>
                  ) : (
                    "0"
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** Character-level, segment-overlap and unitized figures: many statistics, one row each. */
export function DetailTable({ rows, title, drillHref }: { rows: ReportRow[]; title: string; drillHref?: (row: ReportRow) => string | null }) {
  if (rows.length === 0) return null;
  return (
    <div className="overflow-x-auto rounded-xl border bg-card">
      <table className="w-full text-sm" aria-label={title}>
        <caption className="px-3 pt-3 text-left font-semibold">{title}</caption>
        <thead className="text-left text-xs uppercase tracking-wide text-muted-foreground">
          <tr>
            <th className="px-3 py-2">Code</th>
            <th className="px-3 py-2">Statistic</th>
            <th className="px-3 py-2 text-right">Value</th>
            <th className="px-3 py-2 text-right">n</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i} className="border-t">
              <td className="px-3 py-1.5">{r.codeName}</td>
              <td className="px-3 py-1.5">
                {r.statistic}
                {r.note && <span className="block text-xs text-muted-foreground">{r.note}</span>}
              </td>
              <td className="px-3 py-1.5 text-right tabular-nums">
                {r.statistic.startsWith("percent") ? fmtPercent(r.value) : fmt(r.value)}
                {drillHref?.(r) && (
                  <Link href={drillHref(r)!} className="ml-2 text-xs text-primary underline-offset-4 hover:underline">
                    see them
                  </Link>
                )}
              </td>
              <td className="px-3 py-1.5 text-right tabular-nums">
                {r.n.toLocaleString("en")} <span className="text-xs text-muted-foreground">{r.nLabel}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Every pair of coders: agreement, κ and α on the pooled categories. */
export function PairMatrix({ report }: { report: AgreementReport }) {
  const name = new Map(report.coders.map((c) => [c.key, c.name]));
  const pairOf = (a: string, b: string) => report.pairs.find((p) => (p.coders[0] === a && p.coders[1] === b) || (p.coders[0] === b && p.coders[1] === a));
  return (
    <div className="overflow-x-auto rounded-xl border bg-card">
      <table className="text-sm" aria-label="Coder pairs">
        <caption className="px-3 pt-3 text-left font-semibold">Coder pairs: α (κ) over all codes as categories</caption>
        <thead>
          <tr>
            <th className="px-3 py-2" />
            {report.coders.map((c) => (
              <th key={c.key} scope="col" className="px-3 py-2 text-right font-medium">
                {c.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {report.coders.map((row) => (
            <tr key={row.key} className="border-t">
              <th scope="row" className="px-3 py-2 text-left font-medium">
                {name.get(row.key)}
              </th>
              {report.coders.map((col) => {
                const pair = row.key === col.key ? null : pairOf(row.key, col.key);
                return (
                  <td key={col.key} className="px-3 py-2 text-right tabular-nums" title={pair ? `${pair.units} units both coded; agreement ${fmtPercent(pair.percent)}` : undefined}>
                    {pair ? `${fmt(pair.alpha)} (${fmt(pair.kappa)})` : "·"}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Per document: where coding diverges. */
export function DocumentTable({ report, projectId, drillHref }: { report: AgreementReport; projectId: string; drillHref: (codeId: string | null, documentId: string) => string }) {
  return (
    <div className="overflow-x-auto rounded-xl border bg-card">
      <table className="w-full text-sm" aria-label="Agreement per document">
        <caption className="px-3 pt-3 text-left font-semibold">Per document: Krippendorff&apos;s α</caption>
        <thead className="text-left text-xs uppercase tracking-wide text-muted-foreground">
          <tr>
            <th className="px-3 py-2">Document</th>
            <th className="px-3 py-2 text-right">Units</th>
            <th className="px-3 py-2 text-right">All codes</th>
            {report.codes.map((c) => (
              <th key={c.id} className="px-3 py-2 text-right">
                {c.name}
              </th>
            ))}
            <th className="px-3 py-2 text-right">Disagreements</th>
          </tr>
        </thead>
        <tbody>
          {[...report.perDocument]
            .sort((a, b) => (a.alpha ?? 2) - (b.alpha ?? 2))
            .map((d) => (
              <tr key={d.documentId} className="border-t">
                <td className="px-3 py-1.5">
                  <Link href={`/projects/${projectId}/documents/${d.documentId}`} className="underline-offset-4 hover:underline">
                    {d.title}
                  </Link>
                </td>
                <td className="px-3 py-1.5 text-right tabular-nums">{d.units}</td>
                <td className="px-3 py-1.5 text-right tabular-nums">{fmt(d.alpha)}</td>
                {report.codes.map((c) => (
                  <td key={c.id} className="px-3 py-1.5 text-right tabular-nums">
                    {fmt(d.perCode[c.id])}
                  </td>
                ))}
                <td className="px-3 py-1.5 text-right tabular-nums">
                  {d.disagreements > 0 ? (
                    <Link href={drillHref(null, d.documentId)} className="text-primary underline-offset-4 hover:underline">
                      {d.disagreements}
                    </Link>
                  ) : (
                    "0"
                  )}
                </td>
              </tr>
            ))}
        </tbody>
      </table>
    </div>
  );
}
