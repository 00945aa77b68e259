import { and, asc, eq, sql, type SQL } from "drizzle-orm";
import type { CodingRecord, DatasetContext } from "@/lib/dataset/types";
import type { Database } from "../client";
import { queryRows } from "../raw";
import { attributeDefinitions, attributeValues, documents, users } from "../schema";
import type { LayerScope } from "./aggregates";
import { getCodesByProjectId } from "./codes";

/**
 * The evidence dataset read from the database for export: one row per coding, streamed in
 * document order (then start, end) a batch at a time, so a project of a million codings never
 * sits in memory. Everything per document, code or coder (titles, attributes, code paths,
 * names) is read once up front and joined in JavaScript; the streamed query touches only
 * `codings` through its (document_id, start_offset) index.
 */
export type ExportLayer = LayerScope | "both";
export type ExportFilter = {
  projectId: string;
  layer: ExportLayer;
  codeIds?: readonly string[];
  coderIds?: readonly string[];
  documentIds?: readonly string[];
  /** Documents whose attribute has this value ("" = documents without one). */
  attribute?: { id: string; value: string };
};

export type ExportContext = DatasetContext;
export type ExportCodingRow = CodingRecord;

export async function loadExportContext(db: Database, filter: Pick<ExportFilter, "projectId" | "documentIds" | "attribute">): Promise<ExportContext> {
  const { projectId } = filter;
  const [projectRow] = await queryRows<{ id: string; name: string }>(db, sql`select id, name from projects where id = ${projectId}::uuid`);
  const definitions = await db.select().from(attributeDefinitions).where(eq(attributeDefinitions.projectId, projectId)).orderBy(asc(attributeDefinitions.position), asc(attributeDefinitions.name));
  const docs = await db
    .select({ id: documents.id, title: documents.title, sourceType: documents.sourceType, publishedOn: documents.publishedOn, author: documents.author, url: documents.url, length: documents.length, wordCount: documents.wordCount })
    .from(documents)
    .where(eq(documents.projectId, projectId))
    .orderBy(asc(documents.position), asc(documents.title));
  const values = await db
    .select({ documentId: attributeValues.documentId, attributeId: attributeValues.attributeId, value: attributeValues.valueText })
    .from(attributeValues)
    .innerJoin(documents, eq(documents.id, attributeValues.documentId))
    .where(eq(documents.projectId, projectId));
  const nameOf = new Map(definitions.map((d) => [d.id, d.name]));
  const byDocument = new Map<string, Record<string, string>>();
  for (const v of values) {
    const name = nameOf.get(v.attributeId);
    if (!name) continue;
    const record = byDocument.get(v.documentId) ?? {};
    record[name] = v.value;
    byDocument.set(v.documentId, record);
  }
  const wanted = filter.documentIds ? new Set(filter.documentIds) : null;
  const attributeName = filter.attribute ? nameOf.get(filter.attribute.id) : undefined;
  const kept = docs.filter((d) => {
    if (wanted && !wanted.has(d.id)) return false;
    if (filter.attribute) return (byDocument.get(d.id)?.[attributeName ?? ""] ?? "") === filter.attribute.value;
    return true;
  });
  const codeRows = await getCodesByProjectId(db, { projectId });
  const codePath = new Map(codeRows.map((c) => [c.id, c.path]));
  const people = await queryRows<{ id: string; name: string }>(
    db,
    sql`select distinct u.id, u.name from users u where u.id in (select coder_id from codings where project_id = ${projectId}::uuid)
        or u.id in (select user_id from memberships where project_id = ${projectId}::uuid)`,
  );
  return {
    project: { id: projectRow?.id ?? projectId, name: projectRow?.name ?? "" },
    attributeNames: definitions.map((d) => d.name),
    documents: new Map(kept.map((d) => [d.id, { ...d, attributes: byDocument.get(d.id) ?? {} }])),
    documentOrder: kept.map((d) => d.id),
    codes: new Map(
      codeRows.map((c) => [c.id, { id: c.id, name: c.name, path: c.path, parentPath: c.parentId ? (codePath.get(c.parentId) ?? null) : null, color: c.color, definition: c.definition ?? "", depth: c.depth }]),
    ),
    users: new Map(people.map((u) => [u.id, u.name])),
  };
}

function layerCondition(layer: ExportLayer): SQL {
  if (layer === "both") return sql`true`;
  if (layer === "all") return sql`c.layer = 'coder'`;
  if (layer === "consensus") return sql`c.layer = 'consensus'`;
  return sql`c.layer = 'coder' and c.coder_id = ${layer.coderId}::uuid`;
}

