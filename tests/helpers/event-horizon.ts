import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { latestCursor } from "@/db/queries/events";
import { queryRows } from "@/db/raw";

/**
 * The cursor after every event of the project written so far. Events are read only below the
 * oldest transaction still open on the server; on a shared PostgreSQL server a transaction open
 * in another test file (a fault test paused inside one, say) holds that horizon back for a
 * moment, so a test that reads "the last event" or "now" waits it out here.
 */
export async function settledCursor(db: Database, projectId: string) {
  for (let i = 0; ; i++) {
    const [row] = await queryRows<{ id: number | string }>(db, sql`select max(id) as id from events where project_id = ${projectId}::uuid`);
    const cursor = await latestCursor(db, { projectId });
    if (cursor && cursor.id === Number(row!.id)) return cursor;
    if (i > 500) throw new Error("the event horizon never passed the project's last event");
    await new Promise((r) => setTimeout(r, 20));
  }
}
