import Link from "next/link";
import type { CodeFrequency, FrequencyGroup } from "@/db/queries/aggregates";

/** Groups shown at most; past that the matrices (which page through documents better) say it. */
const MAX_GROUPS = 100;

function FrequencyRow({ r, href, hideEmpty }: { r: CodeFrequency; href: string; hideEmpty?: boolean }) {
  if (hideEmpty && r.codings === 0) return null;
  return (
    <tr className="border-t" data-code={r.label}>
      <th scope="row" className="px-3 py-1.5 text-left font-medium" style={{ paddingLeft: `${0.75 + r.depth * 1.25}rem` }}>
        {r.label.split("/").at(-1)}
      </th>
      <td className="px-3 py-1.5 text-right tabular-nums">
        {r.codings > 0 ? (
          <Link href={href} className="underline-offset-4 hover:underline">
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
  );
}

/**
 * Per code: codings (linked to their passages), documents, coders, share of the text. Split,
 * one block per group (document, coder, source type, attribute value) with the codes coded in it,
 * the share being of that group's text.
 */
export function FrequencyTable({
  rows,
  groups,
  splitLabel,
  passagesHref,
}: {
  rows: CodeFrequency[];
  groups?: FrequencyGroup[];
  splitLabel?: string;
  passagesHref: (codeId: string, groupId?: string) => string;
}) {
  const shown = groups?.slice(0, MAX_GROUPS);
  return (
    <div className="overflow-x-auto rounded-xl border bg-card">
      <table className="w-full text-sm" aria-label="Code frequencies">
        <caption className="px-3 pt-3 text-left font-semibold">
          Code frequencies{splitLabel ? ` by ${splitLabel}` : ""}
          {groups && groups.length > MAX_GROUPS && (
            <span className="ml-2 text-xs font-normal text-muted-foreground">the first {MAX_GROUPS} of {groups.length.toLocaleString("en")} groups are shown</span>
          )}
        </caption>
        <thead className="text-left text-xs uppercase tracking-wide text-muted-foreground">
          <tr>
            <th className="px-3 py-2">Code</th>
            <th className="px-3 py-2 text-right">Codings</th>
            <th className="px-3 py-2 text-right">Documents</th>
            <th className="px-3 py-2 text-right">Coders</th>
            <th className="px-3 py-2 text-right">Share of the text</th>
          </tr>
        </thead>
        {shown ? (
          shown.map((g) => (
            <tbody key={g.id} data-group={g.label}>
              <tr className="border-t bg-muted/50">
                <th colSpan={5} scope="rowgroup" className="px-3 py-1.5 text-left text-xs font-semibold uppercase tracking-wide">
                  {g.label}
                </th>
              </tr>
              {g.rows.map((r) => (
                <FrequencyRow key={r.codeId} r={r} href={passagesHref(r.codeId, g.id)} hideEmpty />
              ))}
            </tbody>
          ))
        ) : (
          <tbody>
            {rows.map((r) => (
              <FrequencyRow key={r.codeId} r={r} href={passagesHref(r.codeId)} />
            ))}
          </tbody>
        )}
      </table>
    </div>
  );
}
