import { sql, type SQL } from "drizzle-orm";
import type { Database } from "./client";

/**
 * Runs raw SQL and returns its rows on either driver: postgres.js answers with an array,
 * PGlite with `{ rows }`. Prefer the query builder; this is for catalog queries and the
 * aggregate SQL the builder cannot express.
 */
export async function queryRows<T extends Record<string, unknown>>(db: Database, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

/**
 * For aggregate queries, which sort and hash far more rows than a page does: run in a transaction
 * that gives them memory to do it without spilling to disk (work_mem), and without JIT, whose
 * compile time (~0.3 s on these machines) outweighs sub-second queries it is triggered on by
 * row estimates of joins over ranges. Same rows as queryRows.
 */
export async function analyticRows<T extends Record<string, unknown>>(db: Database, query: SQL): Promise<T[]> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local work_mem = '64MB'`);
    await tx.execute(sql`set local jit = off`);
    return queryRows<T>(tx, query);
  });
}
