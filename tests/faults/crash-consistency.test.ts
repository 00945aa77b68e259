import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle, type OpenOptions } from "@/db/client";
import { DataDirLockedError, lockPathFor } from "@/db/data-dir-lock";
import { queryRows } from "@/db/raw";
import { codes, codings, documentFiles, documents, documentSegments, events, projects, searchChunks } from "@/db/schema";
import { faultAnnouncement } from "@/lib/server/fault-point";
import { createTestDatabase } from "../helpers/db";
import { snapshotCounts, snapshotTables, type TableSnapshot } from "../helpers/table-snapshot";
import { startFaultChild, type FaultChild } from "./child-process";
import { FAULT_POINT_OF, IMPORTED_FILE_NAME, OPERATIONS, runOperation, type Fixture, type OperationName } from "./operations";
import { seedFixture } from "./seed";

/**
 * Issue 9, item 5: a process SIGKILLed in the middle of a document import, an adjudication
 * (accept and merge into the consensus layer), a code merge and a .qdpx import leaves no trace
 * of the operation, and after the restart the same operation succeeds.
 *
 * "In the middle" is exact: the child process (fault-child.ts) runs the server's own service
 * function with QUALCODE_FAULT_POINT naming a point inside the operation's transaction, after
 * rows are written; it announces the point and waits, and only then is its process group
 * killed. Then the database is opened again as a restarting server opens it (on PGlite: the
 * directory whose lock the dead process left behind) and every row of every table is compared
 * with the rows before the operation.
 */
const usePostgres = !!process.env.DATABASE_URL;
// Two processes open the database per test: generous on a busy two-core machine.
const SLOW_TEST_MS = 120_000;
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "qualcode-faults-"));
const pgliteDir = path.join(workDir, "db");

let handle: DatabaseHandle;
let options: OpenOptions;
let fixture: Fixture;
let closed = false;
const db = () => handle.db;

