import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { queryRows } from "@/db/raw";

/**
 * Every row of every table of the app's schema, as sorted JSON text per table: two snapshots
 * are equal when the databases hold exactly the same rows (ids, offsets, quotes, bytes, times,
 * event before/after and tx ids included). For crash tests (nothing of a killed operation left)
 * and backup tests (a restore gives back the same rows).
 */
export type TableSnapshot = Record<string, string[]>;

export async function appTables(db: Database): Promise<string[]> {
  const rows = await queryRows<{ name: string }>(
    db,
    sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  );
  return rows.map((r) => r.name);
}

export async function snapshotTables(db: Database, tables?: readonly string[]): Promise<TableSnapshot> {
  const out: TableSnapshot = {};
  for (const table of tables ?? (await appTables(db))) {
    const rows = await queryRows<{ row: string }>(db, sql.raw(`select to_jsonb(t)::text as row from "${table.replace(/"/g, '""')}" t order by 1`));
    out[table] = rows.map((r) => r.row);
  }
  return out;
}

/** Row counts per table, for messages that say what differs without printing every row. */
export function snapshotCounts(snapshot: TableSnapshot): Record<string, number> {
  return Object.fromEntries(Object.entries(snapshot).map(([table, rows]) => [table, rows.length]));
}
