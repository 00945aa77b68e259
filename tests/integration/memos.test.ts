import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { createCode, deleteCode, getCodesByProjectId, mergeCodes } from "@/db/queries/codes";
import { updateCoding } from "@/db/queries/codings";
import { deleteMemo, getMemosByProjectId, getMemosByTarget, upsertMemo } from "@/db/queries/memos";
import { events, memos, type User } from "@/db/schema";
import { memoDocFromText, memoPlainText } from "@/lib/memos/doc";
import { createTestDatabase } from "../helpers/db";
import { makeProject, makeUser } from "../helpers/factories";
import { insertCodings, insertDocument, lastEventId } from "../helpers/rows";

let handle: DatabaseHandle;
const db = () => handle.db;
let owner: User, coder: User;

beforeAll(async () => {
  handle = await createTestDatabase();
  owner = await makeUser(db(), "Memo owner");
  coder = await makeUser(db(), "Memo coder");
});
afterAll(async () => handle?.close());

async function setup() {
  const project = await makeProject(db(), owner.id, "Memo study");
  const [pressure, sovereignty, reward] = await getCodesByProjectId(db(), { projectId: project.id });
  const document = await insertDocument(db(), project.id);
  return { project, projectId: project.id, pressure: pressure!, sovereignty: sovereignty!, reward: reward!, document };
}

const memo = (text: string) => ({ body: memoDocFromText(text), bodyText: text });

/** The id of the transaction that last wrote a row: equal ids mean one transaction. */
async function writer(table: "memos" | "events", id: string | number): Promise<string> {
  const result = await db().execute<{ xmin: string }>(sql`select xmin::text as xmin from ${sql.identifier(table)} where id = ${id}`);
  const rows = (Array.isArray(result) ? result : (result as { rows: { xmin: string }[] }).rows) as { xmin: string }[];
  return rows[0]!.xmin;
}

async function eventsOf(projectId: string, entityId: string) {
  return db().select().from(events).where(and(eq(events.projectId, projectId), eq(events.entityId, entityId))).orderBy(events.id);
}

