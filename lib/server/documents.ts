import "server-only";
import type { Database } from "@/db/client";
import { getAttributeDefinitions, getAttributeValuesByDocumentIds, setAttributeValues } from "@/db/queries/attributes";
import {
  getDocumentsBySha256,
  getDocumentsPage,
  insertDocument,
  updateDocument,
  type DocumentListRow,
  type DocumentPatch,
  type DocumentSort,
  type DocumentSummary,
} from "@/db/queries/documents";
import type { AttributeDefinition, Project, SourceType } from "@/db/schema";
import { parseAttributeValue } from "@/lib/attributes/values";
import { getEnv } from "@/lib/config/env";
import { AppError } from "@/lib/errors";
import { ingestFile, IngestError, ingestPlainText, type Format, type IngestReport, type IngestResult } from "@/lib/ingest";
import { seesAllCodings, type Role } from "@/lib/permissions";
import { faultPoint } from "./fault-point";

/**
 * Document import and editing, shared by the JSON API and the pages' server actions so both
 * follow the same rules: ingest (pure, lib/ingest) → duplicate check → one transaction that
 * stores the document, its original file, its structure, its attribute values and their events.
 */

export type ImportLimits = { maxBytes: number; maxCodePoints: number };

/** The limits in force (MAX_UPLOAD_MB, MAX_DOCUMENT_CODE_POINTS). */
export function importLimits(): ImportLimits {
  const env = getEnv();
  return { maxBytes: Math.floor(env.MAX_UPLOAD_MB * 1024 * 1024), maxCodePoints: env.MAX_DOCUMENT_CODE_POINTS };
}

export type ImportSource =
  | { kind: "file"; bytes: Uint8Array; fileName: string; mediaType?: string }
  | { kind: "text"; text: string; title: string };

export type ImportDocumentInput = {
  projectId: string;
  actorId: string;
  source: ImportSource;
  /** Overrides the title found in the file. */
  title?: string | null;
  /** Attribute name or id → value, validated like any other attribute edit. */
  attributes?: Record<string, unknown>;
  /** What to do when the project already has a document from the same bytes. */
  duplicates: "refuse" | "skip" | "import";
  /** Join words hyphenated across line ends (default: on for PDF only). */
  dehyphenate?: boolean;
  /** Tests and tools may lower the configured limits. */
  limits?: Partial<ImportLimits>;
};

export type DuplicateOf = { id: string; title: string }[];

export type ImportDocumentResult =
  | { skipped: false; document: DocumentSummary; report: IngestReport }
  | { skipped: true; duplicateOf: DuplicateOf };

const MEDIA_TYPES: Record<Format, string> = {
  text: "text/plain",
  markdown: "text/markdown",
  html: "text/html",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  pdf: "application/pdf",
};

export async function importDocument(db: Database, input: ImportDocumentInput): Promise<ImportDocumentResult> {
  const { projectId, actorId, source } = input;
  const limits = { ...importLimits(), ...input.limits };
  const options = { dehyphenate: input.dehyphenate, maxBytes: limits.maxBytes, maxCodePoints: limits.maxCodePoints };
  const fileName = source.kind === "file" ? safeFileName(source.fileName) : undefined;

  let result: IngestResult;
  try {
    result =
      source.kind === "file"
        ? await ingestFile({ bytes: source.bytes, fileName: fileName!, mediaType: source.mediaType, options })
        : await ingestPlainText({ text: source.text, title: source.title, options });
  } catch (error) {
    throw toAppError(error, fileName);
  }

  const existing = await getDocumentsBySha256(db, { projectId, sha256: result.sha256 });
  if (existing.length > 0 && input.duplicates !== "import") {
    if (input.duplicates === "skip") return { skipped: true, duplicateOf: existing };
    const what = fileName ? `“${fileName}”` : "This text";
    const as = existing.map((d) => `“${d.title}”`).join(", ");
    throw new AppError("conflict", `${what} is already in this project, as ${as}.`, { duplicateOf: existing });
  }

  const report: IngestReport =
    existing.length > 0
      ? { ...result.report, warnings: [...result.report.warnings, `The same ${fileName ? "file" : "text"} is already in this project, as ${existing.map((d) => `“${d.title}”`).join(", ")}; imported again as asked.`] }
      : result.report;
  const title = input.title?.trim() || result.title;
  const attributes = input.attributes ?? {};

  // One transaction: the document with its file and structure (insertDocument's own transaction
  // becomes a savepoint), and its attribute values. A bad value leaves no trace of the document.
  const document = await db.transaction(async (tx) => {
    const doc = await insertDocument(tx, {
      projectId,
      actorId,
      title,
      text: result.text,
      length: result.length,
      sha256: result.sha256,
      sourceType: result.sourceType as SourceType,
      publishedOn: result.publishedOn,
      author: result.author,
      url: result.url,
      language: result.language,
      importReport: {
        ...report,
        source: source.kind === "file" ? "file" : "paste",
        ...(fileName ? { fileName } : {}),
        ...(existing.length ? { duplicateOf: existing } : {}),
      },
      file: source.kind === "file" ? { fileName: fileName!, mediaType: MEDIA_TYPES[result.format], bytes: source.bytes } : null,
      segments: result.segments,
    });
    if (Object.keys(attributes).length > 0) {
      await setAttributeValues(tx, { projectId, actorId, values: [{ documentId: doc.id, attributes }] });
    }
    // Fault tests: the document, its file, segments, chunks and event are written, not committed.
    await faultPoint("document-import.in-transaction");
    return doc;
  });
  return { skipped: false, document, report };
}

