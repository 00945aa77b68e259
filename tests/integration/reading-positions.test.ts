import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { getAdjacentDocuments } from "@/db/queries/documents";
import { getReadingPosition, saveReadingPosition } from "@/db/queries/reading-positions";
import { createTestDatabase } from "../helpers/db";
import { makeProject, makeUser } from "../helpers/factories";
import { insertDocument } from "../helpers/rows";

describe("reading positions and document neighbours", () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(async () => handle.close());

  it("keeps one position per user and document, overwritten by the latest save", async () => {
    const a = await makeUser(handle.db, "Reader A");
    const b = await makeUser(handle.db, "Reader B");
    const project = await makeProject(handle.db, a.id);
    const doc = await insertDocument(handle.db, project.id, "One.\n\nTwo.\n\nThree.");
    expect(await getReadingPosition(handle.db, { userId: a.id, documentId: doc.id })).toBeNull();
    await saveReadingPosition(handle.db, { userId: a.id, documentId: doc.id, offset: 6 });
    await saveReadingPosition(handle.db, { userId: a.id, documentId: doc.id, offset: 12 });
    await saveReadingPosition(handle.db, { userId: b.id, documentId: doc.id, offset: 0 });
    expect(await getReadingPosition(handle.db, { userId: a.id, documentId: doc.id })).toBe(12);
    expect(await getReadingPosition(handle.db, { userId: b.id, documentId: doc.id })).toBe(0);
  });

  it("finds the previous and next document in the project's order", async () => {
    const u = await makeUser(handle.db, "Navigator");
    const project = await makeProject(handle.db, u.id);
    const d1 = await insertDocument(handle.db, project.id, "first");
    const d2 = await insertDocument(handle.db, project.id, "second");
    const d3 = await insertDocument(handle.db, project.id, "third");
    const ids = [d1.id, d2.id, d3.id];
    const mid = await getAdjacentDocuments(handle.db, { projectId: project.id, documentId: ids[1]! });
    expect(mid.previous?.id).toBe(ids[0]);
    expect(mid.next?.id).toBe(ids[2]);
    const first = await getAdjacentDocuments(handle.db, { projectId: project.id, documentId: ids[0]! });
    expect(first.previous).toBeNull();
  });
});
