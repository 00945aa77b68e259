import "server-only";
import { PassThrough, Readable } from "node:stream";
import { Zip, ZipDeflate } from "fflate";
import { getDatabaseHandle, type Database, type DatabaseHandle } from "@/db/client";
import { getAttributeDefinitions } from "@/db/queries/attributes";
import { getCodesByProjectId } from "@/db/queries/codes";
import { countExport, loadExportContext, streamDocumentTexts, streamExportCodings, type ExportFilter, type ExportLayer } from "@/db/queries/export";
import type { Project, User } from "@/db/schema";
import { contentDisposition } from "@/lib/api/download";
import { codebookCsv, codebookMarkdown } from "@/lib/dataset/codebook";
import { datasetCopySql } from "@/lib/dataset/copy-sql";
import { datasetCsv, datasetCsvHead } from "@/lib/dataset/csv";
import { datasetJson, datasetJsonl } from "@/lib/dataset/json";
import { textFileName } from "@/lib/dataset/texts";
import { writeDatasetXlsx } from "@/lib/dataset/xlsx";
import { writeCodebookXml, writeQdpx } from "@/lib/refi/write";
import { buildQdaProject, qdaCodeTree } from "./refi-export";
import { AppError } from "@/lib/errors";
import { seesAllCodings, type Role } from "@/lib/permissions";
import type { ExportQuery } from "@/lib/validation/export";

type Ctx = { user: User; project: Project; role: Role };

/** Which codings an export may hold: everything by default; in a blind project, only one's own until the owner reveals. */
export function exportLayerFor(ctx: Ctx, asked: string | undefined): ExportLayer {
  if (!seesAllCodings(ctx.role, ctx.project)) {
    if (asked !== undefined && asked !== ctx.user.id) throw new AppError("forbidden", "This project is blind: until the owner reveals, you can export only your own codings.");
    return { coderId: ctx.user.id };
  }
  if (asked === undefined || asked === "both") return "both";
  return asked === "all" ? "all" : asked === "consensus" ? "consensus" : { coderId: asked };
}

/** The export filter for a validated query: the layer the viewer may export, the attribute resolved by name or id. */
export async function filterFor(db: Database, ctx: Ctx, query: ExportQuery): Promise<ExportFilter> {
  let attribute: ExportFilter["attribute"];
  if (query.attribute !== undefined) {
    const definition = (await getAttributeDefinitions(db, { projectId: ctx.project.id })).find((a) => a.id === query.attribute || a.name === query.attribute);
    if (!definition) throw new AppError("bad_request", `There is no attribute “${query.attribute}” in this project.`, { field: "attribute" });
    attribute = { id: definition.id, value: query.value ?? "" };
  }
  return { projectId: ctx.project.id, layer: exportLayerFor(ctx, query.layer), codeIds: query.codes, coderIds: query.coders, documentIds: query.documents, attribute };
}

const TYPES = {
  csv: "text/csv; charset=utf-8",
  "csv-excel": "text/csv; charset=utf-8",
  json: "application/json; charset=utf-8",
  jsonl: "application/x-ndjson; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  texts: "application/zip",
  "codebook-csv": "text/csv; charset=utf-8",
  "codebook-md": "text/markdown; charset=utf-8",
} as const;

function fileBase(project: Project): string {
  return project.name.replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-|-$/g, "").slice(0, 60) || "project";
}

function headers(type: string, fileName: string, estimate?: number): Headers {
  // no-transform: Next's built-in gzip would spend more CPU than the export itself (bench P5 took
  // 2.3× as long); a reverse proxy in front compresses without holding up the app server.
  const h = new Headers({ "content-type": type, "content-disposition": contentDisposition(fileName), "x-content-type-options": "nosniff", "cache-control": "private, no-store, no-transform" });
  if (estimate) h.set("x-export-estimate", String(Math.round(estimate)));
  return h;
}

