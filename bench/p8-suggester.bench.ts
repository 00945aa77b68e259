import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { createCode, getCodesByProjectId } from "@/db/queries/codes";
import { documentTexts, humanCodings, listModels, unitsOf } from "@/db/queries/suggester";
import { documents } from "@/db/schema";
import { startSuggesterTraining, trainingInFlight } from "@/lib/server/suggester";
import { syntheticCodeIds, syntheticUnits } from "@/lib/suggester/bench-data";
import { makeProject, makeUser } from "../tests/helpers/factories";
import { median, type BenchRow, postgresBenchDatabase } from "./harness";

export const P8_SHAPE = { codings: 20_000, codes: 60, sentencesPerDocument: 50 } as const;

/**
 * P8 (issue 10): training the suggester on 20,000 codings over 60 codes (the server's whole
 * run: reading the codings and sentences, the held-out evaluation, the final model, proposals
 * for every sentence, storing it all), on PostgreSQL, against reading that training data from
 * the database in the same run. Target: under 30 s. The project is the seeded synthetic corpus
 * of lib/suggester/bench-data, stored as documents with sentence segments and codings.
 */
export async function benchSuggester(pgUrl: string): Promise<BenchRow[]> {
  const handle = await postgresBenchDatabase(pgUrl);
  try {
    const owner = await makeUser(handle.db, "P8 owner");
    const project = await makeProject(handle.db, owner.id, "P8");
    const t0 = performance.now();
    const { codings, documents: docs } = await seed(handle.db, project.id, owner.id);
    console.log(`P8 data: ${codings.toLocaleString("en")} codings over ${docs} documents and ${P8_SHAPE.codes} codes, seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const load = async () => {
      const rows = await humanCodings(handle.db, project.id);
      const ids = [...new Set(rows.map((r) => r.documentId))];
      await unitsOf(handle.db, ids);
      for await (const batch of documentTexts(handle.db, project.id, ids)) void batch;
    };
    await load();
    const baseline = await median(3, load);
    const started = performance.now();
    await startSuggesterTraining(handle.db, { projectId: project.id, actorId: owner.id, seed: 1 });
    await trainingInFlight(project.id);
    const value = performance.now() - started;
    const [model] = await listModels(handle.db, project.id, 1);
    const evaluation = model?.evaluation as { microF1: number | null; baselineMicroF1: number | null } | null;
    console.log(`P8 training: ${model?.status}, ${(value / 1000).toFixed(1)} s; held-out pooled F1 ${evaluation?.microF1?.toFixed(3)} vs baseline ${evaluation?.baselineMicroF1?.toFixed(3)}`);
    return [
      {
        id: "P8",
        figure: `train the suggester on ${codings.toLocaleString("en")} codings, ${P8_SHAPE.codes} codes (PostgreSQL)`,
        value,
        baseline,
        baselineLabel: "read the training data",
        unit: "ms",
        target: "< 30 s",
        met: model?.status === "ready" && value < 30_000,
      },
    ];
  } finally {
    await handle.close();
  }
}

async function seed(db: Database, projectId: string, ownerId: string): Promise<{ codings: number; documents: number }> {
  const existing = await getCodesByProjectId(db, { projectId });
  for (let i = existing.length; i < P8_SHAPE.codes; i++) await createCode(db, { projectId, actorId: ownerId, fields: { name: `code ${i + 1}` } });
  const codeIds = (await getCodesByProjectId(db, { projectId })).map((c) => c.id);
  const synthetic = new Map(syntheticCodeIds(P8_SHAPE.codes).map((id, i) => [id, codeIds[i]!]));
  // About half the sentences carry a code (some two): enough documents for the codings asked for.
  const units = syntheticUnits({ documents: Math.ceil(P8_SHAPE.codings / (P8_SHAPE.sentencesPerDocument * 0.575)), sentencesPerDocument: P8_SHAPE.sentencesPerDocument, codes: P8_SHAPE.codes, seed: 3 });
  const byDoc = new Map<string, typeof units>();
  for (const u of units) byDoc.set(u.documentId, [...(byDoc.get(u.documentId) ?? []), u]);
  let codings = 0;
  let position = 0;
  for (const list of byDoc.values()) {
    if (codings >= P8_SHAPE.codings) break;
    const text = list.map((u) => u.text).join(" ");
    await db.transaction(async (tx) => {
      const [doc] = await tx
        .insert(documents)
        .values({ projectId, title: `Synthetic ${position + 1}`, text, length: [...text].length, sha256: createHash("sha256").update(text).digest("hex"), position: position++, createdBy: ownerId })
        .returning({ id: documents.id });
      const segments = list.map((u, i) => [u.start, u.end, i]);
      await tx.execute(sql`insert into document_segments (document_id, kind, start_offset, end_offset, ordinal)
        select ${doc!.id}::uuid, 'sentence', (x->>0)::int, (x->>1)::int, (x->>2)::int from jsonb_array_elements(${JSON.stringify(segments)}::jsonb) as x`);
      const rows = list.flatMap((u) => u.codeIds.map((c) => [synthetic.get(c)!, u.start, u.end]));
      codings += rows.length;
      if (rows.length)
        await tx.execute(sql`insert into codings (project_id, document_id, code_id, coder_id, start_offset, end_offset, quote)
          select ${projectId}::uuid, d.id, (x->>0)::uuid, ${ownerId}::uuid, (x->>1)::int, (x->>2)::int, substring(d.text from (x->>1)::int + 1 for (x->>2)::int - (x->>1)::int)
          from jsonb_array_elements(${JSON.stringify(rows)}::jsonb) as x join documents d on d.id = ${doc!.id}::uuid`);
    });
  }
  return { codings, documents: position };
}
