import { and, asc, count, desc, eq, ilike, inArray, sql, type SQL } from "drizzle-orm";
import { AppError } from "@/lib/errors";
import type { Database } from "../client";
import {
  attributeValues,
  codings,
  documentFiles,
  documents,
  documentSegments,
  memos,
  type Document,
  type DocumentSegment,
  type SegmentKind,
  type SourceType,
} from "../schema";
import { countWords } from "@/lib/ingest/words";
import { codingColumns } from "./codings";
import { recordEvent, recordEvents } from "./events";
import { indexDocumentText } from "./search";
import { isBlockKind } from "@/lib/search/chunks";

export type NewDocument = {
  projectId: string;
  actorId: string;
  title: string;
  text: string;
  length: number;
  sha256: string;
  sourceType: SourceType;
  publishedOn: string | null;
  author: string | null;
  url: string | null;
  language: string | null;
  importReport: Record<string, unknown>;
  file: { fileName: string; mediaType: string; bytes: Uint8Array } | null;
  segments: { kind: SegmentKind; start: number; end: number; level: number | null; ordinal: number }[];
};

/** Document metadata without the (possibly megabytes of) text. */
export type DocumentSummary = Omit<Document, "text">;

const summaryColumns = {
  id: documents.id,
  projectId: documents.projectId,
  title: documents.title,
  length: documents.length,
  wordCount: documents.wordCount,
  sha256: documents.sha256,
  sourceType: documents.sourceType,
  publishedOn: documents.publishedOn,
  author: documents.author,
  url: documents.url,
  language: documents.language,
  importReport: documents.importReport,
  position: documents.position,
  version: documents.version,
  createdBy: documents.createdBy,
  createdAt: documents.createdAt,
  updatedAt: documents.updatedAt,
};

// Segments go in as JSON batches; the cap keeps each statement's parameter a few megabytes.
const SEGMENT_BATCH = 20_000;

/**
 * Stores an imported document with its original file and structure, and logs it — all in one
 * transaction, so a failure at any point leaves no trace of the document.
 */
export async function insertDocument(db: Database, input: NewDocument): Promise<DocumentSummary> {
  return db.transaction(async (tx) => {
    const [{ next } = { next: 0 }] = await tx
      .select({ next: sql<number>`coalesce(max(${documents.position}) + 1, 0)`.mapWith(Number) })
      .from(documents)
      .where(eq(documents.projectId, input.projectId));
    const [doc] = await tx
      .insert(documents)
      .values({
        projectId: input.projectId,
        title: input.title,
        text: input.text,
        length: input.length,
        wordCount: countWords(input.text),
        sha256: input.sha256,
        sourceType: input.sourceType,
        publishedOn: input.publishedOn,
        author: input.author,
        url: input.url,
        language: input.language,
        importReport: input.importReport,
        position: next,
        createdBy: input.actorId,
      })
      .returning(summaryColumns);
    if (input.file) {
      // Bytes travel as base64 and PostgreSQL decodes them: PGlite binds a bytea parameter
      // ten times slower (1 s for 5 MB) than the same bytes as text.
      const base64 = Buffer.from(input.file.bytes.buffer, input.file.bytes.byteOffset, input.file.bytes.byteLength).toString("base64");
      await tx.execute(sql`
        insert into ${documentFiles} (document_id, file_name, media_type, size, bytes)
        values (${doc!.id}::uuid, ${input.file.fileName}, ${input.file.mediaType}, ${input.file.bytes.byteLength}, decode(${base64}, 'base64'))`);
    }
    for (let i = 0; i < input.segments.length; i += SEGMENT_BATCH) {
      // One JSON parameter per batch instead of 7 bound parameters per row: a 5 MB document
      // has ~50,000 segments, and binding them row by row is what made imports slow.
      const batch = input.segments.slice(i, i + SEGMENT_BATCH).map((s) => [s.kind, s.start, s.end, s.level, s.ordinal]);
      await tx.execute(sql`
        insert into ${documentSegments} (document_id, kind, start_offset, end_offset, level, ordinal)
        select ${doc!.id}::uuid, x->>0, (x->>1)::int, (x->>2)::int, (x->>3)::int, (x->>4)::int
        from jsonb_array_elements(${JSON.stringify(batch)}::jsonb) as x`);
    }
    const blocks = input.segments.filter((s) => isBlockKind(s.kind));
    await indexDocumentText(tx, { projectId: input.projectId, documentId: doc!.id, text: input.text, blocks });
    await recordEvent(tx, { projectId: input.projectId, actorId: input.actorId, type: "document.imported", entityId: doc!.id, after: doc });
    return doc!;
  });
}

/** Documents in the project whose original file has this SHA-256 (duplicate detection). */
export async function getDocumentsBySha256(
  db: Database,
  { projectId, sha256 }: { projectId: string; sha256: string },
): Promise<{ id: string; title: string }[]> {
  return db
    .select({ id: documents.id, title: documents.title })
    .from(documents)
    .where(and(eq(documents.projectId, projectId), eq(documents.sha256, sha256)));
}

