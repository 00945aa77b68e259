import { TriangleAlert } from "lucide-react";
import { formatCount } from "@/lib/ui/format";

/**
 * What the import did to the file, in a researcher's words: the stored report is JSON written
 * by lib/ingest (IngestReport plus `source` and `fileName`), read defensively here because
 * documents imported by older versions may lack fields.
 */
const FORMAT_NAMES: Record<string, string> = { text: "Plain text", markdown: "Markdown", html: "Web page", docx: "Word document", pdf: "PDF" };

const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : 0);

export function summarizeReport(report: Record<string, unknown>) {
  const removed = report.removedControls && typeof report.removedControls === "object" ? (report.removedControls as Record<string, unknown>) : {};
  const removedTotal = Object.values(removed).reduce<number>((sum, n) => sum + num(n), 0);
  const warnings = Array.isArray(report.warnings) ? report.warnings.filter((w): w is string => typeof w === "string") : [];
  const emptyPages = Array.isArray(report.emptyPages) ? report.emptyPages.filter((p): p is number => typeof p === "number") : [];
  return {
    format: typeof report.format === "string" ? (FORMAT_NAMES[report.format] ?? report.format) : null,
    fileName: typeof report.fileName === "string" ? report.fileName : null,
    pasted: report.source === "paste",
    encoding: typeof report.encoding === "string" ? report.encoding : null,
    dehyphenation: report.dehyphenation === true,
    dehyphenated: num(report.dehyphenated),
    looksOcr: report.looksOcr === true,
    removedTotal,
    removedKinds: Object.keys(removed),
    replacementCharacters: num(report.replacementCharacters),
    pages: typeof report.pages === "number" ? report.pages : null,
    emptyPages,
    warnings,
  };
}

export function ImportReport({ report }: { report: Record<string, unknown> }) {
  const r = summarizeReport(report);
  const rows: [string, string][] = [];
  rows.push(["Imported from", r.pasted ? "Pasted text" : [r.format, r.fileName && `“${r.fileName}”`].filter(Boolean).join(", ") || "—"]);
  if (r.encoding) rows.push(["Encoding", r.encoding]);
  if (r.pages !== null) rows.push(["Pages", `${r.pages}${r.emptyPages.length ? ` (no text on ${r.emptyPages.length === 1 ? "page" : "pages"} ${r.emptyPages.join(", ")})` : ""}`]);
  rows.push(["Hyphenated words joined", r.dehyphenation ? r.dehyphenated.toLocaleString("en-GB") : "off"]);
  rows.push(["Control characters removed", r.removedTotal ? `${r.removedTotal.toLocaleString("en-GB")} (${r.removedKinds.join(", ")})` : "none"]);
  if (r.replacementCharacters) rows.push(["Unreadable characters (�)", r.replacementCharacters.toLocaleString("en-GB")]);

  return (
    <section aria-labelledby="import-report-title" className="text-sm">
      <h3 id="import-report-title" className="mb-2 text-xs font-medium uppercase tracking-wide text-muted-foreground">
        Import report
      </h3>
      <dl className="grid grid-cols-[8.5rem_minmax(0,1fr)] gap-x-3 gap-y-1">
        {rows.map(([term, value]) => (
          <div key={term} className="contents">
            <dt className="text-muted-foreground">{term}</dt>
            <dd className="min-w-0 [overflow-wrap:anywhere]">{value}</dd>
          </div>
        ))}
      </dl>
      {r.warnings.length > 0 && (
        <div className="mt-3 rounded-md border border-amber-300/60 bg-amber-50 p-2.5 text-amber-950">
          <p className="flex items-center gap-1.5 font-medium">
            <TriangleAlert aria-hidden className="size-4 text-amber-600" />
            {formatCount(r.warnings.length, "thing", "things")} to check
          </p>
          <ul className="mt-1.5 list-disc space-y-1 pl-5 text-xs leading-relaxed">
            {r.warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
