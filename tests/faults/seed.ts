import fs from "node:fs";
import type { Database } from "@/db/client";
import { createCode, getCodesByProjectId } from "@/db/queries/codes";
import { createCoding } from "@/db/queries/codings";
import { addMember } from "@/db/queries/members";
import { upsertMemo } from "@/db/queries/memos";
import { memoDocFromText } from "@/lib/memos/doc";
import { writeQdpx } from "@/lib/refi/write";
import { importDocument } from "@/lib/server/documents";
import { buildQdaProject } from "@/lib/server/refi-export";
import { makeProject, makeUser } from "../helpers/factories";
import type { Fixture } from "./operations";

const TEXTS = [
  "The minister said the treaty would be ratified under pressure from donors. The opposition called it a sovereignty claim.\n\nTrade and aid were promised in return. Nobody said so in public.",
  "Officials denied any reward. The parliament debated for weeks.\n\nIn the end the vote followed the money, and the pressure eased.",
];

/** A project worth crashing in: two coders who disagree, a code to merge away with codings, children and a memo. */
export async function seedFixture(db: Database, qdpxPath: string): Promise<Fixture> {
  const owner = await makeUser(db, "Crash owner");
  const [ana, ben] = [await makeUser(db, "Ana Crash"), await makeUser(db, "Ben Crash")];
  const project = await makeProject(db, owner.id, "Crash study");
  const projectId = project.id;
  for (const u of [ana, ben]) await addMember(db, { projectId, email: u.email!, role: "coder", actorId: owner.id });
  const codes = await getCodesByProjectId(db, { projectId });
  const pressure = codes.find((c) => c.name === "pressure")!;
  const reward = codes.find((c) => c.name === "reward")!;
  await createCode(db, { projectId, actorId: owner.id, fields: { name: "aid", parentId: reward.id } });
  await upsertMemo(db, { projectId, targetType: "code", targetId: reward.id, authorId: owner.id, body: memoDocFromText("Rewards: money, aid, trade."), bodyText: "Rewards: money, aid, trade." });

  const documentIds: string[] = [];
  for (const [i, text] of TEXTS.entries()) {
    const result = await importDocument(db, { projectId, actorId: owner.id, source: { kind: "text", text, title: `Debate ${i + 1}` }, duplicates: "import" });
    if (result.skipped) throw new Error("seed document skipped");
    documentIds.push(result.document.id);
  }
  const [doc1, doc2] = documentIds as [string, string];
  const anaPressure = await createCoding(db, { projectId, documentId: doc1, codeId: pressure.id, coderId: ana.id, start: 4, end: 60, memo: "Ana: donors" });
  const benPressure = await createCoding(db, { projectId, documentId: doc1, codeId: pressure.id, coderId: ben.id, start: 20, end: 75 });
  for (const [coder, start, end] of [[ana, 60, 90], [ben, 60, 100], [owner, 0, 30]] as const) {
    await createCoding(db, { projectId, documentId: doc2, codeId: reward.id, coderId: coder.id, start, end });
  }
  await createCoding(db, { projectId, documentId: doc1, codeId: reward.id, coderId: ana.id, start: 122, end: 144 });

  fs.writeFileSync(qdpxPath, writeQdpx(await buildQdaProject(db, { projectId, layer: "both" })));
  return { ownerId: owner.id, projectId, sourceCodeId: reward.id, targetCodeId: pressure.id, disputedCodingIds: [anaPressure.id, benPressure.id], qdpxPath };
}
