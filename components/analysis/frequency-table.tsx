import Link from "next/link";
import type { CodeFrequency } from "@/db/queries/aggregates";

/** Per code: codings (linked to their passages), documents, coders, share of the text. */
export function FrequencyTable({ rows, passagesHref }: { rows: CodeFrequency[]; passagesHref: (codeId: string) => string }) {
  return (
    <div className="overflow-x-auto rounded-xl border bg-card">
      <table className="w-full text-sm" aria-label="Code frequencies">
        <caption className="px-3 pt-3 text-left font-semibold">Code frequencies</caption>
        <thead className="text-left text-xs uppercase tracking-wide text-muted-foreground">
          <tr>
            <th className="px-3 py-2">Code</th>
            <th className="px-3 py-2 text-right">Codings</th>
            <th className="px-3 py-2 text-right">Documents</th>
            <th className="px-3 py-2 text-right">Coders</th>
            <th className="px-3 py-2 text-right">Share of the text</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.codeId} className="border-t" data-code={r.label}>
              <th scope="row" className="px-3 py-1.5 text-left font-medium" style={{ paddingLeft: `${0.75 + r.depth * 1.25}rem` }}>
                {r.label.split("/").at(-1)}
              </th>
              <td className="px-3 py-1.5 text-right tabular-nums">
                {r.codings > 0 ? (
                  <Link href={passagesHref(r.codeId)} className="underline-offset-4 hover:underline">
                    {r.codings.toLocaleString("en")}
                  </Link>
                ) : (
                  0
                )}
              </td>
              <td className="px-3 py-1.5 text-right tabular-nums">{r.documents.toLocaleString("en")}</td>
              <td className="px-3 py-1.5 text-right tabular-nums">{r.coders.toLocaleString("en")}</td>
              <td className="px-3 py-1.5 text-right tabular-nums">{(r.share * 100).toFixed(1)} %</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