describe("upsertMemo", () => {
  it("creates, then updates the author's one memo on a target, each with its event in the same transaction", async () => {
    const { projectId, pressure } = await setup();
    const created = await upsertMemo(db(), { projectId, targetType: "code", targetId: pressure.id, authorId: owner.id, ...memo("First thoughts.") });
    expect(created).toMatchObject({ targetType: "code", targetId: pressure.id, authorId: owner.id, bodyText: "First thoughts.", version: 1 });
    let log = await eventsOf(projectId, created.id);
    expect(log.map((e) => e.type)).toEqual(["memo.created"]);
    expect(await writer("events", log[0]!.id)).toBe(await writer("memos", created.id));

    const updated = await upsertMemo(db(), { projectId, targetType: "code", targetId: pressure.id, authorId: owner.id, ...memo("Second thoughts."), expectedVersion: 1 });
    expect(updated).toMatchObject({ id: created.id, bodyText: "Second thoughts.", version: 2 });
    log = await eventsOf(projectId, created.id);
    expect(log.map((e) => e.type)).toEqual(["memo.created", "memo.updated"]);
    expect(log[1]!.before).toMatchObject({ bodyText: "First thoughts." });
    expect(log[1]!.after).toMatchObject({ bodyText: "Second thoughts." });
    expect(await writer("events", log[1]!.id)).toBe(await writer("memos", created.id));

    // Another author gets their own memo on the same code.
    const theirs = await upsertMemo(db(), { projectId, targetType: "code", targetId: pressure.id, authorId: coder.id, ...memo("A coder's view.") });
    expect(theirs.id).not.toBe(created.id);
    const onCode = await getMemosByTarget(db(), { projectId, targetType: "code", targetId: pressure.id });
    expect(onCode.map((m) => [m.authorName, m.bodyText])).toEqual([
      ["Memo owner", "Second thoughts."],
      ["Memo coder", "A coder's view."],
    ]);
  });

  it("writes nothing when autosave sends the same text again", async () => {
    const { projectId, document } = await setup();
    const first = await upsertMemo(db(), { projectId, targetType: "document", targetId: document.id, authorId: owner.id, ...memo("Same.") });
    const before = await lastEventId(db(), projectId);
    const again = await upsertMemo(db(), { projectId, targetType: "document", targetId: document.id, authorId: owner.id, ...memo("Same.") });
    expect(again.version).toBe(first.version);
    expect(await lastEventId(db(), projectId)).toBe(before);
  });

  it("refuses a save based on a stale version, with the current memo", async () => {
    const { projectId } = await setup();
    await upsertMemo(db(), { projectId, targetType: "project", targetId: projectId, authorId: owner.id, ...memo("v1") });
    await upsertMemo(db(), { projectId, targetType: "project", targetId: projectId, authorId: owner.id, ...memo("v2 from another tab"), expectedVersion: 1 });
    await expect(
      upsertMemo(db(), { projectId, targetType: "project", targetId: projectId, authorId: owner.id, ...memo("v2 from this tab"), expectedVersion: 1 }),
    ).rejects.toMatchObject({ code: "conflict", details: { current: expect.objectContaining({ bodyText: "v2 from another tab" }) } });
  });

  it("refuses targets from another project, unknown ids and malformed ids, writing nothing", async () => {
    const mine = await setup();
    const other = await setup();
    const before = await lastEventId(db(), mine.projectId);
    const attempts = [
      { targetType: "code" as const, targetId: other.pressure.id },
      { targetType: "document" as const, targetId: other.document.id },
      { targetType: "project" as const, targetId: other.projectId },
      { targetType: "code" as const, targetId: "00000000-0000-4000-8000-000000000000" },
      { targetType: "document" as const, targetId: "not-a-uuid" },
    ];
    for (const target of attempts) {
      await expect(upsertMemo(db(), { projectId: mine.projectId, ...target, authorId: owner.id, ...memo("Sneaky.") }), JSON.stringify(target)).rejects.toMatchObject({
        code: "bad_request",
        details: { field: "targetId" },
      });
    }
    expect(await lastEventId(db(), mine.projectId)).toBe(before);
    const stored = await db().select().from(memos).where(eq(memos.projectId, mine.projectId));
    expect(stored).toHaveLength(0);
  });
});

describe("deleteMemo", () => {
  it("deletes the author's own memo with an event, and refuses anyone else's", async () => {
    const { projectId, reward } = await setup();
    const mine = await upsertMemo(db(), { projectId, targetType: "code", targetId: reward.id, authorId: coder.id, ...memo("Mine.") });
    await expect(deleteMemo(db(), { projectId, memoId: mine.id, actorId: owner.id })).rejects.toMatchObject({ code: "forbidden" });
    const other = await setup();
    await expect(deleteMemo(db(), { projectId: other.projectId, memoId: mine.id, actorId: coder.id })).rejects.toMatchObject({ code: "not_found" });
    await deleteMemo(db(), { projectId, memoId: mine.id, actorId: coder.id });
    expect(await getMemosByTarget(db(), { projectId, targetType: "code", targetId: reward.id })).toEqual([]);
    expect((await eventsOf(projectId, mine.id)).map((e) => e.type)).toEqual(["memo.created", "memo.deleted"]);
  });
});

