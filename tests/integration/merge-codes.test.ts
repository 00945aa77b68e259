import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { createCode, deleteCode, getCodesByProjectId, mergeCodes } from "@/db/queries/codes";
import { createCoding } from "@/db/queries/codings";
import { codings, events, type User } from "@/db/schema";
import { createTestDatabase } from "../helpers/db";
import { makeProject, makeUser } from "../helpers/factories";
import { insertCodings, insertDocument, lastEventId } from "../helpers/rows";

describe("mergeCodes", () => {
  let handle: DatabaseHandle;
  let owner: User;
  beforeAll(async () => {
    handle = await createTestDatabase();
    owner = await makeUser(handle.db, "Merger");
  });
  afterAll(async () => handle?.close());

  async function setup() {
    const project = await makeProject(handle.db, owner.id);
    const [pressure, sovereignty, reward] = await getCodesByProjectId(handle.db, { projectId: project.id });
    const document = await insertDocument(handle.db, project.id);
    return { project, pressure: pressure!, sovereignty: sovereignty!, reward: reward!, document };
  }

  it("moves every coding of the source to the target exactly once, re-parents sub-codes, deletes the source", async () => {
    const { project, pressure, reward, document } = await setup();
    const child = await createCode(handle.db, { projectId: project.id, actorId: owner.id, fields: { name: "trade conditions", parentId: pressure.id } });
    const made = await insertCodings(handle.db, {
      projectId: project.id,
      document,
      coderId: owner.id,
      spans: [
        { codeId: pressure.id, start: 0, end: 8 },
        { codeId: pressure.id, start: 4, end: 20 },
        { codeId: reward.id, start: 0, end: 8 },
        { codeId: child.id, start: 9, end: 15 },
      ],
    });
    const result = await mergeCodes(handle.db, { projectId: project.id, sourceCodeId: pressure.id, targetCodeId: reward.id, actorId: owner.id });
    expect(result).toEqual({ movedCodings: 2, movedChildren: 1 });
    const after = await handle.db.select().from(codings).where(eq(codings.projectId, project.id));
    expect(after.map((c) => c.id).sort()).toEqual(made.map((c) => c.id).sort());
    expect(after.filter((c) => c.codeId === reward.id)).toHaveLength(3);
    expect(after.filter((c) => c.codeId === child.id)).toHaveLength(1);
    const codes = await getCodesByProjectId(handle.db, { projectId: project.id });
    expect(codes.find((c) => c.id === pressure.id)).toBeUndefined();
    expect(codes.find((c) => c.id === child.id)?.path).toBe("reward/trade conditions");
    const log = await handle.db.select().from(events).where(eq(events.projectId, project.id));
    expect(log.filter((e) => e.type === "code.merged")).toHaveLength(1);
    expect(log.filter((e) => e.type === "coding.updated" && (e.meta as { cause?: string }).cause === "code.merged")).toHaveLength(2);
  });

  it("a coding sent to a code merged meanwhile lands on the merge target (through a chain of merges)", async () => {
    const { project, pressure, sovereignty, reward, document } = await setup();
    await mergeCodes(handle.db, { projectId: project.id, sourceCodeId: pressure.id, targetCodeId: sovereignty.id, actorId: owner.id });
    await mergeCodes(handle.db, { projectId: project.id, sourceCodeId: sovereignty.id, targetCodeId: reward.id, actorId: owner.id });
    // The coder's view still showed "pressure".
    const coding = await createCoding(handle.db, { projectId: project.id, documentId: document.id, codeId: pressure.id, coderId: owner.id, start: 0, end: 8 });
    expect(coding.codeId).toBe(reward.id);
    const stored = await handle.db.select().from(codings).where(eq(codings.projectId, project.id));
    expect(stored.map((c) => [c.id, c.codeId])).toEqual([[coding.id, reward.id]]);
  });

  it("a coding sent to a code deleted meanwhile is refused, naming the code; nothing is written", async () => {
    const { project, reward, document } = await setup();
    await deleteCode(handle.db, { projectId: project.id, codeId: reward.id, actorId: owner.id, options: { codings: "delete" } });
    const before = await lastEventId(handle.db, project.id);
    await expect(
      createCoding(handle.db, { projectId: project.id, documentId: document.id, codeId: reward.id, coderId: owner.id, start: 0, end: 8 }),
    ).rejects.toThrow('The code "reward" was deleted from the codebook; choose another code.');
    expect(await lastEventId(handle.db, project.id)).toBe(before);
    expect(await handle.db.select().from(codings).where(eq(codings.projectId, project.id))).toEqual([]);
  });

  it("refuses merging a code into its own sub-code, or into itself, changing nothing", async () => {
    const { project, pressure } = await setup();
    const child = await createCode(handle.db, { projectId: project.id, actorId: owner.id, fields: { name: "inner", parentId: pressure.id } });
    const before = await lastEventId(handle.db, project.id);
    await expect(mergeCodes(handle.db, { projectId: project.id, sourceCodeId: pressure.id, targetCodeId: child.id, actorId: owner.id })).rejects.toThrow(/inside/);
    await expect(mergeCodes(handle.db, { projectId: project.id, sourceCodeId: pressure.id, targetCodeId: pressure.id, actorId: owner.id })).rejects.toThrow(/two different/);
    expect(await lastEventId(handle.db, project.id)).toBe(before);
  });

  it("refuses when a sub-code would collide with a sub-code of the target, and rolls back", async () => {
    const { project, pressure, reward, document } = await setup();
    await createCode(handle.db, { projectId: project.id, actorId: owner.id, fields: { name: "aid", parentId: pressure.id } });
    await createCode(handle.db, { projectId: project.id, actorId: owner.id, fields: { name: "aid", parentId: reward.id } });
    await insertCodings(handle.db, { projectId: project.id, document, coderId: owner.id, spans: [{ codeId: pressure.id, start: 0, end: 3 }] });
    const before = await lastEventId(handle.db, project.id);
    await expect(mergeCodes(handle.db, { projectId: project.id, sourceCodeId: pressure.id, targetCodeId: reward.id, actorId: owner.id })).rejects.toMatchObject({ code: "conflict" });
    expect(await lastEventId(handle.db, project.id)).toBe(before);
    const stillThere = await handle.db.select().from(codings).where(eq(codings.codeId, pressure.id));
    expect(stillThere).toHaveLength(1);
  });
});