export async function getDocumentById(db: Database, { projectId, documentId }: { projectId: string; documentId: string }): Promise<Document | undefined> {
  const [doc] = await db
    .select()
    .from(documents)
    .where(and(eq(documents.projectId, projectId), eq(documents.id, documentId)))
    .limit(1);
  return doc;
}

export async function getDocumentSummaryById(
  db: Database,
  { projectId, documentId }: { projectId: string; documentId: string },
): Promise<DocumentSummary | undefined> {
  const [doc] = await db
    .select(summaryColumns)
    .from(documents)
    .where(and(eq(documents.projectId, projectId), eq(documents.id, documentId)))
    .limit(1);
  return doc;
}

export async function getDocumentFile(db: Database, { projectId, documentId }: { projectId: string; documentId: string }) {
  const [row] = await db
    .select({
      fileName: documentFiles.fileName,
      mediaType: documentFiles.mediaType,
      size: documentFiles.size,
      // Base64 out, for the same reason as base64 in (insertDocument).
      base64: sql<string>`encode(${documentFiles.bytes}, 'base64')`,
    })
    .from(documentFiles)
    .innerJoin(documents, eq(documents.id, documentFiles.documentId))
    .where(and(eq(documents.projectId, projectId), eq(documents.id, documentId)))
    .limit(1);
  if (!row) return undefined;
  const { base64, ...rest } = row;
  return { ...rest, bytes: new Uint8Array(Buffer.from(base64, "base64")) };
}

export async function getDocumentSegments(
  db: Database,
  { documentId, kinds }: { documentId: string; kinds?: SegmentKind[] },
): Promise<DocumentSegment[]> {
  const where = kinds?.length
    ? and(eq(documentSegments.documentId, documentId), inArray(documentSegments.kind, kinds))
    : eq(documentSegments.documentId, documentId);
  return db.select().from(documentSegments).where(where).orderBy(asc(documentSegments.startOffset), asc(documentSegments.kind));
}

export const DOCUMENT_SORTS = ["title", "sourceType", "publishedOn", "createdAt", "length", "codingCount", "position"] as const;
export type DocumentSort = (typeof DOCUMENT_SORTS)[number];

export type DocumentListQuery = {
  projectId: string;
  /** Count only this coder's codings (blind mode); all codings when absent. */
  onlyCoderId?: string;
  search?: string;
  sourceType?: SourceType;
  /** attribute id → exact canonical value */
  attributes?: Record<string, string>;
  sort?: DocumentSort | `attr:${string}`;
  direction?: "asc" | "desc";
  limit?: number;
  offset?: number;
};

export type DocumentListRow = DocumentSummary & { codingCount: number };

