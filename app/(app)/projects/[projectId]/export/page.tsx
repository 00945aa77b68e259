import { FileDown } from "lucide-react";
import type { Metadata } from "next";
import { AttributeValueFields, CoderField } from "@/components/forms/filter-fields";
import Link from "next/link";
import { getAttributeDefinitions } from "@/db/queries/attributes";
import { getCodesByProjectId } from "@/db/queries/codes";
import { countExport, loadExportContext } from "@/db/queries/export";
import { getMembersByProjectId } from "@/db/queries/members";
import { FormatList } from "@/components/export/format-list";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { AppError } from "@/lib/errors";
import { seesAllCodings } from "@/lib/permissions";
import { exportLayerFor } from "@/lib/server/export";
import { formatCount } from "@/lib/ui/format";
import { exportFilterRecord, exportQuerySchema } from "@/lib/validation/export";
import { requireProject, type ProjectPageProps } from "../load-project";

export const metadata: Metadata = { title: "Export" };

type Props = ProjectPageProps & { searchParams: Promise<Record<string, string | string[] | undefined>> };
const select = "h-9 rounded-md border bg-background px-2";

// Spreadsheet formats first: a spreadsheet runs a cell starting with = + - @ as a formula, so
// the plain CSV (quotes byte-exact, for scripts) says plainly that it is not for spreadsheets.
const DATASET_FORMATS = [
  { format: "xlsx", label: "Excel workbook", note: "for Excel, LibreOffice, Google Sheets: sheets of codings, codebook, documents, attributes" },
  { format: "csv-excel", label: "CSV for spreadsheets", note: "Excel, LibreOffice, Google Sheets: with a BOM; a cell starting with = + - @ gets an apostrophe so it never runs as a formula" },
  { format: "csv", label: "CSV for R, Stata, pandas", note: "UTF-8, quotes exactly as in the text; not for spreadsheets (cells starting with = + - @ would run as formulas)" },
  { format: "json", label: "JSON", note: "one array" },
  { format: "jsonl", label: "JSON Lines", note: "one coding per line" },
] as const;

/**
 * Export: the evidence dataset (one row per coding) in the formats people open, filtered by
 * layer, coder, code and attribute value, with the count it will hold; the texts and the codebook.
 */