/** Ingestion failures become the API's error vocabulary; the message names the file. */
function toAppError(error: unknown, fileName: string | undefined): unknown {
  if (error instanceof IngestError) {
    const details = { reason: error.code, ...error.details };
    return new AppError(error.code === "too_large" ? "payload_too_large" : "unprocessable", error.message, details);
  }
  if (error instanceof AppError) return error;
  // lib/ingest promises an IngestError for anything wrong with the input; anything else is our
  // bug, logged with the file's name, while the researcher still learns which file failed.
  console.error(`[importDocument] ingesting ${fileName ?? "pasted text"} failed unexpectedly:`, error instanceof Error ? (error.stack ?? error.message) : error);
  const what = fileName ? `“${fileName}”` : "The pasted text";
  return new AppError("unprocessable", `${what} could not be read. Nothing was imported.`, { reason: "damaged", ...(fileName ? { fileName } : {}) });
}

/**
 * The name to keep for an uploaded file: its last path component (some clients send a full
 * path), without control characters, at most 255 characters.
 */
export function safeFileName(name: string): string {
  const base = name.normalize("NFC").split(/[/\\]/).pop() ?? "";
  const clean = base.replace(/[\u0000-\u001f\u007f-\u009f]/g, "").trim();
  const short = Array.from(clean).slice(0, 255).join("");
  return short === "" || short === "." || short === ".." ? "upload" : short;
}

/** Edits metadata and attribute values in one transaction (one version check for both). */
export async function updateDocumentWithAttributes(
  db: Database,
  input: { projectId: string; documentId: string; actorId: string; patch: DocumentPatch; attributes?: Record<string, unknown>; expectedVersion?: number },
): Promise<{ document: DocumentSummary; attributes: Record<string, string> }> {
  const { projectId, documentId, actorId } = input;
  return db.transaction(async (tx) => {
    const document = await updateDocument(tx, { projectId, documentId, actorId, patch: input.patch, expectedVersion: input.expectedVersion });
    if (input.attributes && Object.keys(input.attributes).length > 0) {
      await setAttributeValues(tx, { projectId, actorId, values: [{ documentId, attributes: input.attributes }] });
    }
    const values = await getAttributeValuesByDocumentIds(tx, { projectId, documentIds: [documentId] });
    return { document, attributes: values.get(documentId) ?? {} };
  });
}

export type DocumentListRequest = {
  search?: string;
  sourceType?: SourceType;
  /** A column, or `attr:<attribute name or id>`. */
  sort?: DocumentSort | `attr:${string}`;
  direction?: "asc" | "desc";
  limit?: number;
  offset?: number;
  /** Attribute name or id → value (compared in its canonical form: "Yes" finds "yes"). */
  attributes?: Record<string, string>;
};

export type DocumentListItem = DocumentListRow & { attributes: Record<string, string> };

/**
 * A page of the project's documents as the caller may see them: in blind mode, until the owner
 * reveals, coding counts include only the caller's own codings.
 */
export async function listDocuments(
  db: Database,
  { project, role, userId, request }: { project: Project; role: Role; userId: string; request: DocumentListRequest },
): Promise<{ rows: DocumentListItem[]; total: number }> {
  const defs = await getAttributeDefinitions(db, { projectId: project.id });
  const filters: Record<string, string> = {};
  for (const [key, raw] of Object.entries(request.attributes ?? {})) {
    const def = findAttribute(defs, key);
    const parsed = parseAttributeValue(def, raw);
    if (!parsed.ok) throw new AppError("bad_request", parsed.message, { field: def.name });
    if (parsed.value) filters[def.id] = parsed.value.valueText;
  }
  let sort = request.sort;
  if (sort?.startsWith("attr:")) sort = `attr:${findAttribute(defs, sort.slice(5)).id}`;
  const { rows, total } = await getDocumentsPage(db, {
    projectId: project.id,
    onlyCoderId: seesAllCodings(role, project) ? undefined : userId,
    search: request.search,
    sourceType: request.sourceType,
    attributes: filters,
    sort,
    direction: request.direction,
    limit: request.limit,
    offset: request.offset,
  });
  const values = await getAttributeValuesByDocumentIds(db, { projectId: project.id, documentIds: rows.map((r) => r.id) });
  return { rows: rows.map((r) => ({ ...r, attributes: values.get(r.id) ?? {} })), total };
}

function findAttribute(defs: AttributeDefinition[], key: string): AttributeDefinition {
  const def = defs.find((d) => d.id === key) ?? defs.find((d) => d.name === key) ?? defs.find((d) => d.name.toLowerCase() === key.trim().toLowerCase());
  if (!def) throw new AppError("bad_request", `There is no attribute “${key}” in this project.`, { field: key });
  return def;
}