/** One page of the document list, sorted and filtered in SQL so it stays fast at thousands of documents. */
export async function getDocumentsPage(db: Database, query: DocumentListQuery): Promise<{ rows: DocumentListRow[]; total: number }> {
  const conditions: SQL[] = [eq(documents.projectId, query.projectId)];
  if (query.search?.trim()) {
    const pattern = `%${query.search.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(ilike(documents.title, pattern));
  }
  if (query.sourceType) conditions.push(eq(documents.sourceType, query.sourceType));
  for (const [attributeId, value] of Object.entries(query.attributes ?? {})) {
    conditions.push(
      sql`exists (select 1 from ${attributeValues} av where av.document_id = ${documents.id} and av.attribute_id = ${attributeId} and av.value_text = ${value})`,
    );
  }
  const where = and(...conditions);
  // Blind mode: only the codings in the caller's own coder layer count (ARCHITECTURE.md).
  const codingFilter = query.onlyCoderId
    ? and(eq(codings.documentId, documents.id), eq(codings.coderId, query.onlyCoderId), eq(codings.layer, "coder"))
    : eq(codings.documentId, documents.id);
  const codingCount = sql<number>`(select count(*) from ${codings} where ${codingFilter})`.mapWith(Number);

  const direction = query.direction === "desc" ? desc : asc;
  let orderBy: SQL;
  const sort = query.sort ?? "position";
  if (sort.startsWith("attr:")) {
    const attributeId = sort.slice(5);
    // By the typed column, so numbers sort as numbers (9 before 10) and dates as dates; an
    // attribute has one type, so only one of the three is set. Documents without a value go last.
    const typed = (column: SQL) =>
      sql`(select ${column} from ${attributeValues} av where av.document_id = ${documents.id} and av.attribute_id = ${attributeId})`;
    const dir = query.direction === "desc" ? sql`desc nulls last` : sql`asc nulls last`;
    orderBy = sql`${typed(sql`av.value_number`)} ${dir}, ${typed(sql`av.value_date`)} ${dir}, ${typed(sql`lower(av.value_text)`)} ${dir}`;
  } else {
    const columns: Record<DocumentSort, SQL | typeof documents.title> = {
      title: sql`lower(${documents.title})`,
      sourceType: documents.sourceType as unknown as SQL,
      publishedOn: documents.publishedOn as unknown as SQL,
      createdAt: documents.createdAt as unknown as SQL,
      length: documents.length as unknown as SQL,
      codingCount: codingCount,
      position: documents.position as unknown as SQL,
    };
    orderBy = direction(columns[sort as DocumentSort] ?? documents.position);
  }
  const limit = Math.min(Math.max(query.limit ?? 50, 1), 500);
  const [rows, [{ total } = { total: 0 }]] = await Promise.all([
    db
      .select({ ...summaryColumns, codingCount })
      .from(documents)
      .where(where)
      .orderBy(orderBy, asc(documents.position), asc(documents.id))
      .limit(limit)
      .offset(Math.max(query.offset ?? 0, 0)),
    db.select({ total: count() }).from(documents).where(where),
  ]);
  return { rows, total: Number(total) };
}

export type DocumentPatch = {
  title?: string;
  sourceType?: SourceType;
  publishedOn?: string | null;
  author?: string | null;
  url?: string | null;
  language?: string | null;
};

export async function updateDocument(
  db: Database,
  { projectId, documentId, actorId, patch, expectedVersion }: { projectId: string; documentId: string; actorId: string; patch: DocumentPatch; expectedVersion?: number },
): Promise<DocumentSummary> {
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select(summaryColumns)
      .from(documents)
      .where(and(eq(documents.projectId, projectId), eq(documents.id, documentId)))
      .for("update");
    if (!before) throw new AppError("not_found", "Document not found.");
    if (expectedVersion !== undefined && expectedVersion !== before.version) {
      throw new AppError("conflict", `Someone changed “${before.title}” while you were editing it. Here is the current version.`, { current: before });
    }
    const set = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    if (Object.keys(set).length === 0) return before;
    const [after] = await tx
      .update(documents)
      .set({ ...set, version: before.version + 1, updatedAt: new Date() })
      .where(eq(documents.id, documentId))
      .returning(summaryColumns);
    await recordEvent(tx, { projectId, actorId, type: "document.updated", entityId: documentId, before, after });
    return after!;
  });
}

/** Deletes a document with its file, structure, attribute values and codings: one transaction. */
export async function deleteDocument(
  db: Database,
  { projectId, documentId, actorId }: { projectId: string; documentId: string; actorId: string },
): Promise<{ deletedCodings: number }> {
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select(summaryColumns)
      .from(documents)
      .where(and(eq(documents.projectId, projectId), eq(documents.id, documentId)))
      .for("update");
    if (!before) throw new AppError("not_found", "Document not found.");
    const removed = await tx.delete(codings).where(eq(codings.documentId, documentId)).returning(codingColumns);
    // Each coding gets its own event, so it can be restored and every open view drops it.
    await recordEvents(
      tx,
      removed.map((coding) => ({ projectId, actorId, type: "coding.deleted", entityId: coding.id, before: coding, meta: { cause: "document.deleted" } })),
    );
    // Memos point at their target without a foreign key (one table serves three kinds of
    // target), so the cascade does not reach them: remove the document's memos explicitly.
    const removedMemos = await tx
      .delete(memos)
      .where(and(eq(memos.projectId, projectId), eq(memos.targetType, "document"), eq(memos.targetId, documentId)))
      .returning();
    await recordEvents(
      tx,
      removedMemos.map((memo) => ({ projectId, actorId, type: "memo.deleted", entityId: memo.id, before: memo, meta: { cause: "document.deleted" } })),
    );
    // Segments, the original file, attribute values, assignments and reading positions cascade.
    await tx.delete(documents).where(eq(documents.id, documentId));
    await recordEvent(tx, { projectId, actorId, type: "document.deleted", entityId: documentId, before, meta: { deletedCodings: removed.length } });
    return { deletedCodings: removed.length };
  });
}

/** The documents before and after one in the project's order (position, then title), for next/previous. */
export async function getAdjacentDocuments(
  db: Database,
  { projectId, documentId }: { projectId: string; documentId: string },
): Promise<{ previous: { id: string; title: string } | null; next: { id: string; title: string } | null }> {
  const rows = await db
    .select({ id: documents.id, title: documents.title })
    .from(documents)
    .where(eq(documents.projectId, projectId))
    .orderBy(asc(documents.position), asc(documents.createdAt), asc(documents.id));
  const i = rows.findIndex((r) => r.id === documentId);
  if (i < 0) return { previous: null, next: null };
  return { previous: rows[i - 1] ?? null, next: rows[i + 1] ?? null };
}

/** Every document's id and title in project order: for pickers and filters (no text, no metadata). */
export async function getDocumentTitles(db: Database, { projectId }: { projectId: string }): Promise<{ id: string; title: string }[]> {
  return db.select({ id: documents.id, title: documents.title }).from(documents).where(eq(documents.projectId, projectId)).orderBy(asc(documents.position), asc(documents.title));
}
