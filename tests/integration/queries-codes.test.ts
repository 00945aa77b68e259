import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database, DatabaseHandle } from "@/db/client";
import { createCode, deleteCode, getCodeById, getCodesByProjectId, getCodeWithPathById, updateCode } from "@/db/queries/codes";
import { getEventsByProjectId } from "@/db/queries/events";
import { codings, events, type Code } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { createTestDatabase } from "../helpers/db";
import { makeProject, makeUser } from "../helpers/factories";
import { insertCodings, insertDocument, lastEventId } from "../helpers/rows";

let handle: DatabaseHandle & { label: string };
const db = () => handle.db;

beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => handle?.close());

async function expectAppError(promise: Promise<unknown>, code: AppError["code"]): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  return error as AppError;
}

/** A project with its seeded codebook, the owner, and the seeded codes by name. */
async function setup(name = "Codebook owner") {
  const owner = await makeUser(db(), name);
  const project = await makeProject(db(), owner.id);
  const seeded = await getCodesByProjectId(db(), { projectId: project.id });
  const byName = Object.fromEntries(seeded.map((c) => [c.name, c])) as Record<string, Code>;
  const add = (fields: { name: string; parentId?: string | null }) => createCode(db(), { projectId: project.id, actorId: owner.id, fields });
  const types = async (afterId: number) => (await getEventsByProjectId(db(), { projectId: project.id, afterId })).map((e) => e.type);
  return { owner, project, byName, add, types, projectId: project.id };
}

/** Rolls back whatever `fn` wrote: to prove a query writes its event on the caller's transaction. */
async function inRolledBackTransaction(fn: (tx: Database) => Promise<unknown>) {
  await expect(
    db().transaction(async (tx) => {
      await fn(tx);
      tx.rollback();
    }),
  ).rejects.toThrow();
}

describe("code names are unique among siblings", () => {
  it("refuses a duplicate at the root and under one parent, allows it under another", async () => {
    const { byName, add, types, projectId } = await setup();
    const mark = await lastEventId(db(), projectId);
    const rootDup = await expectAppError(add({ name: "pressure" }), "conflict");
    expect(rootDup.message).toBe('A code named "pressure" already exists at this level of the codebook.');
    expect(rootDup.details).toEqual({ field: "name" });
    await expectAppError(add({ name: "  reward " }), "conflict");
    expect(await types(mark)).toEqual([]);

    const child = await add({ name: "pressure", parentId: byName.reward!.id });
    expect(child.parentId).toBe(byName.reward!.id);
    await expectAppError(add({ name: "pressure", parentId: byName.reward!.id }), "conflict");
    await add({ name: "pressure", parentId: byName["sovereignty claim"]!.id });
    expect(await types(mark)).toEqual(["code.created", "code.created"]);

    const paths = (await getCodesByProjectId(db(), { projectId })).map((c) => c.path);
    expect(paths).toEqual(["pressure", "sovereignty claim", "sovereignty claim/pressure", "reward", "reward/pressure"]);
  });

  it("refuses a rename or move onto a sibling's name", async () => {
    const { owner, byName, add, types, projectId } = await setup("Renamer");
    const mark = await lastEventId(db(), projectId);
    await expectAppError(updateCode(db(), { projectId, codeId: byName.reward!.id, actorId: owner.id, patch: { name: "pressure" } }), "conflict");
    const child = await add({ name: "reward", parentId: byName.pressure!.id });
    await expectAppError(updateCode(db(), { projectId, codeId: child.id, actorId: owner.id, patch: { parentId: null } }), "conflict");
    expect(await types(mark)).toEqual(["code.created"]);
    expect((await getCodeById(db(), { projectId, codeId: byName.reward!.id }))!.version).toBe(1);
  });

  it("refuses a parent from another project", async () => {
    const a = await setup("Project A owner");
    const b = await setup("Project B owner");
    await expectAppError(a.add({ name: "stray", parentId: b.byName.pressure!.id }), "bad_request");
  });
});

