import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../client";
import { readingPositions } from "../schema";

/** Where a user last was in a document: the code-point offset of the top visible line. */
export async function getReadingPosition(db: Database, { userId, documentId }: { userId: string; documentId: string }): Promise<number | null> {
  const [row] = await db
    .select({ offset: readingPositions.offset })
    .from(readingPositions)
    .where(and(eq(readingPositions.userId, userId), eq(readingPositions.documentId, documentId)))
    .limit(1);
  return row ? row.offset : null;
}

export async function saveReadingPosition(db: Database, { userId, documentId, offset }: { userId: string; documentId: string; offset: number }): Promise<void> {
  await db
    .insert(readingPositions)
    .values({ userId, documentId, offset })
    .onConflictDoUpdate({ target: [readingPositions.userId, readingPositions.documentId], set: { offset, updatedAt: sql`now()` } });
}