describe("getMemosByProjectId", () => {
  it("lists project, document, code and coding memos, newest first, with their targets resolved", async () => {
    const { projectId, project, pressure, document } = await setup();
    const [coding] = await insertCodings(db(), { projectId, document, coderId: coder.id, spans: [{ codeId: pressure.id, start: 4, end: 24 }] });
    await upsertMemo(db(), { projectId, targetType: "project", targetId: projectId, authorId: owner.id, ...memo("About the study.") });
    await upsertMemo(db(), { projectId, targetType: "document", targetId: document.id, authorId: owner.id, ...memo("A key source.") });
    await upsertMemo(db(), { projectId, targetType: "code", targetId: pressure.id, authorId: coder.id, ...memo("Broad code.") });
    await upsertMemo(db(), { projectId, targetType: "code", targetId: pressure.id, authorId: owner.id, ...memo("") });
    const body = memoDocFromText("Borderline: reward?");
    await updateCoding(db(), { projectId, codingId: coding!.id, actorId: coder.id, mayEditOthers: false, patch: { memo: memoPlainText(body), memoDoc: body } });

    const list = await getMemosByProjectId(db(), { projectId });
    expect(list.map((m) => [m.targetType, m.target.title, m.authorName, m.bodyText])).toEqual([
      ["coding", "“bill demands reform.”", "Memo coder", "Borderline: reward?"],
      ["code", "pressure", "Memo coder", "Broad code."],
      ["document", "Test document", "Memo owner", "A key source."],
      ["project", project.name, "Memo owner", "About the study."],
    ]);
    expect(list[0]!.target).toMatchObject({ documentId: document.id, documentTitle: "Test document", codeName: "pressure" });
    expect(list[0]!.body).toEqual(body);

    // Blind mode: another coder's coding memos stay hidden, like the codings themselves.
    const blind = await getMemosByProjectId(db(), { projectId, onlyCoderId: owner.id });
    expect(blind.map((m) => m.targetType)).toEqual(["code", "document", "project"]);
  });

  it("keeps a memo whose code was merged: it moves to the target, appended to the author's memo there", async () => {
    const { projectId, pressure, reward, sovereignty } = await setup();
    const child = await createCode(db(), { projectId, actorId: owner.id, fields: { name: "sanctions", parentId: pressure.id } });
    await upsertMemo(db(), { projectId, targetType: "code", targetId: pressure.id, authorId: owner.id, ...memo("Pressure note.") });
    await upsertMemo(db(), { projectId, targetType: "code", targetId: pressure.id, authorId: coder.id, ...memo("Coder on pressure.") });
    await upsertMemo(db(), { projectId, targetType: "code", targetId: reward.id, authorId: owner.id, ...memo("Reward note.") });
    await upsertMemo(db(), { projectId, targetType: "code", targetId: child.id, authorId: owner.id, ...memo("Sanctions note.") });

    await mergeCodes(db(), { projectId, sourceCodeId: pressure.id, targetCodeId: reward.id, actorId: owner.id });
    const onReward = await getMemosByTarget(db(), { projectId, targetType: "code", targetId: reward.id });
    expect(onReward.map((m) => [m.authorName, m.bodyText])).toEqual([
      ["Memo coder", "Coder on pressure."],
      ["Memo owner", "Reward note.\n\nFrom “pressure” (merged):\nPressure note."],
    ]);
    expect(memoPlainText(onReward[1]!.body as never)).toBe(onReward[1]!.bodyText);

    // Deleting a code takes its memos along, logged.
    await deleteCode(db(), { projectId, codeId: sovereignty.id, actorId: owner.id, options: { codings: "refuse" } });
    await upsertMemo(db(), { projectId, targetType: "code", targetId: child.id, authorId: coder.id, ...memo("More on sanctions.") });
    await deleteCode(db(), { projectId, codeId: child.id, actorId: owner.id, options: { codings: "refuse" } });
    expect(await getMemosByTarget(db(), { projectId, targetType: "code", targetId: child.id })).toEqual([]);
    const deletions = await db()
      .select()
      .from(events)
      .where(and(eq(events.projectId, projectId), eq(events.type, "memo.deleted")));
    expect(deletions.filter((e) => (e.meta as { cause?: string }).cause === "code.deleted")).toHaveLength(2);
    expect((await getMemosByProjectId(db(), { projectId })).map((m) => m.target.title).sort()).toEqual(["reward", "reward"]);
  });
});