describe("moving and editing codes", () => {
  it("moves a code and refuses to move one inside itself or its descendants", async () => {
    const { owner, byName, add, types, projectId } = await setup("Mover");
    const child = await add({ name: "bills", parentId: byName.pressure!.id });
    const grandchild = await add({ name: "sanctions bills", parentId: child.id });
    const mark = await lastEventId(db(), projectId);
    for (const target of [byName.pressure!.id, child.id, grandchild.id]) {
      const error = await expectAppError(updateCode(db(), { projectId, codeId: byName.pressure!.id, actorId: owner.id, patch: { parentId: target } }), "bad_request");
      expect(error.message).toMatch(/inside itself/);
    }
    expect(await types(mark)).toEqual([]);

    const moved = await updateCode(db(), { projectId, codeId: child.id, actorId: owner.id, patch: { parentId: byName.reward!.id } });
    expect(moved.parentId).toBe(byName.reward!.id);
    expect((await getCodeWithPathById(db(), { projectId, codeId: grandchild.id }))!.path).toBe("reward/bills/sanctions bills");
    expect(await types(mark)).toEqual(["code.moved"]);
  });

  it("refuses an edit based on a stale version and returns the current state", async () => {
    const { owner, byName, types, projectId } = await setup("Versioner");
    const codeId = byName.reward!.id;
    const first = await updateCode(db(), { projectId, codeId, actorId: owner.id, patch: { definition: "Benefits." }, expectedVersion: 1 });
    expect(first.version).toBe(2);
    const mark = await lastEventId(db(), projectId);
    const stale = await expectAppError(
      updateCode(db(), { projectId, codeId, actorId: owner.id, patch: { definition: "Something else." }, expectedVersion: 1 }),
      "conflict",
    );
    expect(stale.details?.current).toMatchObject({ id: codeId, version: 2, definition: "Benefits." });
    expect((await getCodeById(db(), { projectId, codeId }))!.definition).toBe("Benefits.");
    expect(await types(mark)).toEqual([]);

    const events = await getEventsByProjectId(db(), { projectId, afterId: 0 });
    const updated = events.find((e) => e.type === "code.updated")!;
    expect(updated.before).toMatchObject({ definition: byName.reward!.definition, version: 1 });
    expect(updated.after).toMatchObject({ definition: "Benefits.", version: 2 });
  });
});

