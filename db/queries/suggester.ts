import { createHash } from "node:crypto";
import { and, desc, eq, sql } from "drizzle-orm";
import type { Database } from "../client";
import { queryRows } from "../raw";
import { codings, documents, documentSegments, suggesterModels, suggestionDismissals, suggestions, type SuggesterModelRow } from "../schema";
import { recordEvent } from "./events";

/**
 * The suggester's storage (lib/suggester holds the model itself): model versions with their
 * progress, evaluation and bytes; the proposals of a version; and who dismissed which proposal.
 * The suggester learns from the coder layer (every human coder's codings) on sentences — or
 * paragraphs, for documents without sentences.
 */

/** A training run stops counting as running when it has not reported for this long (the process died). */
export const STALE_TRAINING_MS = 60_000;

export type UnitRow = { documentId: string; kind: "sentence" | "paragraph"; ordinal: number; start: number; end: number };

/** Sentences of the given documents (paragraphs for a document without sentences), in text order. */
export async function unitsOf(db: Database, documentIds: readonly string[]): Promise<UnitRow[]> {
  if (documentIds.length === 0) return [];
  const rows = await queryRows<{ document_id: string; kind: "sentence" | "paragraph"; ordinal: number; start_offset: number; end_offset: number }>(
    db,
    sql`select s.document_id, s.kind, s.ordinal, s.start_offset, s.end_offset from ${documentSegments} s
        where s.document_id = any(string_to_array(${documentIds.join(",")}, ',')::uuid[])
          and (s.kind = 'sentence' or (s.kind = 'paragraph' and not exists (
            select 1 from ${documentSegments} t where t.document_id = s.document_id and t.kind = 'sentence')))
        order by s.document_id, s.start_offset`,
  );
  return rows.map((r) => ({ documentId: r.document_id, kind: r.kind, ordinal: Number(r.ordinal), start: Number(r.start_offset), end: Number(r.end_offset) }));
}

export type HumanCoding = { documentId: string; codeId: string; coderId: string; start: number; end: number };

/** Every human coding of the project (the coder layer), sorted, for training and its data hash. */
export async function humanCodings(db: Database, projectId: string): Promise<HumanCoding[]> {
  const rows = await queryRows<{ document_id: string; code_id: string; coder_id: string; start_offset: number; end_offset: number }>(
    db,
    sql`select document_id, code_id, coder_id, start_offset, end_offset from ${codings}
        where project_id = ${projectId}::uuid and layer = 'coder'
        order by document_id, start_offset, end_offset, code_id, coder_id`,
  );
  return rows.map((r) => ({ documentId: r.document_id, codeId: r.code_id, coderId: r.coder_id, start: Number(r.start_offset), end: Number(r.end_offset) }));
}

/** SHA-256 over the sorted codings a model learned from: the same data gives the same hash. */
export function codingsHash(rows: readonly HumanCoding[]): string {
  const hash = createHash("sha256");
  for (const r of rows) hash.update(`${r.documentId}\t${r.codeId}\t${r.coderId}\t${r.start}\t${r.end}\n`);
  return hash.digest("hex");
}

/** Texts of documents, a batch at a time (a project's texts may be 100 MB). */
export async function* documentTexts(db: Database, projectId: string, ids: readonly string[], batch = 200): AsyncGenerator<{ id: string; text: string }[]> {
  for (let i = 0; i < ids.length; i += batch) {
    const slice = ids.slice(i, i + batch);
    yield await queryRows<{ id: string; text: string }>(db, sql`select id, text from ${documents} where project_id = ${projectId}::uuid and id = any(string_to_array(${slice.join(",")}, ',')::uuid[])`);
  }
}

export async function projectDocumentIds(db: Database, projectId: string): Promise<string[]> {
  return (await queryRows<{ id: string }>(db, sql`select id from ${documents} where project_id = ${projectId}::uuid order by position, title`)).map((r) => r.id);
}

export type ModelSummary = Omit<SuggesterModelRow, "model"> & { interrupted: boolean };

const summaryColumns = {
  id: suggesterModels.id,
  projectId: suggesterModels.projectId,
  version: suggesterModels.version,
  status: suggesterModels.status,
  progress: suggesterModels.progress,
  stage: suggesterModels.stage,
  seed: suggesterModels.seed,
  params: suggesterModels.params,
  dataHash: suggesterModels.dataHash,
  codingsUsed: suggesterModels.codingsUsed,
  evaluation: suggesterModels.evaluation,
  error: suggesterModels.error,
  createdBy: suggesterModels.createdBy,
  createdAt: suggesterModels.createdAt,
  updatedAt: suggesterModels.updatedAt,
};