/** Text chunks → a byte stream that stops (and logs) if the database fails half-way, rather than hang. */
function textStream(chunks: AsyncIterable<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = chunks[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await iterator.next();
        if (done) controller.close();
        else controller.enqueue(encoder.encode(value));
      } catch (error) {
        console.error("[export] failed while streaming", error);
        controller.error(error);
      }
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

/**
 * An export as a streamed response (docs/api.md `GET /export`): the dataset in CSV, CSV for
 * Excel, XLSX, JSON or JSONL; the documents' texts as a ZIP; the codebook as CSV or Markdown.
 * `x-export-estimate` gives the expected size in bytes, for the progress bar.
 */
export async function exportResponse(db: Database, ctx: Ctx, query: ExportQuery): Promise<Response> {
  const base = fileBase(ctx.project);
  const filter = await filterFor(db, ctx, query);
  if (query.format === "qdpx") {
    const bytes = writeQdpx(await buildQdaProject(db, filter));
    return new Response(bytes as Uint8Array<ArrayBuffer>, { headers: headers("application/zip", `${base}.qdpx`) });
  }
  if (query.format === "qdc") {
    const xml = writeCodebookXml(qdaCodeTree(await getCodesByProjectId(db, { projectId: ctx.project.id })));
    return new Response(xml, { headers: headers("application/xml; charset=utf-8", `${base}-codebook.qdc`) });
  }
  const context = await loadExportContext(db, filter);
  if (query.format === "codebook-csv") return new Response(codebookCsv([...context.codes.values()]), { headers: headers(TYPES["codebook-csv"], `${base}-codebook.csv`) });
  if (query.format === "codebook-md") return new Response(codebookMarkdown(ctx.project.name, [...context.codes.values()]), { headers: headers(TYPES["codebook-md"], `${base}-codebook.md`) });
  if (query.format === "texts") return textsZip(db, ctx, context.documentOrder.map((id) => ({ id, title: context.documents.get(id)!.title })), base);

  const { rows, textBytes } = await countExport(db, filter, context);
  const perRow = 400 + context.attributeNames.length * 12;
  const estimate = textBytes + rows * perRow;
  if (query.format === "csv" || query.format === "csv-excel") {
    const handle = await getDatabaseHandle();
    if (handle.driver === "postgres" && handle.sql && handle.db === db) {
      const variant = query.format === "csv-excel" ? "excel" : "plain";
      const definitions = await getAttributeDefinitions(db, { projectId: ctx.project.id });
      const narrowed = filter.documentIds !== undefined || filter.attribute !== undefined;
      const copy = datasetCopySql({ ...filter, documentIds: narrowed ? context.documentOrder : undefined, attributes: definitions.map((d) => ({ id: d.id, name: d.name })), variant });
      const head = datasetCsvHead({ attributeNames: definitions.map((d) => d.name) }, variant);
      return new Response(await copyStream(handle.sql, copy, head), { headers: headers(TYPES[query.format], `${base}-codings${variant === "excel" ? "-excel" : ""}.csv`, estimate) });
    }
  }
  const batches = streamExportCodings(db, filter, context);
  if (query.format === "xlsx") {
    const out = new PassThrough();
    writeDatasetXlsx(out, batches, context).catch((error) => {
      console.error("[export] XLSX failed while streaming", error);
      out.destroy(error as Error);
    });
    return new Response(Readable.toWeb(out) as ReadableStream<Uint8Array>, { headers: headers(TYPES.xlsx, `${base}-codings.xlsx`, estimate * 0.6) });
  }
  const chunks =
    query.format === "json" ? datasetJson(batches, context) : query.format === "jsonl" ? datasetJsonl(batches, context) : datasetCsv(batches, context, query.format === "csv-excel" ? "excel" : "plain");
  const ext = query.format === "json" ? "json" : query.format === "jsonl" ? "jsonl" : "csv";
  return new Response(textStream(chunks), { headers: headers(TYPES[query.format], `${base}-codings${query.format === "csv-excel" ? "-excel" : ""}.${ext}`, estimate) });
}

/**
 * PostgreSQL's own CSV (copy-sql.ts) streamed through as it comes: no rows in JavaScript, so a
 * million-row export costs what COPY costs and holds one chunk at a time. `head` (the BOM for
 * Excel and the header line, csv.ts) goes first. If the client goes away, the COPY is stopped.
 */
async function copyStream(sql: NonNullable<DatabaseHandle["sql"]>, statement: string, head: string): Promise<ReadableStream<Uint8Array>> {
  const readable = await sql.unsafe(statement).readable();
  const iterator = readable[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let started = false;
  // The socket hands COPY over in ~64 kB pieces; passing them on in ~1 MB chunks cuts the
  // per-chunk cost of every stream between here and the client sixteenfold.
  const CHUNK = 1024 * 1024;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) controller.enqueue(new TextEncoder().encode(head));
      started = true;
      try {
        const parts: Buffer[] = [];
        let size = 0;
        while (size < CHUNK) {
          const { done, value } = await iterator.next();
          if (done) break;
          parts.push(value);
          size += value.byteLength;
        }
        if (size > 0) controller.enqueue(parts.length === 1 ? new Uint8Array(parts[0]!.buffer, parts[0]!.byteOffset, size) : new Uint8Array(Buffer.concat(parts, size)));
        if (size < CHUNK) controller.close();
      } catch (error) {
        console.error("[export] COPY failed while streaming", error);
        controller.error(error);
      }
    },
    cancel() {
      readable.destroy();
    },
  });
}

/** The canonical texts as a ZIP of UTF-8 `.txt` files named by id and title, deflated as they stream. */
function textsZip(db: Database, ctx: Ctx, docs: { id: string; title: string }[], base: string): Response {
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const zip = new Zip((error, chunk, final) => {
        if (error) return controller.error(error);
        controller.enqueue(chunk);
        if (final) controller.close();
      });
      try {
        const encoder = new TextEncoder();
        for await (const doc of streamDocumentTexts(db, { projectId: ctx.project.id, documentIds: docs.map((d) => d.id) })) {
          const entry = new ZipDeflate(textFileName(doc.id, doc.title), { level: 6 });
          zip.add(entry);
          entry.push(encoder.encode(doc.text), true);
        }
        zip.end();
      } catch (error) {
        console.error("[export] texts ZIP failed", error);
        controller.error(error);
      }
    },
  });
  return new Response(stream, { headers: headers(TYPES.texts, `${base}-texts.zip`) });
}
