import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database, type DatabaseHandle } from "@/db/client";
import { createCoding } from "@/db/queries/codings";
import { acceptIntoConsensus } from "@/db/queries/consensus";
import { readEventsAfter } from "@/db/queries/events";
import * as schema from "@/db/schema";
import { createTestDatabase } from "../helpers/db";
import { settledCursor } from "../helpers/event-horizon";
import { findPostgresBin, startPrivateCluster, type PrivateCluster } from "../helpers/private-postgres";
import { snapshotCounts, snapshotTables, type TableSnapshot } from "../helpers/table-snapshot";
import { runOperation, type Fixture } from "./operations";
import { seedFixture } from "./seed";

/**
 * Issue 9, item 7: the backups README.md documents ("Backup and restore") give back the same
 * rows. A database with projects, members, documents (files, structure, search chunks), codes,
 * codings of several coders and of the consensus layer, memos and events is backed up and
 * restored exactly as documented, then every row of every table is compared in full; and the
 * restored database works (the app opens it and a new coding and its event follow the old ones).
 *
 * PostgreSQL (`pg_dump -Fc` → `pg_restore`) runs in the PostgreSQL pass; the PGlite directory
 * copy in the PGlite pass: each needs its own kind of database.
 */
const usePostgres = !!process.env.DATABASE_URL;
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "qualcode-backup-"));

afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

async function populate(db: Database): Promise<Fixture> {
  const fixture = await seedFixture(db, path.join(workDir, "seed.qdpx"));
  await acceptIntoConsensus(db, { projectId: fixture.projectId, actorId: fixture.ownerId, codingIds: fixture.disputedCodingIds });
  await runOperation(db, "document-import", fixture); // an uploaded file, kept as the original
  return fixture;
}

function expectSameRows(restored: TableSnapshot, original: TableSnapshot) {
  for (const table of ["projects", "memberships", "documents", "document_files", "document_segments", "codes", "codings", "memos", "events"]) {
    expect(original[table]?.length, `${table} has rows to compare`).toBeGreaterThan(0);
  }
  expect(snapshotCounts(restored)).toEqual(snapshotCounts(original));
  expect(restored).toEqual(original);
}

/** After a restore the app works: a new coding, and its event after every old one. */
async function expectWorks(db: Database, fixture: Fixture, original: TableSnapshot) {
  // Settled, not latest: a transaction open elsewhere on the server (another test file) holds the
  // event horizon back, and the latest cursor would then stop short of the old events.
  const before = await settledCursor(db, fixture.projectId);
  const documentId = (JSON.parse(original.documents![0]!) as { id: string; project_id: string }).id;
  const coding = await createCoding(db, { projectId: fixture.projectId, documentId, codeId: fixture.targetCodeId, coderId: fixture.ownerId, start: 0, end: 3 });
  await settledCursor(db, fixture.projectId);
  const fresh = await readEventsAfter(db, { projectId: fixture.projectId, after: before, limit: 10 });
  expect(fresh.events.map((e) => [e.type, e.entityId])).toEqual([["coding.created", coding.id]]);
  const all = await readEventsAfter(db, { projectId: fixture.projectId, after: null, limit: 10_000 });
  const oldEvents = original.events!.filter((row) => (JSON.parse(row) as { project_id: string }).project_id === fixture.projectId).length;
  expect(all.events).toHaveLength(oldEvents + 1);
  expect(all.events.at(-1)!.entityId).toBe(coding.id);
}

// pg_dump/pg_restore need a PostgreSQL server: skipped in the PGlite pass, run in the PostgreSQL one.
describe.skipIf(!usePostgres)("PostgreSQL: pg_dump -Fc, then pg_restore (runs in the PostgreSQL pass)", () => {
  let source: DatabaseHandle;
  let fixture: Fixture;
  let original: TableSnapshot;
  const dumpFile = path.join(workDir, "qualcode.dump");

  beforeAll(async () => {
    source = await createTestDatabase();
    fixture = await populate(source.db);
    original = await snapshotTables(source.db);
    // README: pg_dump -Fc -f qualcode-$(date +%F).dump "$DATABASE_URL"
    execFileSync("pg_dump", ["-Fc", "-f", dumpFile, source.url!], { stdio: ["ignore", "ignore", "pipe"] });
  });
  afterAll(async () => {
    await source?.close();
  });

  /** README: pg_restore --no-owner --exit-on-error --single-transaction -d <new database> <dump> */
  const restore = (url: string) => execFileSync("pg_restore", ["--no-owner", "--exit-on-error", "--single-transaction", "-d", url, dumpFile], { stdio: ["ignore", "ignore", "pipe"] });

  /** Rows as restored, read before the app touches the database. */
  async function restoredRows(url: string): Promise<TableSnapshot> {
    const client = postgres(url, { max: 1, onnotice: () => {} });
    try {
      return await snapshotTables(drizzle({ client, schema }) as unknown as Database);
    } finally {
      await client.end({ timeout: 1 });
    }
  }

  it("into a new database on the same server: the same rows, and the app works on it", async () => {
    const name = `qc_restore_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
    const admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${name}"`);
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${name}`;
    try {
      restore(url.toString());
      expectSameRows(await restoredRows(url.toString()), original);
      const restored = await openDatabase({ driver: "postgres", url: url.toString(), poolSize: 2 });
      try {
        // Same cluster, same transaction counter: the start leaves the events as they were.
        expect((await snapshotTables(restored.db, ["events"])).events).toEqual(original.events);
        await expectWorks(restored.db, fixture, original);
      } finally {
        await restored.close();
      }
    } finally {
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end({ timeout: 1 });
    }
  }, 120_000);

  // A new machine's cluster: its transaction counter is far behind the one the events were written in.
  const serverBin = findPostgresBin();
  // Needs initdb/pg_ctl for a private cluster; off CI, a machine without them skips (set PG_BIN). On CI it must run.
  it.skipIf(!serverBin && !process.env.CI)("into a new cluster (another machine): the same rows, and new events follow the old ones", async () => {
    let cluster: PrivateCluster | undefined;
    try {
      cluster = await startPrivateCluster();
      const url = await cluster.createDatabase("qualcode");
      restore(url);
      expectSameRows(await restoredRows(url), original);
      const restored = await openDatabase({ driver: "postgres", url, poolSize: 2 });
      try {
        await expectWorks(restored.db, fixture, original);
      } finally {
        await restored.close();
      }
    } finally {
      cluster?.destroy();
    }
  }, 120_000);
});

// A data-directory copy is PGlite's backup: skipped in the PostgreSQL pass, run in the PGlite one.
describe.skipIf(usePostgres)("PGlite: a copy of the stopped data directory (runs in the PGlite pass)", () => {
  it("gives the same rows, and the app works on the copy", async () => {
    const dataDir = path.join(workDir, "data");
    const live = await openDatabase({ driver: "pglite", dataDir: path.join(dataDir, "db") });
    const fixture = await populate(live.db);
    const original = await snapshotTables(live.db);
    // Stopped: PGlite keeps pages in memory and writes them out at close; a copy taken while it
    // runs may hold half-written files.
    await live.close();
    // README: cp -a ./data /backups/qualcode-data-$(date +%F)
    const copyDir = path.join(workDir, "copy");
    execFileSync("cp", ["-a", dataDir, copyDir]);
    const copy = await openDatabase({ driver: "pglite", dataDir: path.join(copyDir, "db") });
    try {
      expectSameRows(await snapshotTables(copy.db), original);
      await expectWorks(copy.db, fixture, original);
    } finally {
      await copy.close();
    }
  }, 120_000);
});
