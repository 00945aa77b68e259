import fs from "node:fs";
import { createCode, getCodesByProjectId, mergeCodes } from "@/db/queries/codes";
import { createCoding } from "@/db/queries/codings";
import { acceptIntoConsensus, mergeIntoConsensus } from "@/db/queries/consensus";
import { addMember } from "@/db/queries/members";
import { upsertMemo } from "@/db/queries/memos";
import { getUserById } from "@/db/queries/users";
import type { Database } from "@/db/client";
import { memoDocFromText } from "@/lib/memos/doc";
import { writeQdpx } from "@/lib/refi/write";
import { importDocument } from "@/lib/server/documents";
import type { FaultPoint } from "@/lib/server/fault-point";
import { buildQdaProject } from "@/lib/server/refi-export";
import { importQdpx } from "@/lib/server/refi-import";
import { makeProject, makeUser } from "../helpers/factories";

/**
 * The operations the fault tests kill half-way, shared by the child process that is killed
 * (fault-child.ts) and the test that afterwards runs the same operation to completion. Each
 * calls the service function the server calls, on a database opened like the server opens it.
 */
export type Fixture = {
  ownerId: string;
  projectId: string;
  /** The code merged away, and the one it is merged into. */
  sourceCodeId: string;
  targetCodeId: string;
  /** Two coders' overlapping codings of one code in one document, for adjudication. */
  disputedCodingIds: [string, string];
  /** A .qdpx exported from the seeded project, on disk for the child to read. */
  qdpxPath: string;
};

export const OPERATIONS = ["document-import", "consensus-accept", "consensus-merge", "code-merge", "qdpx-import"] as const;
export type OperationName = (typeof OPERATIONS)[number];

export const FAULT_POINT_OF: Record<OperationName, FaultPoint> = {
  "document-import": "document-import.in-transaction",
  "consensus-accept": "consensus-accept.in-transaction",
  "consensus-merge": "consensus-merge.in-transaction",
  "code-merge": "code-merge.in-transaction",
  "qdpx-import": "qdpx-import.in-transaction",
};

export const IMPORTED_FILE_NAME = "interview-after-crash.md";
const IMPORTED_MARKDOWN = [
  "# Interview after the crash",
  "",
  "The delegate said the treaty was signed under pressure. Nobody believed the sovereignty claim.",
  "",
  "- Aid was promised.",
  "- Trade followed.",
  "",
  "A last paragraph, long enough to be its own search chunk and its own sentences. It ends here.",
].join("\n");

export async function runOperation(db: Database, name: OperationName, fixture: Fixture): Promise<unknown> {
  const { projectId, ownerId: actorId } = fixture;
  switch (name) {
    case "document-import":
      return importDocument(db, {
        projectId,
        actorId,
        source: { kind: "file", bytes: new TextEncoder().encode(IMPORTED_MARKDOWN), fileName: IMPORTED_FILE_NAME },
        duplicates: "refuse",
      });
    case "consensus-accept":
      return acceptIntoConsensus(db, { projectId, actorId, codingIds: fixture.disputedCodingIds });
    case "consensus-merge":
      return mergeIntoConsensus(db, { projectId, actorId, codingIds: fixture.disputedCodingIds });
    case "code-merge":
      return mergeCodes(db, { projectId, sourceCodeId: fixture.sourceCodeId, targetCodeId: fixture.targetCodeId, actorId });
    case "qdpx-import": {
      const user = await getUserById(db, { userId: actorId });
      if (!user) throw new Error("the fixture's owner is missing");
      return importQdpx(db, { user, bytes: new Uint8Array(fs.readFileSync(fixture.qdpxPath)) });
    }
  }
}

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
