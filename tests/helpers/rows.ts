import { createHash } from "node:crypto";
import { count, eq, max } from "drizzle-orm";
import type { Database } from "@/db/client";
import { codings, documents, events, type Coding, type Document } from "@/db/schema";

/**
 * Rows inserted directly, for tests of code that reads or rewrites them (the document import
 * and coding actions are tested on their own). The text must be short and ASCII so offsets are
 * simply string indexes.
 */
export async function insertDocument(db: Database, projectId: string, text = "The bill demands reform. The state rejects it."): Promise<Document> {
  const [doc] = await db
    .insert(documents)
    .values({ projectId, title: "Test document", text, length: [...text].length, sha256: createHash("sha256").update(text).digest("hex") })
    .returning();
  return doc!;
}

export async function insertCodings(
  db: Database,
  { projectId, document, coderId, spans }: { projectId: string; document: Document; coderId: string; spans: { codeId: string; start: number; end: number }[] },
): Promise<Coding[]> {
  if (spans.length === 0) return [];
  return db
    .insert(codings)
    .values(
      spans.map(({ codeId, start, end }) => ({
        projectId,
        documentId: document.id,
        codeId,
        coderId,
        startOffset: start,
        endOffset: end,
        quote: [...document.text].slice(start, end).join(""),
      })),
    )
    .returning();
}

/** The id of the project's newest event (0 when none): changes after it are "new events". */
export async function lastEventId(db: Database, projectId: string): Promise<number> {
  const [row] = await db.select({ id: max(events.id) }).from(events).where(eq(events.projectId, projectId));
  return Number(row?.id ?? 0);
}

export async function countRows(db: Database, table: typeof codings | typeof documents | typeof events): Promise<number> {
  const [row] = await db.select({ n: count() }).from(table);
  return Number(row!.n);
}