describe("deleting codes", () => {
  async function withCodings() {
    const ctx = await setup("Deleter " + Math.random().toString(36).slice(2, 6));
    const coder = await makeUser(db(), "Second coder");
    const doc = await insertDocument(db(), ctx.projectId);
    const spans = (codeId: string, n: number) => Array.from({ length: n }, (_, i) => ({ codeId, start: i, end: i + 5 }));
    await insertCodings(db(), { projectId: ctx.projectId, document: doc, coderId: ctx.owner.id, spans: spans(ctx.byName.pressure!.id, 3) });
    await insertCodings(db(), { projectId: ctx.projectId, document: doc, coderId: coder.id, spans: spans(ctx.byName.pressure!.id, 2) });
    await insertCodings(db(), { projectId: ctx.projectId, document: doc, coderId: coder.id, spans: spans(ctx.byName.reward!.id, 2) });
    return { ...ctx, coder, doc };
  }
  const codingsOf = (projectId: string) => db().select().from(codings).where(eq(codings.projectId, projectId)).orderBy(asc(codings.id));

  it("with move keeps every coding exactly once, now under the target", async () => {
    const { owner, byName, types, projectId } = await withCodings();
    const before = await codingsOf(projectId);
    const fromPressure = before.filter((c) => c.codeId === byName.pressure!.id).map((c) => c.id);
    expect(fromPressure).toHaveLength(5);
    const mark = await lastEventId(db(), projectId);

    const result = await deleteCode(db(), { projectId, codeId: byName.pressure!.id, actorId: owner.id, options: { codings: "move", targetCodeId: byName.reward!.id } });
    expect(result).toEqual({ deletedCodings: 0, movedCodings: 5 });

    const after = await codingsOf(projectId);
    expect(after).toHaveLength(before.length);
    expect(new Set(after.map((c) => c.id)).size).toBe(after.length);
    expect(after.map((c) => c.id).sort()).toEqual(before.map((c) => c.id).sort());
    expect(after.filter((c) => c.codeId === byName.reward!.id)).toHaveLength(7);
    for (const c of after.filter((c) => fromPressure.includes(c.id))) {
      const original = before.find((b) => b.id === c.id)!;
      expect(c).toMatchObject({ codeId: byName.reward!.id, coderId: original.coderId, startOffset: original.startOffset, endOffset: original.endOffset, quote: original.quote, version: 2 });
    }
    expect(await getCodeById(db(), { projectId, codeId: byName.pressure!.id })).toBeUndefined();
    expect(await types(mark)).toEqual([...Array(5).fill("coding.updated"), "code.deleted"]);
  });

  it("with delete removes the code's codings only, one event each", async () => {
    const { owner, byName, types, projectId } = await withCodings();
    const mark = await lastEventId(db(), projectId);
    const result = await deleteCode(db(), { projectId, codeId: byName.pressure!.id, actorId: owner.id, options: { codings: "delete" } });
    expect(result).toEqual({ deletedCodings: 5, movedCodings: 0 });
    const after = await codingsOf(projectId);
    expect(after.map((c) => c.codeId)).toEqual([byName.reward!.id, byName.reward!.id]);
    expect(await getCodeById(db(), { projectId, codeId: byName.pressure!.id })).toBeUndefined();
    expect(await types(mark)).toEqual([...Array(5).fill("coding.deleted"), "code.deleted"]);
  });

  it("with refuse deletes only a code nobody has used", async () => {
    const { owner, byName, types, projectId } = await withCodings();
    const mark = await lastEventId(db(), projectId);
    const refused = await expectAppError(deleteCode(db(), { projectId, codeId: byName.pressure!.id, actorId: owner.id, options: { codings: "refuse" } }), "conflict");
    expect(refused.details).toEqual({ codingCount: 5 });
    expect(refused.message).toMatch(/used by 5 codings/);
    expect(await types(mark)).toEqual([]);
    await deleteCode(db(), { projectId, codeId: byName["sovereignty claim"]!.id, actorId: owner.id, options: { codings: "refuse" } });
    expect(await types(mark)).toEqual(["code.deleted"]);
  });

  it("refuses a code with sub-codes, a bad target, or an unknown code, changing nothing", async () => {
    const { owner, byName, add, types, projectId } = await withCodings();
    await add({ name: "child", parentId: byName.pressure!.id });
    const mark = await lastEventId(db(), projectId);
    const before = await codingsOf(projectId);
    await expectAppError(deleteCode(db(), { projectId, codeId: byName.pressure!.id, actorId: owner.id, options: { codings: "delete" } }), "conflict");
    await expectAppError(deleteCode(db(), { projectId, codeId: byName.reward!.id, actorId: owner.id, options: { codings: "move", targetCodeId: byName.reward!.id } }), "bad_request");
    const other = await setup("Other project owner");
    await expectAppError(
      deleteCode(db(), { projectId, codeId: byName.reward!.id, actorId: owner.id, options: { codings: "move", targetCodeId: other.byName.reward!.id } }),
      "bad_request",
    );
    await expectAppError(deleteCode(db(), { projectId, codeId: other.byName.reward!.id, actorId: owner.id, options: { codings: "delete" } }), "not_found");
    expect(await codingsOf(projectId)).toEqual(before);
    expect(await types(mark)).toEqual([]);
  });
});

describe("events are written in the transaction of the change", () => {
  it("vanish with the change when the caller's transaction rolls back", async () => {
    const { owner, byName, projectId } = await setup("Transactional");
    const mark = await lastEventId(db(), projectId);
    const codeCount = (await getCodesByProjectId(db(), { projectId })).length;

    await inRolledBackTransaction((tx) => createCode(tx, { projectId, actorId: owner.id, fields: { name: "rolled back" } }));
    await inRolledBackTransaction((tx) => updateCode(tx, { projectId, codeId: byName.reward!.id, actorId: owner.id, patch: { name: "renamed" } }));
    await inRolledBackTransaction((tx) => deleteCode(tx, { projectId, codeId: byName.reward!.id, actorId: owner.id, options: { codings: "delete" } }));

    expect(await lastEventId(db(), projectId)).toBe(mark);
    expect(await getCodesByProjectId(db(), { projectId })).toHaveLength(codeCount);
    expect((await getCodeById(db(), { projectId, codeId: byName.reward!.id }))!.name).toBe("reward");
  });

  it("record actor, entity, before and after", async () => {
    const { owner, projectId, add } = await setup("Auditor");
    const code = await add({ name: "audited" });
    const [event] = await db().select().from(events).where(eq(events.entityId, code.id));
    expect(event).toMatchObject({ projectId, actorId: owner.id, type: "code.created", entityType: "code", entityId: code.id, before: null });
    expect(event!.after).toMatchObject({ id: code.id, name: "audited", createdAt: code.createdAt.toISOString() });
  });
});
