import "server-only";
import type { Database } from "@/db/client";
import { getCodesByProjectId } from "@/db/queries/codes";
import {
  codingsHash,
  completeTraining,
  createTrainingRun,
  documentTexts,
  failTraining,
  humanCodings,
  projectDocumentIds,
  reportProgress,
  unitsOf,
  type HumanCoding,
  type ModelSummary,
  type Proposal,
  type UnitRow,
} from "@/db/queries/suggester";
import { AppError } from "@/lib/errors";
import { TextIndex } from "@/lib/offsets";
import { proposeCodes, serializeModel, trainSuggester, type TrainingUnit } from "@/lib/suggester";

/**
 * Training a project's suggester (a button and `POST /suggester`): one run per project at a
 * time, in the background of the server process, reporting its progress on its model row. It
 * reads the human codings and the sentences of the documents they are in, evaluates on held-out
 * documents, trains the final model on everything, proposes codes for every document's
 * sentences, and stores it all in one transaction. The event loop is given back between steps,
 * so other requests are served while it trains.
 */
export const DEFAULT_SEED = 20250101;

const inFlight = new Map<string, Promise<void>>();

/** The run in progress in this process for a project (tests and the benchmark await it). */
export function trainingInFlight(projectId: string): Promise<void> | undefined {
  return inFlight.get(projectId);
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function startSuggesterTraining(db: Database, input: { projectId: string; actorId: string; seed?: number }): Promise<ModelSummary> {
  const seed = input.seed ?? DEFAULT_SEED;
  const run = await createTrainingRun(db, { projectId: input.projectId, actorId: input.actorId, seed, params: { unit: "sentence", layer: "coder" } });
  if (!run) throw new AppError("conflict", "The suggester is already training: wait for it to finish.");
  const job = trainInto(db, { ...input, seed, run }).finally(() => inFlight.delete(input.projectId));
  inFlight.set(input.projectId, job);
  return run;
}

/** Each unit's text and the codes human codings overlapping it gave it. */
export function labelUnits(units: readonly UnitRow[], codingRows: readonly HumanCoding[], texts: ReadonlyMap<string, string>): TrainingUnit[] {
  const byDocument = new Map<string, HumanCoding[]>();
  for (const c of codingRows) {
    let list = byDocument.get(c.documentId);
    if (!list) byDocument.set(c.documentId, (list = []));
    list.push(c);
  }
  const indexes = new Map<string, TextIndex>();
  const out: TrainingUnit[] = [];
  for (const u of units) {
    const text = texts.get(u.documentId);
    if (text === undefined) continue;
    let index = indexes.get(u.documentId);
    if (!index) indexes.set(u.documentId, (index = new TextIndex(text)));
    const codeIds = new Set<string>();
    for (const c of byDocument.get(u.documentId) ?? []) if (c.start < u.end && u.start < c.end) codeIds.add(c.codeId);
    out.push({ documentId: u.documentId, start: u.start, end: u.end, text: index.sliceCp(u.start, u.end), codeIds: [...codeIds].sort() });
  }
  return out;
}

async function textsOf(db: Database, projectId: string, ids: readonly string[]): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  for await (const batch of documentTexts(db, projectId, ids)) for (const d of batch) texts.set(d.id, d.text);
  return texts;
}

async function trainInto(db: Database, input: { projectId: string; actorId: string; seed: number; run: ModelSummary }): Promise<void> {
  const { projectId, run } = input;
  let lastReport = 0;
  const progress = async (share: number, stage: string) => {
    const now = Date.now();
    if (now - lastReport > 250 || share >= 1) {
      lastReport = now;
      await reportProgress(db, run.id, Math.min(1, Math.max(0, share)), stage);
    }
    await yieldToEventLoop();
  };
  try {
    await progress(0, "reading the codings");
    const codeIds = (await getCodesByProjectId(db, { projectId })).map((c) => c.id);
    const codingRows = await humanCodings(db, projectId);
    if (codingRows.length === 0) throw new AppError("bad_request", "There are no codings to learn from yet: code some passages first.");
    const coded = [...new Set(codingRows.map((c) => c.documentId))];
    const units = labelUnits(await unitsOf(db, coded), codingRows, await textsOf(db, projectId, coded));
    const { model, evaluation } = await trainSuggester(units, codeIds, { seed: input.seed, onProgress: (share, stage) => progress(0.05 + share * 0.75, stage) });

    // Proposals for every document's units, a batch of documents at a time.
    const all = await projectDocumentIds(db, projectId);
    const proposals: Proposal[] = [];
    for (let i = 0; i < all.length; i += 200) {
      const ids = all.slice(i, i + 200);
      const texts = await textsOf(db, projectId, ids);
      for (const unit of labelUnits(await unitsOf(db, ids), [], texts)) {
        for (const p of proposeCodes(model, unit.text)) proposals.push({ documentId: unit.documentId, codeId: p.codeId, start: unit.start, end: unit.end, confidence: p.confidence });
      }
      await progress(0.8 + (0.15 * (i + ids.length)) / Math.max(1, all.length), "proposing codes");
    }
    await completeTraining(db, {
      projectId,
      actorId: input.actorId,
      modelId: run.id,
      version: run.version,
      evaluation: evaluation as unknown as Record<string, unknown>,
      dataHash: codingsHash(codingRows),
      codingsUsed: codingRows.length,
      model: serializeModel(model),
      proposals,
    });
  } catch (error) {
    const message = error instanceof AppError ? error.message : "Training failed on the server; the details are in its log.";
    if (!(error instanceof AppError)) console.error("[suggester] training failed", error);
    await failTraining(db, run.id, message).catch(() => undefined);
  }
}
