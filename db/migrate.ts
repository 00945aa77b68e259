import path from "node:path";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import type { DatabaseHandle } from "./client";

export const migrationsFolder = path.join(process.cwd(), "db", "migrations");

// Any constant works; it only has to be the same for every instance of the app.
const MIGRATION_LOCK_KEY = 4_242_001;

/**
 * Applies pending migrations. On PostgreSQL several app instances may start at once, so the
 * migration runs under an advisory lock: the first applies, the others wait and find nothing
 * left to do.
 */
export async function migrateDatabase(handle: DatabaseHandle): Promise<void> {
  if (handle.driver === "pglite") {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await migratePglite(handle.db as any, { migrationsFolder });
    return;
  }
  // One dedicated connection: the advisory lock is held by a session, so lock, migrate and
  // unlock must all run on the same connection.
  const client = postgres(handle.url!, { max: 1, onnotice: () => {} });
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    await migratePostgres(drizzle({ client }), { migrationsFolder });
    await realignRestoredEventTransactions(client);
    await client`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
  } finally {
    await client.end({ timeout: 5 });
  }
}

/**
 * Live readers order events by (tx_id, id) and read only those below the snapshot's xmin
 * (ARCHITECTURE.md "Events"). tx_id is the writing transaction's id in the cluster that wrote
 * it. A logical restore (pg_dump → pg_restore) into another cluster brings the rows but not the
 * transaction counter: if that cluster is behind, old events sit above every new transaction,
 * so they stay invisible to live streams and new events sort before them. Detected at start (an
 * event from a transaction that has not begun yet), every stored event moves to the frozen
 * transaction id 2: all of them finished long ago, among themselves they keep their id order,
 * and every new event sorts after them. Clients only ever see event ids, so nothing changes for
 * them. Returns the number of events moved.
 */
export async function realignRestoredEventTransactions(client: postgres.Sql): Promise<number> {
  // The newest events carry the highest transaction ids: checking them by primary key keeps
  // the start of a large installation from scanning its whole log.
  const [ahead] = await client`
    select exists (
      select 1 from (select tx_id from events order by id desc limit 100) newest
      where newest.tx_id >= pg_snapshot_xmax(pg_current_snapshot())
    ) as ahead`;
  if (!ahead?.ahead) return 0;
  const moved = await client`update events set tx_id = '2'::xid8 where tx_id <> '2'::xid8`;
  console.log(`[qualcode] ${moved.count} events came from a cluster ahead of this one (a restore): their transaction ids are reset so live updates order new events after them`);
  return moved.count;
}
