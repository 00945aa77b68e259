import { documentJson } from "@/lib/api/serialize";
import { getEnv } from "@/lib/config/env";
import { AppError } from "@/lib/errors";
import { importDocument, importLimits, listDocuments, type ImportSource } from "@/lib/server/documents";
import { apiRoute } from "@/lib/server/guard";
import { megabytes, readBodyCapped } from "@/lib/server/request-body";
import { importQuerySchema, listDocumentsQuerySchema, pasteDocumentSchema, uploadFieldsSchema } from "@/lib/validation/documents";
import { projectParamsSchema } from "@/lib/validation/projects";
import { refuseNul } from "@/lib/validation/text";

export const dynamic = "force-dynamic";

/**
 * The project's documents, one page at a time: `search` (in titles), `sourceType`,
 * `attr.<name or id>=<value>` (any number), `sort` (title, sourceType, publishedOn, createdAt,
 * length, codingCount, position, or attr:<name or id>), `direction`, `limit` (≤ 500), `offset`.
 * A bare array like every list; the number of matching documents is in `x-total-count`.
 */
export const GET = apiRoute(
  { name: "api.documents.list", access: "documents.read", params: projectParamsSchema, query: listDocumentsQuerySchema },
  async ({ db, user, project, role }, { query, request }) => {
    const attributes: Record<string, string> = {};
    for (const [key, value] of new URL(request.url).searchParams) {
      if (key.startsWith("attr.") && key.length > 5) attributes[key.slice(5)] = value;
    }
    const { rows, total } = await listDocuments(db, { project: project!, role: role!, userId: user!.id, request: { ...query, attributes } });
    return Response.json(
      rows.map((row) => documentJson(row, { attributes: row.attributes })),
      { headers: { "x-total-count": String(total), "cache-control": "no-store" } },
    );
  },
);

/** Room for the multipart envelope and the title and attributes fields around the file. */
const FORM_OVERHEAD = 1024 * 1024;

/**
 * Imports a document: multipart (`file`, optional `title`, optional `attributes` as a JSON
 * string) or JSON `{title, text, attributes?}`. `?duplicates=refuse|skip|import` (default
 * refuse: 409 naming the existing document) and `?dehyphenate=true|false`. 201 with the
 * document and the import report; 200 `{skipped: true, duplicateOf}` when skipped.
 */
export const POST = apiRoute(
  { name: "api.documents.import", access: "documents.import", params: projectParamsSchema, query: importQuerySchema },
  async ({ db, user, project }, { query, request }) => {
    const limits = importLimits();
    const limitMb = getEnv().MAX_UPLOAD_MB;
    const tooLarge = (declared?: number) =>
      `The upload is ${declared ? megabytes(declared) : "larger than allowed"}, over the limit of ${limitMb} MB per file (MAX_UPLOAD_MB). Nothing was imported.`;
    const contentType = (request.headers.get("content-type") ?? "").toLowerCase();

    let source: ImportSource;
    let title: string | undefined;
    let attributes: Record<string, unknown> | undefined;
    if (contentType.startsWith("multipart/form-data")) {
      const body = await readBodyCapped(request, limits.maxBytes + FORM_OVERHEAD, tooLarge);
      const form = await parseForm(body, request.headers.get("content-type")!);
      const file = form.get("file");
      if (!(file instanceof File)) throw new AppError("bad_request", "Send the document as a file in the multipart field “file”.", { fields: { file: "Required." } });
      const fields = uploadFieldsSchema.parse({ title: optionalField(form, "title"), attributes: jsonField(form, "attributes") });
      refuseNul(fields);
      ({ title, attributes } = fields);
      source = { kind: "file", bytes: new Uint8Array(await file.arrayBuffer()), fileName: file.name || "upload", mediaType: file.type || undefined };
    } else if (contentType.startsWith("application/json") || contentType === "") {
      // JSON escapes (\u1ec7) can triple the size of non-Latin text; the text itself is then held
      // to the per-file limit in UTF-8 bytes by the import.
      const body = await readBodyCapped(request, limits.maxBytes * 3 + FORM_OVERHEAD, tooLarge);
      const paste = pasteDocumentSchema.parse(parseJson(body));
      // The text itself may carry control characters: the import removes them and reports it.
      refuseNul({ title: paste.title, attributes: paste.attributes });
      source = { kind: "text", text: paste.text, title: paste.title };
      title = paste.title;
      attributes = paste.attributes;
    } else {
      throw new AppError("unsupported_media_type", "Send multipart/form-data with a “file” field, or JSON {title, text}.");
    }

    try {
      const result = await importDocument(db, {
        projectId: project!.id,
        actorId: user!.id,
        source,
        title,
        attributes,
        duplicates: query.duplicates,
        dehyphenate: query.dehyphenate,
      });
      if (result.skipped) return { skipped: true, duplicateOf: result.duplicateOf };
      return Response.json({ ...documentJson(result.document), report: result.report }, { status: 201, headers: { "cache-control": "no-store" } });
    } catch (error) {
      if (error instanceof AppError && error.code === "conflict" && error.details?.duplicateOf) {
        throw new AppError("conflict", `${error.message} Send duplicates=import to import it again, or duplicates=skip to skip it.`, error.details);
      }
      throw error;
    }
  },
);

async function parseForm(body: Uint8Array, contentType: string): Promise<FormData> {
  try {
    return await new Response(body as Uint8Array<ArrayBuffer>, { headers: { "content-type": contentType } }).formData();
  } catch {
    throw new AppError("bad_request", "The multipart body could not be read.");
  }
}

function optionalField(form: FormData, name: string): string | undefined {
  const value = form.get(name);
  if (value === null) return undefined;
  if (typeof value !== "string") throw new AppError("bad_request", `${name}: send text, not a file.`, { fields: { [name]: "Send text." } });
  return value.trim() === "" ? undefined : value;
}

function jsonField(form: FormData, name: string): unknown {
  const value = optionalField(form, name);
  if (value === undefined) return undefined;
  try {
    return JSON.parse(value);
  } catch {
    throw new AppError("bad_request", `${name}: send a JSON object, like {"Country": "Vietnam"}.`, { fields: { [name]: "Not valid JSON." } });
  }
}

function parseJson(body: Uint8Array): unknown {
  const text = new TextDecoder().decode(body);
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("bad_request", "The request body is not valid JSON.");
  }
}