async function openTransactionsOfOthers(): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db(),
    sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and state like 'idle in transaction%'`,
  );
  return row?.n ?? 0;
}

// Each kill needs a fresh process, and loading one takes seconds: the next one loads ahead of its
// turn, on the core this test leaves idle, and waits for its task.
const children = new Map<number, FaultChild>();
let secondOpener: FaultChild | undefined;
function prepareChild(index: number) {
  const name = OPERATIONS[index];
  if (name && !children.has(index)) children.set(index, startFaultChild({ QUALCODE_FAULT_POINT: FAULT_POINT_OF[name] }, name));
}
function takeChild(index: number): FaultChild {
  prepareChild(index);
  const child = children.get(index)!;
  children.delete(index);
  return child;
}

beforeAll(async () => {
  prepareChild(0);
  if (!usePostgres) secondOpener = startFaultChild();
  if (usePostgres) {
    handle = await createTestDatabase();
    options = { driver: "postgres", url: handle.url!, poolSize: 2 };
  } else {
    options = { driver: "pglite", dataDir: pgliteDir };
    handle = await openDatabase(options);
  }
  fixture = await seedFixture(db(), path.join(workDir, "seed.qdpx"));
});

afterAll(async () => {
  for (const child of [...children.values(), secondOpener]) await child?.kill("SIGKILL");
  await handle?.close();
  fs.rmSync(workDir, { recursive: true, force: true });
});

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** What must hold once the operation has run to the end after the restart. */
async function checkCompleted(name: OperationName, result: unknown, before: TableSnapshot) {
  const counts = snapshotCounts(await snapshotTables(db()));
  const was = snapshotCounts(before);
  switch (name) {
    case "document-import": {
      const imported = result as { skipped: boolean; document: { id: string } };
      expect(imported.skipped).toBe(false);
      const id = imported.document.id;
      expect(await db().select().from(documents).where(eq(documents.id, id))).toHaveLength(1);
      expect(await db().select({ id: documentFiles.documentId, name: documentFiles.fileName }).from(documentFiles).where(eq(documentFiles.documentId, id))).toEqual([{ id, name: IMPORTED_FILE_NAME }]);
      expect((await db().select().from(documentSegments).where(eq(documentSegments.documentId, id))).length).toBeGreaterThan(3);
      expect((await db().select().from(searchChunks).where(eq(searchChunks.documentId, id))).length).toBeGreaterThan(0);
      expect(await db().select({ type: events.type }).from(events).where(and(eq(events.entityId, id), eq(events.type, "document.imported")))).toHaveLength(1);
      expect(counts.documents).toBe(was.documents! + 1);
      return;
    }
    case "consensus-accept": {
      const created = result as { id: string; layer: string }[];
      expect(created.map((c) => c.layer)).toEqual(["consensus", "consensus"]);
      expect(counts.codings).toBe(was.codings! + 2);
      return;
    }
    case "consensus-merge": {
      const merged = result as { layer: string; startOffset: number; endOffset: number };
      expect([merged.layer, merged.startOffset, merged.endOffset]).toEqual(["consensus", 4, 75]);
      expect(counts.codings).toBe(was.codings! + 1);
      return;
    }
    case "code-merge": {
      const { movedCodings, movedChildren } = result as { movedCodings: number; movedChildren: number };
      expect([movedCodings, movedChildren]).toEqual([4, 1]);
      // Every coding survives exactly once: the same ids as before, none on the merged code.
      const ids = (rows: string[]) => rows.map((r) => (JSON.parse(r) as { id: string }).id).sort();
      expect(ids((await snapshotTables(db(), ["codings"])).codings!)).toEqual(ids(before.codings!));
      expect(await db().select().from(codings).where(eq(codings.codeId, fixture.sourceCodeId))).toHaveLength(0);
      expect(await db().select().from(codes).where(eq(codes.id, fixture.sourceCodeId))).toHaveLength(0);
      return;
    }
    case "qdpx-import": {
      const report = result as { projectId: string; imported: { documents: number; codings: number; codes: number } };
      expect(report.imported.documents).toBe(2);
      expect(report.imported.codings).toBeGreaterThan(0);
      expect(await db().select().from(projects).where(eq(projects.id, report.projectId))).toHaveLength(1);
      expect(counts.projects).toBe(was.projects! + 1);
      return;
    }
  }
}

describe(`SIGKILL in the middle of an operation (${usePostgres ? "PostgreSQL" : "PGlite data directory"})`, () => {
  for (const [index, name] of OPERATIONS.entries()) {
    const lockChecks = usePostgres ? "" : index === 0 ? " (meanwhile the directory is refused to this and to a second process; the restart takes over the stale lock)" : " (the restart takes over the stale lock)";
    it(`${name}: nothing of it is left after the kill, and it succeeds after the restart${lockChecks}`, async () => {
      const point = FAULT_POINT_OF[name];
      const child = takeChild(index);
      try {
        const before = await snapshotTables(db());
        // One process per PGlite directory: the process under test takes it over.
        if (!usePostgres) {
          await handle.close();
          closed = true;
        }
        await child.run({ database: options, operation: name, fixture });
        await child.waitFor(new RegExp(escapeRegExp(faultAnnouncement(point)).replace(/pid \d+/, "pid \\d+")));

        if (usePostgres) {
          // "In the middle": its transaction is open (rows written, not committed) when it dies.
          expect(await openTransactionsOfOthers()).toBe(1);
        } else {
          // While it sits in its transaction, the directory is refused to anyone else, with a clear message.
          const refusal = openDatabase(options);
          await expect(refusal).rejects.toThrow(DataDirLockedError);
          await expect(refusal).rejects.toThrow(`is already in use by another process (pid ${child.child.pid})`);
          if (index === 0) await expectSecondProcessRefused(secondOpener!, child.child.pid!);
        }

        const exit = await child.kill("SIGKILL");
        expect(exit.signal).toBe("SIGKILL");
        prepareChild(index + 1);

        if (!usePostgres) {
          // The killed process could not remove its lock; the restart takes it over.
          expect(Number(fs.readFileSync(lockPathFor(pgliteDir), "utf8"))).toBe(child.child.pid);
          handle = await openDatabase(options);
          closed = false;
          expect(Number(fs.readFileSync(lockPathFor(pgliteDir), "utf8"))).toBe(process.pid);
        } else {
          // PostgreSQL saw its client vanish and rolled the transaction back: no session is left holding it open.
          await expect.poll(() => openTransactionsOfOthers(), { timeout: 15_000 }).toBe(0);
        }

        const after = await snapshotTables(db());
        expect(snapshotCounts(after)).toEqual(snapshotCounts(before));
        expect(after).toEqual(before);

        const result = await runOperation(db(), name, fixture);
        await checkCompleted(name, result, before);
      } finally {
        await child.kill("SIGKILL");
        // A failed check must not leave the next test without its database.
        if (closed) {
          handle = await openDatabase(options);
          closed = false;
        }
      }
    }, SLOW_TEST_MS);
  }
});

/** Another process (not this one: a real second opener) is refused and says why. */
async function expectSecondProcessRefused(second: FaultChild, holderPid: number) {
  try {
    await second.run({ database: options, operation: "document-import", fixture });
    const exit = await second.exited;
    expect(exit.code).not.toBe(0);
    expect(second.output()).toContain(`The embedded database in ${pgliteDir} is already in use by another process (pid ${holderPid})`);
    expect(second.output()).not.toContain("[fault-child] pglite open");
  } finally {
    await second.kill("SIGKILL");
  }
}