const uuidList = (ids: readonly string[]) => sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `);

/**
 * The codings of the filtered documents, in document order (then start, end, id), about
 * `batchSize` rows per query: documents are taken in groups whose codings add up to a batch (one
 * round trip for many small documents), and a document with more codings than that is read on
 * its own by keyset pagination on (start, end, id) — no OFFSET, no cursor held open. Page
 * numbers come from the coding row (kept by a trigger), not from a probe per row.
 */
export async function* streamExportCodings(db: Database, filter: ExportFilter, context: ExportContext, batchSize = 5000): AsyncGenerator<ExportCodingRow[]> {
  const conditions: SQL[] = [layerCondition(filter.layer), sql`c.project_id = ${filter.projectId}::uuid`];
  if (filter.codeIds?.length) conditions.push(sql`c.code_id in (${uuidList(filter.codeIds)})`);
  if (filter.coderIds?.length) conditions.push(sql`c.coder_id in (${uuidList(filter.coderIds)})`);
  const where = sql.join(conditions, sql` and `);
  const counts = new Map(
    (await queryRows<{ id: string; n: number }>(db, sql`select c.document_id as id, count(*)::int as n from codings c where ${where} group by 1`)).map((r) => [r.id, Number(r.n)]),
  );
  const columns = sql`c.id, c.document_id, c.code_id, c.coder_id, c.layer, c.start_offset, c.end_offset, c.quote, c.memo, c.created_at, c.updated_at, c.page_first, c.page_last`;
  let group: string[] = [];
  let groupSize = 0;
  async function* flush(): AsyncGenerator<ExportCodingRow[]> {
    if (group.length === 0) return;
    const ids = group;
    group = [];
    groupSize = 0;
    // The batch's documents as one array parameter: the same statement text for every batch.
    const order = sql`string_to_array(${ids.join(",")}, ',')::uuid[]`;
    const rows = await queryRows<Record<string, unknown>>(
      db,
      sql`select ${columns} from codings c
          where c.document_id = any(${order}) and ${where}
          order by array_position(${order}, c.document_id), c.start_offset, c.end_offset, c.id`,
    );
    if (rows.length) yield rows.map(toRow);
  }
  for (const documentId of context.documentOrder) {
    const n = counts.get(documentId) ?? 0;
    if (n === 0) continue;
    if (n <= batchSize) {
      if (groupSize + n > batchSize) yield* flush();
      group.push(documentId);
      groupSize += n;
      continue;
    }
    yield* flush();
    let after: { start: number; end: number; id: string } | null = null;
    for (;;) {
      const page: Record<string, unknown>[] = await queryRows<Record<string, unknown>>(
        db,
        sql`select ${columns} from codings c
            where c.document_id = ${documentId}::uuid and ${where}
              ${after ? sql`and (c.start_offset, c.end_offset, c.id) > (${after.start}, ${after.end}, ${after.id}::uuid)` : sql``}
            order by c.start_offset, c.end_offset, c.id
            limit ${batchSize}`,
      );
      if (page.length === 0) break;
      const rows: ExportCodingRow[] = page.map(toRow);
      yield rows;
      if (page.length < batchSize) break;
      const last: ExportCodingRow = rows[rows.length - 1]!;
      after = { start: last.start, end: last.end, id: last.id };
    }
  }
  yield* flush();
}

function toRow(r: Record<string, unknown>): ExportCodingRow {
  const date = (v: unknown) => (v instanceof Date ? v : new Date(String(v)));
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    id: String(r.id),
    documentId: String(r.document_id),
    codeId: String(r.code_id),
    coderId: String(r.coder_id),
    layer: r.layer === "consensus" ? "consensus" : "coder",
    start: Number(r.start_offset),
    end: Number(r.end_offset),
    quote: String(r.quote),
    memo: String(r.memo ?? ""),
    pageFirst: num(r.page_first),
    pageLast: num(r.page_last),
    createdAt: date(r.created_at),
    updatedAt: date(r.updated_at),
  };
}

/** Every document's canonical text, one at a time (for the ZIP of texts and the REFI-QDA sources). */
export async function* streamDocumentTexts(db: Database, { projectId, documentIds }: { projectId: string; documentIds: readonly string[] }): AsyncGenerator<{ id: string; title: string; text: string }> {
  for (const id of documentIds) {
    const [row] = await db.select({ id: documents.id, title: documents.title, text: documents.text }).from(documents).where(and(eq(documents.projectId, projectId), eq(documents.id, id)));
    if (row) yield row;
  }
}

/** Ids and names of the users the export names (for REFI-QDA's <Users>). */
export async function getUsersById(db: Database, ids: readonly string[]): Promise<{ id: string; name: string }[]> {
  if (ids.length === 0) return [];
  return db.select({ id: users.id, name: users.name }).from(users).where(sql`${users.id} in (${uuidList(ids)})`);
}

/** How many codings an export holds and roughly how many bytes of text they carry (for the progress bar). */
export async function countExport(db: Database, filter: ExportFilter, context: ExportContext): Promise<{ rows: number; textBytes: number }> {
  if (context.documentOrder.length === 0) return { rows: 0, textBytes: 0 };
  const conditions: SQL[] = [layerCondition(filter.layer), sql`c.project_id = ${filter.projectId}::uuid`];
  if (filter.codeIds?.length) conditions.push(sql`c.code_id in (${uuidList(filter.codeIds)})`);
  if (filter.coderIds?.length) conditions.push(sql`c.coder_id in (${uuidList(filter.coderIds)})`);
  if (filter.documentIds || filter.attribute) conditions.push(sql`c.document_id in (${uuidList(context.documentOrder)})`);
  const [row] = await queryRows<{ n: number; bytes: number }>(
    db,
    sql`select count(*)::bigint as n, coalesce(sum(octet_length(c.quote) + octet_length(c.memo)), 0)::bigint as bytes from codings c where ${sql.join(conditions, sql` and `)}`,
  );
  return { rows: Number(row?.n ?? 0), textBytes: Number(row?.bytes ?? 0) };
}
