import fs from "node:fs";
import type { Database } from "@/db/client";
import type { FaultPoint } from "@/lib/server/fault-point";

/**
 * The operations the fault tests kill half-way, shared by the child process that is killed
 * (fault-child.ts) and the test that afterwards runs the same operation to completion. Each
 * calls the service function the server calls, on a database opened like the server opens it.
 * Each loads only the modules its operation needs: the child is started once per kill, and the
 * document importer (with its readers) is the slowest part of its start.
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

/** Loads what an operation needs; the child does it before it says "ready". */
export async function preloadOperation(name: OperationName): Promise<void> {
  if (name === "document-import") await import("@/lib/server/documents");
  else if (name === "qdpx-import") await Promise.all([import("@/db/queries/users"), import("@/lib/server/refi-import")]);
  else await import(name === "code-merge" ? "@/db/queries/codes" : "@/db/queries/consensus");
}

export async function runOperation(db: Database, name: OperationName, fixture: Fixture): Promise<unknown> {
  const { projectId, ownerId: actorId } = fixture;
  switch (name) {
    case "document-import": {
      const { importDocument } = await import("@/lib/server/documents");
      return importDocument(db, {
        projectId,
        actorId,
        source: { kind: "file", bytes: new TextEncoder().encode(IMPORTED_MARKDOWN), fileName: IMPORTED_FILE_NAME },
        duplicates: "refuse",
      });
    }
    case "consensus-accept":
      return (await import("@/db/queries/consensus")).acceptIntoConsensus(db, { projectId, actorId, codingIds: fixture.disputedCodingIds });
    case "consensus-merge":
      return (await import("@/db/queries/consensus")).mergeIntoConsensus(db, { projectId, actorId, codingIds: fixture.disputedCodingIds });
    case "code-merge":
      return (await import("@/db/queries/codes")).mergeCodes(db, { projectId, sourceCodeId: fixture.sourceCodeId, targetCodeId: fixture.targetCodeId, actorId });
    case "qdpx-import": {
      const [{ getUserById }, { importQdpx }] = await Promise.all([import("@/db/queries/users"), import("@/lib/server/refi-import")]);
      const user = await getUserById(db, { userId: actorId });
      if (!user) throw new Error("the fixture's owner is missing");
      return importQdpx(db, { user, bytes: new Uint8Array(fs.readFileSync(fixture.qdpxPath)) });
    }
  }
}
