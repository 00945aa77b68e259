import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { getEnv } from "@/lib/config/env";
import { acquireDataDirLock } from "./data-dir-lock";
import { migrateDatabase } from "./migrate";
import * as schema from "./schema";

/** The database or a transaction: every query function takes one of these first. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export type DatabaseHandle = {
  db: Database;
  driver: "pglite" | "postgres";
  /** The raw clients, for LISTEN/NOTIFY and benchmarks. */
  pglite?: PGlite;
  sql?: postgres.Sql;
  /** The connection string, for PostgreSQL. */
  url?: string;
  close(): Promise<void>;
};

export type OpenOptions =
  | { driver: "postgres"; url: string; poolSize?: number }
  | { driver: "pglite"; dataDir: string | "memory://" };

/**
 * drizzle hands postgres.js every query with `prepare: false`, and postgres.js then sends a
 * query that has parameters in two round trips (describe, then execute) and has it parsed and
 * planned each time. Named prepared statements, cached per connection (postgres.js recycles
 * connections every 30–60 min, which bounds the cache), halve the time of a coding write and of
 * the token check (bench P1). The raw client on the handle is left as it is: COPY and LISTEN
 * use it, and its statements are built at run time. Statements built around long id lists are
 * one-offs (caching them would only fill memory): those stay unnamed.
 */
const MAX_PREPARED_TEXT = 8_000;
const MAX_PREPARED_PARAMS = 64;

function preparedStatements(client: postgres.Sql): postgres.Sql {
  const wrapScoped = (method: "begin" | "savepoint", target: postgres.Sql) =>
    (...args: unknown[]) => {
      const body = args.pop() as (tx: postgres.Sql) => unknown;
      return ((target as unknown as Record<string, (...a: unknown[]) => unknown>)[method]!)(...args, (tx: postgres.Sql) => body(preparedStatements(tx)));
    };
  return new Proxy(client, {
    get(target, prop, receiver) {
      if (prop === "unsafe")
        return (query: string, params?: postgres.ParameterOrJSON<never>[], options?: postgres.UnsafeQueryOptions) =>
          target.unsafe(query, params, { ...options, prepare: query.length <= MAX_PREPARED_TEXT && (params?.length ?? 0) <= MAX_PREPARED_PARAMS });
      if (prop === "begin" || prop === "savepoint") return wrapScoped(prop, target);
      const value = Reflect.get(target, prop, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/**
 * How long postgres.js waits before reconnecting after a failed connection attempt, in seconds.
 * Its default grows with a retry count shared by the whole pool (3^n / 100 s, up to 20 s), and a
 * query handed to a closed connection waits out that delay before the connection even tries:
 * after a PostgreSQL restart of two seconds, the pool had climbed to waits of 10–20 s, and
 * requests kept hanging and failing for that long after the server was back (fault test
 * tests/e2e/postgres-restart.spec.ts). Capped at half a second, the app is back within that
 * of the database. Nothing retries without a query waiting, so this never spins.
 */
export function reconnectBackoff(retries: number): number {
  return Math.min(0.05 * 2 ** retries, 0.5);
}

/** Opens a database and brings its schema up to date. */
export async function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
  if (options.driver === "postgres") {
    const sql = postgres(options.url, {
      max: options.poolSize ?? 10,
      onnotice: () => {},
      backoff: reconnectBackoff,
    });
    const db = drizzlePostgres({ client: preparedStatements(sql), schema }) as unknown as Database;
    const handle: DatabaseHandle = { db, driver: "postgres", sql, url: options.url, close: () => sql.end({ timeout: 5 }) };
    await migrateDatabase(handle);
    return handle;
  }

  let release = () => {};
  let client: PGlite;
  if (options.dataDir === "memory://") {
    client = new PGlite();
  } else {
    const dir = path.resolve(options.dataDir);
    release = acquireDataDirLock(dir);
    try {
      client = new PGlite(dir);
    } catch (error) {
      release();
      throw error;
    }
  }
  await client.waitReady;
  const db = drizzlePglite({ client, schema }) as unknown as Database;
  const handle: DatabaseHandle = {
    db,
    driver: "pglite",
    pglite: client,
    close: async () => {
      await client.close();
      release();
    },
  };
  await migrateDatabase(handle);
  return handle;
}

/** Options from the environment: PostgreSQL when DATABASE_URL is set, else PGlite in DATA_DIR/db. */
export function optionsFromEnv(): OpenOptions {
  const env = getEnv();
  if (env.DATABASE_URL) return { driver: "postgres", url: env.DATABASE_URL, poolSize: env.DATABASE_POOL_SIZE };
  return { driver: "pglite", dataDir: path.join(env.DATA_DIR, "db") };
}

// One database per server process, kept on globalThis so dev hot reloads reuse it.
const globalForDb = globalThis as unknown as { __qualcodeDb?: Promise<DatabaseHandle> };

export function getDatabaseHandle(): Promise<DatabaseHandle> {
  if (!globalForDb.__qualcodeDb) {
    globalForDb.__qualcodeDb = openDatabase(optionsFromEnv()).catch((error) => {
      globalForDb.__qualcodeDb = undefined;
      throw error;
    });
  }
  return globalForDb.__qualcodeDb;
}

export async function getDb(): Promise<Database> {
  return (await getDatabaseHandle()).db;
}

/** Tests and benchmarks that call route handlers directly point the app at their own database. */
export function useDatabaseHandleForProcess(handle: DatabaseHandle): void {
  globalForDb.__qualcodeDb = Promise.resolve(handle);
}
