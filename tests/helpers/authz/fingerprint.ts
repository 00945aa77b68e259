import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { queryRows } from "@/db/raw";

/**
 * A fingerprint of everything stored: per table, its row count and the newest transaction that
 * wrote one of its rows (`xmin`: an insert or update stamps the row with its transaction, a
 * delete lowers the count). Two equal fingerprints mean no row was inserted, updated or
 * deleted anywhere — which is what "a refused request changes nothing" has to mean — and it is
 * cheap enough to take around every call. Left out, each for its reason:
 */
const IGNORED_TABLES: Record<string, string> = {
  presence: "who has a live stream open: a heartbeat row, not project data",
  auth_throttle: "a failed sign-in is recorded on purpose: that is the throttle",
};
/** Tables compared by content without some columns, instead of by transaction. */
const HASHED_WITHOUT: Record<string, string[]> = {
  // When a token was last used is recorded as it is used (at most once a minute).
  api_tokens: ["last_used_at"],
};

export type Fingerprint = Map<string, string>;

let tableList: Promise<string[]> | undefined;
let tableListDb: Database | undefined;

async function tables(db: Database): Promise<string[]> {
  if (!tableList || tableListDb !== db) {
    tableListDb = db;
    tableList = queryRows<{ name: string }>(
      db,
      sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
    ).then((rows) => rows.map((r) => r.name).filter((name) => !(name in IGNORED_TABLES)));
  }
  return tableList;
}

function tableQuery(table: string): string {
  const hashedWithout = HASHED_WITHOUT[table];
  if (!hashedWithout) return `select '${table}' as t, count(*)::text || ':' || coalesce(max(xmin::text::bigint), 0)::text as v from "${table}"`;
  const row = `(to_jsonb(x)${hashedWithout.map((c) => ` - '${c}'`).join("")})::text`;
  return `select '${table}' as t, count(*)::text || ':' || md5(coalesce(string_agg(${row}, '|' order by ${row}), '')) as v from "${table}" x`;
}

export async function fingerprint(db: Database): Promise<Fingerprint> {
  const rows = await queryRows<{ t: string; v: string }>(db, sql.raw((await tables(db)).map(tableQuery).join(" union all ")));
  return new Map(rows.map((r) => [r.t, r.v]));
}

/** The tables whose content differs, with their row counts before → after ("" when equal). */
export function fingerprintDiff(before: Fingerprint, after: Fingerprint): string {
  const changed: string[] = [];
  for (const [table, value] of after) {
    const old = before.get(table);
    if (old !== value) changed.push(`${table} (${old?.split(":")[0] ?? "?"} → ${value.split(":")[0]} rows)`);
  }
  return changed.join(", ");
}