export default async function ExportPage({ params, searchParams }: Props) {
  const { projectId } = await params;
  const { db, user, project, role } = await requireProject(projectId, "/export");
  const sp = await searchParams;
  const record = exportFilterRecord(sp);
  const [codes, members, attributes] = await Promise.all([
    getCodesByProjectId(db, { projectId: project.id }),
    getMembersByProjectId(db, { projectId: project.id }),
    getAttributeDefinitions(db, { projectId: project.id }),
  ]);
  const seesAll = seesAllCodings(role, project);
  const parsed = exportQuerySchema.safeParse(record);
  let error: string | null = parsed.success ? null : (parsed.error.issues[0]?.message ?? "These filters are not valid.");
  let count: { rows: number; documents: number } | null = null;
  if (parsed.success) {
    try {
      const layer = exportLayerFor({ user, project, role }, parsed.data.layer);
      const definition = parsed.data.attribute ? attributes.find((a) => a.name === parsed.data.attribute) : undefined;
      if (parsed.data.attribute && !definition) throw new AppError("bad_request", `There is no attribute “${parsed.data.attribute}” in this project.`);
      const filter = { projectId: project.id, layer, codeIds: parsed.data.codes, coderIds: parsed.data.coders, attribute: definition ? { id: definition.id, value: parsed.data.value ?? "" } : undefined };
      const context = await loadExportContext(db, filter);
      count = { rows: (await countExport(db, filter, context)).rows, documents: context.documentOrder.length };
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      error = e.message;
    }
  }
  const api = (format: string) => `/api/v1/projects/${project.id}/export?${new URLSearchParams({ ...record, format })}`;
  const chosenCodes = new Set(parsed.success ? (parsed.data.codes ?? []) : []);

  return (
    <section aria-labelledby="export-title" className="grid gap-5">
      <div>
        <h2 id="export-title" className="text-lg font-semibold tracking-tight">
          Export
        </h2>
        <p className="mt-0.5 max-w-3xl text-sm text-muted-foreground">
          The coded evidence as a dataset — one row per coding with its document, attributes, code, coder, offsets (in Unicode code points) and quote — in the
          formats R, Stata, pandas and Excel open. Quotes slice the exported texts at their offsets exactly.
        </p>
      </div>

      <form method="get" className="grid gap-3 rounded-xl border bg-card p-4 text-sm" aria-label="Export filters">
        <div className="flex flex-wrap items-end gap-3">
          {seesAll && (
            <label className="grid gap-1">
              <span className="font-medium">Codings of</span>
              <select name="layer" defaultValue={record.layer ?? "both"} className={select}>
                <option value="both">Every coder and the consensus layer</option>
                <option value="all">Every coder</option>
                <option value="consensus">The consensus layer</option>
              </select>
            </label>
          )}
          {seesAll && <CoderField name="coders" value={record.coders ?? ""} members={members} />}
          <AttributeValueFields attribute={record.attribute ?? ""} value={record.value ?? ""} attributes={attributes} labels={{ attribute: "Documents where", any: "Any document", value: "is (empty: not set)" }} />
        </div>
        <fieldset className="grid gap-1.5">
          <legend className="font-medium">Codes (none ticked: every code)</legend>
          <div className="flex flex-wrap gap-x-4 gap-y-1">
            {codes.map((c) => (
              <label key={c.id} className="flex items-center gap-1.5" style={{ marginLeft: `${c.depth * 0.75}rem` }}>
                <input type="checkbox" name="codes" value={c.id} defaultChecked={chosenCodes.has(c.id)} className="size-4 accent-primary" />
                <span className="inline-block size-2.5 rounded-full" style={{ backgroundColor: c.color }} aria-hidden />
                {c.path}
              </label>
            ))}
          </div>
        </fieldset>
        <div>
          <Button type="submit" variant="secondary" size="sm">
            Apply filters
          </Button>
        </div>
      </form>

      {!seesAll && <Notice>This project is blind: you export your own codings until the owner reveals everyone&apos;s.</Notice>}
      {error && <Notice tone="error">{error}</Notice>}

      {count && (
        <div className="grid gap-3 rounded-xl border bg-card p-4">
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <h3 className="font-semibold">The evidence dataset</h3>
            <p className="text-sm text-muted-foreground" data-testid="export-count">
              {formatCount(count.rows, "coding")} from {formatCount(count.documents, "document")}
            </p>
          </div>
          {count.rows === 0 ? (
            <p className="text-sm text-muted-foreground">Nothing to export with these filters yet: code passages in the documents, or widen the filters.</p>
          ) : (
            <FormatList items={DATASET_FORMATS.map((f) => ({ ...f, href: api(f.format) }))} />
          )}
        </div>
      )}

      <div className="grid gap-3 rounded-xl border bg-card p-4">
        <div>
          <h3 className="font-semibold">For ATLAS.ti, NVivo, MAXQDA and QualCoder</h3>
          <p className="text-sm text-muted-foreground">
            The whole project in the REFI-QDA exchange format: texts, codebook, codings with their coders, memos and attributes. Another Qualcode can import it too
            (Projects → Import .qdpx).
          </p>
        </div>
        <FormatList
          items={[
            { format: "qdpx", label: "Project (.qdpx)", note: "REFI-QDA project, validated against its schema", href: api("qdpx") },
            { format: "qdc", label: "Codebook (.qdc)", note: "REFI-QDA codebook", href: api("qdc") },
          ]}
        />
      </div>

      <div className="grid gap-3 rounded-xl border bg-card p-4">
        <h3 className="font-semibold">Texts and codebook</h3>
        <FormatList
          items={[
            { format: "texts", label: "Texts (ZIP)", note: "each document's canonical text as UTF-8 .txt, named by id" },
            { format: "codebook-csv", label: "Codebook (CSV)", note: "paths, colours, descriptions" },
            { format: "codebook-md", label: "Codebook (Markdown)", note: "for a methods appendix" },
          ].map((f) => ({ ...f, href: `/api/v1/projects/${project.id}/export?format=${f.format}` }))}
        />
      </div>
      <div className="flex flex-wrap items-center justify-between gap-3 rounded-xl border bg-card p-4">
        <div>
          <h3 className="font-semibold">Report</h3>
          <p className="text-sm text-muted-foreground">The codebook with its definitions, then every code&apos;s passages with document, page and coder, for reading or printing to PDF. Uses the filters above.</p>
        </div>
        <Button asChild variant="outline" size="sm">
          <Link href={`/projects/${project.id}/export/report?${new URLSearchParams(record)}`}>Open the report</Link>
        </Button>
      </div>
      <p className="flex items-center gap-2 text-xs text-muted-foreground">
        <FileDown aria-hidden className="size-4" />
        The same exports are at <code>GET /api/v1/projects/{project.id}/export</code> for scripts (see the README).
      </p>
    </section>
  );
}