function summary(row: Omit<SuggesterModelRow, "model">): ModelSummary {
  const interrupted = row.status === "training" && Date.now() - row.updatedAt.getTime() > STALE_TRAINING_MS;
  return { ...row, interrupted };
}

/** The project's model versions, newest first (without their bytes). */
export async function listModels(db: Database, projectId: string, limit = 10): Promise<ModelSummary[]> {
  const rows = await db.select(summaryColumns).from(suggesterModels).where(eq(suggesterModels.projectId, projectId)).orderBy(desc(suggesterModels.version)).limit(limit);
  return rows.map(summary);
}

/** The newest version that finished training, with its bytes. */
export async function latestReadyModel(db: Database, projectId: string): Promise<SuggesterModelRow | undefined> {
  const [row] = await db
    .select()
    .from(suggesterModels)
    .where(and(eq(suggesterModels.projectId, projectId), eq(suggesterModels.status, "ready")))
    .orderBy(desc(suggesterModels.version))
    .limit(1);
  return row;
}

/**
 * Starts a version: refused (null) while another is training and alive. The version number is
 * taken under a lock on the project's model rows, so two clicks make one run.
 */
export async function createTrainingRun(db: Database, input: { projectId: string; actorId: string; seed: number; params: Record<string, unknown> }): Promise<ModelSummary | null> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`suggester:${input.projectId}`}))`);
    const [running] = await tx
      .select(summaryColumns)
      .from(suggesterModels)
      .where(and(eq(suggesterModels.projectId, input.projectId), eq(suggesterModels.status, "training")))
      .orderBy(desc(suggesterModels.version))
      .limit(1);
    if (running && !summary(running).interrupted) return null;
    if (running) await tx.update(suggesterModels).set({ status: "failed", error: "Interrupted: the server stopped while it was training.", updatedAt: new Date() }).where(eq(suggesterModels.id, running.id));
    const [{ next } = { next: 1 }] = await tx
      .select({ next: sql<number>`coalesce(max(${suggesterModels.version}), 0) + 1`.mapWith(Number) })
      .from(suggesterModels)
      .where(eq(suggesterModels.projectId, input.projectId));
    const [row] = await tx
      .insert(suggesterModels)
      .values({ projectId: input.projectId, version: next, seed: input.seed, params: input.params, createdBy: input.actorId, stage: "queued" })
      .returning(summaryColumns);
    return summary(row!);
  });
}

export async function reportProgress(db: Database, modelId: string, progress: number, stage: string): Promise<void> {
  await db.update(suggesterModels).set({ progress, stage, updatedAt: new Date() }).where(eq(suggesterModels.id, modelId));
}

export async function failTraining(db: Database, modelId: string, error: string): Promise<void> {
  await db.update(suggesterModels).set({ status: "failed", error, updatedAt: new Date() }).where(eq(suggesterModels.id, modelId));
}

export type Proposal = { documentId: string; codeId: string; start: number; end: number; confidence: number };
const PROPOSAL_BATCH = 5_000;

/**
 * Finishes a version in one transaction: its evaluation, data hash and bytes, its proposals for
 * every document, and the `suggester.trained` event. Older versions' bytes and proposals are
 * dropped (their evaluations stay, so the history of versions is kept).
 */
export async function completeTraining(
  db: Database,
  input: { projectId: string; actorId: string; modelId: string; version: number; evaluation: Record<string, unknown>; dataHash: string; codingsUsed: number; model: Uint8Array; proposals: readonly Proposal[] },
): Promise<void> {
  await db.transaction(async (tx) => {
    // Bytes travel as base64 (PGlite binds bytea parameters slowly; see insertDocument).
    const base64 = Buffer.from(input.model.buffer, input.model.byteOffset, input.model.byteLength).toString("base64");
    await tx.execute(sql`
      update ${suggesterModels} set status = 'ready', progress = 1, stage = 'ready', evaluation = ${JSON.stringify(input.evaluation)}::jsonb,
        data_hash = ${input.dataHash}, codings_used = ${input.codingsUsed}, model = decode(${base64}, 'base64'), updated_at = now()
      where id = ${input.modelId}::uuid`);
    for (let i = 0; i < input.proposals.length; i += PROPOSAL_BATCH) {
      const batch = input.proposals.slice(i, i + PROPOSAL_BATCH).map((p) => [p.documentId, p.codeId, p.start, p.end, p.confidence]);
      await tx.execute(sql`
        insert into ${suggestions} (model_id, document_id, code_id, start_offset, end_offset, confidence)
        select ${input.modelId}::uuid, (x->>0)::uuid, (x->>1)::uuid, (x->>2)::int, (x->>3)::int, (x->>4)::float8
        from jsonb_array_elements(${JSON.stringify(batch)}::jsonb) as x
        where exists (select 1 from codes k where k.id = (x->>1)::uuid)`);
    }
    const older = sql`select id from ${suggesterModels} where project_id = ${input.projectId}::uuid and version < ${input.version}`;
    await tx.execute(sql`delete from ${suggestions} where model_id in (${older})`);
    await tx.execute(sql`update ${suggesterModels} set model = null where project_id = ${input.projectId}::uuid and version < ${input.version} and model is not null`);
    await recordEvent(tx, {
      projectId: input.projectId,
      actorId: input.actorId,
      type: "suggester.trained",
      entityId: input.modelId,
      after: { version: input.version, codingsUsed: input.codingsUsed, dataHash: input.dataHash },
    });
  });
}

export type VisibleSuggestion = { id: number; codeId: string; start: number; end: number; confidence: number };

/**
 * What the suggester proposes to this user in one document (docs/api.md `GET /suggestions`):
 * the newest ready version's proposals, except where the user has already coded the unit with
 * that code, and those the user dismissed. Best first within the text order.
 */
export async function suggestionsFor(db: Database, input: { projectId: string; documentId: string; userId: string }): Promise<{ modelVersion: number | null; suggestions: VisibleSuggestion[] }> {
  const [model] = await db
    .select({ id: suggesterModels.id, version: suggesterModels.version })
    .from(suggesterModels)
    .where(and(eq(suggesterModels.projectId, input.projectId), eq(suggesterModels.status, "ready")))
    .orderBy(desc(suggesterModels.version))
    .limit(1);
  if (!model) return { modelVersion: null, suggestions: [] };
  const rows = await queryRows<{ id: number; code_id: string; start_offset: number; end_offset: number; confidence: number }>(
    db,
    sql`select s.id, s.code_id, s.start_offset, s.end_offset, s.confidence from ${suggestions} s
        where s.model_id = ${model.id}::uuid and s.document_id = ${input.documentId}::uuid
          and not exists (select 1 from ${codings} c where c.document_id = s.document_id and c.code_id = s.code_id and c.coder_id = ${input.userId}::uuid
                          and c.layer = 'coder' and c.start_offset < s.end_offset and c.end_offset > s.start_offset)
          and not exists (select 1 from ${suggestionDismissals} d where d.user_id = ${input.userId}::uuid and d.document_id = s.document_id
                          and d.code_id = s.code_id and d.start_offset = s.start_offset and d.end_offset = s.end_offset)
        order by s.start_offset, s.confidence desc`,
  );
  return {
    modelVersion: model.version,
    suggestions: rows.map((r) => ({ id: Number(r.id), codeId: r.code_id, start: Number(r.start_offset), end: Number(r.end_offset), confidence: Number(r.confidence) })),
  };
}

/** Dismisses a proposal for this user (by span and code: it stays dismissed in later versions). */
export async function dismissSuggestion(db: Database, input: { projectId: string; userId: string; suggestionId: number }): Promise<boolean> {
  const [row] = await queryRows<{ document_id: string; code_id: string; start_offset: number; end_offset: number }>(
    db,
    sql`select s.document_id, s.code_id, s.start_offset, s.end_offset from ${suggestions} s
        join ${suggesterModels} m on m.id = s.model_id where s.id = ${input.suggestionId} and m.project_id = ${input.projectId}::uuid`,
  );
  if (!row) return false;
  await db
    .insert(suggestionDismissals)
    .values({ userId: input.userId, documentId: row.document_id, codeId: row.code_id, startOffset: Number(row.start_offset), endOffset: Number(row.end_offset) })
    .onConflictDoNothing();
  return true;
}

/** The newest ready version's proposals as the suggester's coder layer, for agreement. */
export async function suggesterLayer(db: Database, input: { projectId: string; documentIds: readonly string[] }): Promise<{ version: number | null; codings: { id: string; documentId: string; codeId: string; start: number; end: number }[] }> {
  const [model] = await db
    .select({ id: suggesterModels.id, version: suggesterModels.version })
    .from(suggesterModels)
    .where(and(eq(suggesterModels.projectId, input.projectId), eq(suggesterModels.status, "ready")))
    .orderBy(desc(suggesterModels.version))
    .limit(1);
  if (!model || input.documentIds.length === 0) return { version: model?.version ?? null, codings: [] };
  const rows = await queryRows<{ id: number; document_id: string; code_id: string; start_offset: number; end_offset: number }>(
    db,
    sql`select id, document_id, code_id, start_offset, end_offset from ${suggestions}
        where model_id = ${model.id}::uuid and document_id = any(string_to_array(${input.documentIds.join(",")}, ',')::uuid[])`,
  );
  return { version: model.version, codings: rows.map((r) => ({ id: `suggestion-${r.id}`, documentId: r.document_id, codeId: r.code_id, start: Number(r.start_offset), end: Number(r.end_offset) })) };
}
