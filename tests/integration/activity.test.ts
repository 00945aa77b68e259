import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { useDatabaseHandleForProcess, type DatabaseHandle } from "@/db/client";
import { getActivity, getCodingHistory } from "@/db/queries/activity";
import { createCode, deleteCode, getCodesByProjectId, mergeCodes } from "@/db/queries/codes";
import { getCodingById } from "@/db/queries/codings";
import { deleteDocument, updateDocument } from "@/db/queries/documents";
import { addMember } from "@/db/queries/members";
import type { Code, User } from "@/db/schema";
import { GET as listActivity } from "@/app/api/v1/projects/[projectId]/activity/route";
import { POST as createCodingRoute } from "@/app/api/v1/projects/[projectId]/codings/route";
import { DELETE as deleteCodingRoute, PATCH as patchCodingRoute } from "@/app/api/v1/projects/[projectId]/codings/[codingId]/route";
import * as historyRoute from "@/app/api/v1/projects/[projectId]/codings/[codingId]/history/route";
import * as restoreRoute from "@/app/api/v1/projects/[projectId]/codings/[codingId]/restore/route";
import * as activityRoute from "@/app/api/v1/projects/[projectId]/activity/route";
import { importDocument } from "@/lib/server/documents";
import { registeredEndpoints } from "@/lib/server/registry";
import { runAsUser } from "@/lib/server/session";
import { call, tokenFor } from "../helpers/api";
import { createTestDatabase } from "../helpers/db";
import { makeProject, makeUser } from "../helpers/factories";

vi.mock("next/cache", () => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn(), refresh: vi.fn() }));
const { loadActivityAction, restoreCodingAction } = await import("@/app/(app)/projects/[projectId]/activity/actions");

const TEXT_A = "The bill demands reform. The state rejects it as interference. Trade talks resume.";
const TEXT_B = "A second source about rewards and partnership upgrades.";

let handle: DatabaseHandle & { label: string };
const db = () => handle.db;
let owner: User, coder: User, outsider: User;
const tokens: Record<"owner" | "coder" | "outsider", string> = { owner: "", coder: "", outsider: "" };

beforeAll(async () => {
  handle = await createTestDatabase();
  useDatabaseHandleForProcess(handle);
  owner = await makeUser(db(), "Ana Owner");
  coder = await makeUser(db(), "Ben Coder");
  outsider = await makeUser(db(), "Olga Outsider");
  tokens.owner = await tokenFor(db(), owner.id);
  tokens.coder = await tokenFor(db(), coder.id);
  tokens.outsider = await tokenFor(db(), outsider.id);
});
afterAll(async () => handle?.close());

async function importText(projectId: string, title: string, text: string) {
  const result = await importDocument(db(), { projectId, actorId: owner.id, source: { kind: "text", text, title }, duplicates: "import" });
  if (result.skipped) throw new Error("unexpected skip");
  return result.document;
}

async function setup() {
  const project = await makeProject(db(), owner.id, "Activity study");
  const projectId = project.id;
  await addMember(db(), { projectId, email: coder.email!, role: "coder", actorId: owner.id });
  const docA = await importText(projectId, "Source A", TEXT_A);
  const docB = await importText(projectId, "Source B", TEXT_B);
  const [pressure, sovereignty, reward] = (await getCodesByProjectId(db(), { projectId })) as unknown as [Code, Code, Code];
  const base = `/api/v1/projects/${projectId}`;
  const code = async (body: { documentId: string; codeId: string; start: number; end: number; memo?: string }, token = tokens.coder) => {
    const res = await call(createCodingRoute, { method: "POST", path: `${base}/codings`, params: { projectId }, token, body });
    expect(res.status, res.text).toBe(201);
    return res.body as { id: string; start: number; end: number; quote: string };
  };
  const patch = (codingId: string, body: unknown, token = tokens.coder) =>
    call(patchCodingRoute, { method: "PATCH", path: `${base}/codings/${codingId}`, params: { projectId, codingId }, token, body });
  const remove = (codingId: string, token = tokens.coder) =>
    call(deleteCodingRoute, { method: "DELETE", path: `${base}/codings/${codingId}`, params: { projectId, codingId }, token });
  const feed = (query = "", token = tokens.owner) => call(listActivity, { path: `${base}/activity${query}`, params: { projectId }, token });
  const history = (codingId: string, token = tokens.owner) =>
    call(historyRoute.GET, { path: `${base}/codings/${codingId}/history`, params: { projectId, codingId }, token });
  const restore = (codingId: string, token = tokens.owner) =>
    call(restoreRoute.POST, { method: "POST", path: `${base}/codings/${codingId}/restore`, params: { projectId, codingId }, token });
  return { projectId, docA, docB, pressure, sovereignty, reward, code, patch, remove, feed, history, restore };
}

type EventJson = { id: string; type: string; entityType: string; entityId: string; actor: { id: string; name: string } | null; summary: string; before: any; after: any; meta: any };

describe("the activity feed", () => {
  it("lists every change newest first, with who did it and a sentence", async () => {
    const s = await setup();
    const coding = await s.code({ documentId: s.docA.id, codeId: s.pressure.id, start: 0, end: 24 });
    const res = await s.feed();
    expect(res.status).toBe(200);
    const events = res.body as EventJson[];
    const ids = events.map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(events[0]).toMatchObject({
      type: "coding.created",
      entityType: "coding",
      entityId: coding.id,
      actor: { id: coder.id, name: "Ben Coder" },
      summary: "Ben Coder coded “The bill demands reform.” as pressure",
    });
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(["project.created", "member.added", "code.created", "document.imported"]));
    expect(events.at(-1)!.type).toBe("project.created");
  });

  it("filters by person, kind of change, event type and document (its codings' events included)", async () => {
    const s = await setup();
    const inA = await s.code({ documentId: s.docA.id, codeId: s.pressure.id, start: 0, end: 24 });
    const inB = await s.code({ documentId: s.docB.id, codeId: s.reward.id, start: 0, end: 15 }, tokens.owner);
    expect((await s.patch(inA.id, { end: 23 })).status).toBe(200);
    await updateDocument(db(), { projectId: s.projectId, documentId: s.docA.id, actorId: owner.id, patch: { title: "Source A (renamed)" } });

    const byCoder = (await s.feed(`?actorId=${coder.id}`)).body as EventJson[];
    expect(byCoder.map((e) => [e.type, e.entityId])).toEqual([
      ["coding.updated", inA.id],
      ["coding.created", inA.id],
    ]);

    const codingsOnly = (await s.feed("?entityType=coding")).body as EventJson[];
    expect(codingsOnly.map((e) => e.entityId)).toEqual([inA.id, inB.id, inA.id]);
    expect(((await s.feed("?entityType=document,code")).body as EventJson[]).every((e) => ["document", "code"].includes(e.entityType))).toBe(true);
    expect(((await s.feed("?type=coding.updated")).body as EventJson[]).map((e) => e.type)).toEqual(["coding.updated"]);

    const aboutA = (await s.feed(`?documentId=${s.docA.id}`)).body as EventJson[];
    expect(aboutA.map((e) => [e.type, e.entityId])).toEqual([
      ["document.updated", s.docA.id],
      ["coding.updated", inA.id],
      ["coding.created", inA.id],
      ["document.imported", s.docA.id],
    ]);
    const aboutB = (await s.feed(`?documentId=${s.docB.id}&entityType=coding`)).body as EventJson[];
    expect(aboutB.map((e) => e.entityId)).toEqual([inB.id]);

    // A deleted coding's events still belong to its document (the deletion has only `before`).
    expect((await s.remove(inA.id)).status).toBe(204);
    const afterDelete = (await s.feed(`?documentId=${s.docA.id}&entityType=coding`)).body as EventJson[];
    expect(afterDelete.map((e) => e.type)).toEqual(["coding.deleted", "coding.updated", "coding.created"]);
  });

  it("pages with a keyset cursor: no event twice, none missed", async () => {
    const s = await setup();
    for (let i = 0; i < 5; i++) await s.code({ documentId: s.docA.id, codeId: s.pressure.id, start: i, end: i + 10 });
    const all = (await s.feed("?limit=200")).body as EventJson[];
    expect(all.length).toBeGreaterThan(7);
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 50; pages++) {
      const res = await s.feed(`?limit=3${cursor ? `&before=${cursor}` : ""}`);
      expect(res.status).toBe(200);
      const page = res.body as EventJson[];
      expect(page.length).toBeLessThanOrEqual(3);
      seen.push(...page.map((e) => e.id));
      cursor = res.headers.get("x-next-before");
      if (!cursor) break;
      expect(cursor).toBe(page.at(-1)!.id);
    }
    expect(seen).toEqual(all.map((e) => e.id));
    // The same through the query the page uses.
    const first = await getActivity(db(), { projectId: s.projectId, viewer: { userId: owner.id, seesAll: true }, limit: 2 });
    const second = await getActivity(db(), { projectId: s.projectId, viewer: { userId: owner.id, seesAll: true }, limit: 2, before: first.nextBefore! });
    expect([...first.entries, ...second.entries].map((e) => String(e.id))).toEqual(all.slice(0, 4).map((e) => e.id));
  });

  it("refuses bad filters with 400 and bad project ids with 404; a non-member learns nothing", async () => {
    const s = await setup();
    for (const query of ["?actorId=nope", "?documentId=1", "?before=abc", "?before=-1", "?limit=0", "?limit=1000", "?entityType=spaceship", "?type=coding.exploded"]) {
      const res = await s.feed(query);
      expect(res.status, query).toBe(400);
    }
    expect((await s.feed("", tokens.outsider)).status).toBe(404);
    for (const bad of ["not-a-uuid", "00000000-0000-4000-8000-000000000000"]) {
      const res = await call(listActivity, { path: `/api/v1/projects/${bad}/activity`, params: { projectId: bad }, token: tokens.owner });
      expect(res.status).toBe(404);
    }
    expect((await call(listActivity, { path: "/api/v1/x", params: { projectId: s.projectId } })).status).toBe(401);
  });

  it("loads older entries through the page's action, described and linked", async () => {
    const s = await setup();
    const coding = await s.code({ documentId: s.docA.id, codeId: s.pressure.id, start: 0, end: 8 });
    const page = await getActivity(db(), { projectId: s.projectId, viewer: { userId: owner.id, seesAll: true }, limit: 1 });
    const result = await runAsUser(owner, () => loadActivityAction({ projectId: s.projectId, before: page.entries[0]!.id + 1, entityType: "coding" }));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.items[0]).toMatchObject({
      type: "coding.created",
      sentence: "Ben Coder coded “The bill” as pressure",
      href: `/projects/${s.projectId}/documents/${s.docA.id}#coding-${coding.id}`,
      historyHref: `/projects/${s.projectId}/activity/codings/${coding.id}`,
    });
    expect((await runAsUser(outsider, () => loadActivityAction({ projectId: s.projectId, before: 10 }))).ok).toBe(false);
  });
});

describe("a coding's history", () => {
  it("has every event in order, updates with before and after", async () => {
    const s = await setup();
    const coding = await s.code({ documentId: s.docA.id, codeId: s.pressure.id, start: 4, end: 24 });
    expect((await s.patch(coding.id, { start: 0 })).status).toBe(200);
    expect((await s.patch(coding.id, { codeId: s.sovereignty.id, memo: "actually a claim" })).status).toBe(200);
    expect((await s.remove(coding.id)).status).toBe(204);
    expect((await s.restore(coding.id)).status).toBe(200);

    const res = await s.history(coding.id);
    expect(res.status).toBe(200);
    const events = res.body.events as EventJson[];
    expect(events.map((e) => e.type)).toEqual(["coding.created", "coding.updated", "coding.updated", "coding.deleted", "coding.restored"]);
    expect(events[1]!.before).toMatchObject({ startOffset: 4, endOffset: 24, quote: "bill demands reform." });
    expect(events[1]!.after).toMatchObject({ startOffset: 0, endOffset: 24, quote: "The bill demands reform." });
    expect(events[1]!.summary).toBe("Ben Coder moved the boundaries of a coding from 4–24 to 0–24");
    expect(events[2]!.before).toMatchObject({ codeId: s.pressure.id, memo: "" });
    expect(events[2]!.after).toMatchObject({ codeId: s.sovereignty.id, memo: "actually a claim" });
    expect(events[3]!.after).toBeNull();
    expect(events[3]!.before).toMatchObject({ codeId: s.sovereignty.id });
    expect(events[4]!.actor).toMatchObject({ id: owner.id });
    expect(res.body).toMatchObject({ deleted: false, coding: { id: coding.id, codeId: s.sovereignty.id, start: 0, end: 24 } });
  });

  it("is 404 for an unknown or malformed coding id and for a non-member", async () => {
    const s = await setup();
    const coding = await s.code({ documentId: s.docA.id, codeId: s.pressure.id, start: 0, end: 3 });
    expect((await s.history("00000000-0000-4000-8000-000000000000")).status).toBe(404);
    expect((await s.history("not-a-uuid")).status).toBe(404);
    expect((await s.history(coding.id, tokens.outsider)).status).toBe(404);
    // Another project's coding is not this project's.
    const other = await setup();
    expect((await other.history(coding.id)).status).toBe(404);
  });
});

describe("restoring a deleted coding", () => {
  it("brings back exactly the deleted coding and logs coding.restored", async () => {
    const s = await setup();
    const created = await s.code({ documentId: s.docA.id, codeId: s.reward.id, start: 63, end: 82, memo: "talks as reward" });
    const before = (await getCodingById(db(), { projectId: s.projectId, codingId: created.id }))!;
    expect((await s.remove(created.id)).status).toBe(204);
    expect(await getCodingById(db(), { projectId: s.projectId, codingId: created.id })).toBeUndefined();

    const res = await s.restore(created.id);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ id: created.id, codeId: s.reward.id, coderId: coder.id, start: 63, end: 82, quote: "Trade talks resume.", memo: "talks as reward" });
    const after = (await getCodingById(db(), { projectId: s.projectId, codingId: created.id }))!;
    const same = (c: typeof before) => ({ ...c, version: undefined, updatedAt: undefined });
    expect(same(after)).toEqual(same(before));
    expect(after.version).toBe(before.version + 1);

    const { entries } = await getCodingHistory(db(), { projectId: s.projectId, codingId: created.id, viewer: { userId: owner.id, seesAll: true } });
    const restored = entries.at(-1)!;
    expect(restored).toMatchObject({ type: "coding.restored", actorId: owner.id, entityType: "coding", entityId: created.id });
    expect(restored.after).toMatchObject({ id: created.id, codeId: s.reward.id, startOffset: 63, endOffset: 82 });
    expect(restored.meta).toMatchObject({ deletedEventId: entries.at(-2)!.id });
  });

  it("is the owner's: a coder gets 403, a non-member 404, and nothing changes", async () => {
    const s = await setup();
    const created = await s.code({ documentId: s.docA.id, codeId: s.pressure.id, start: 0, end: 8 });
    await s.remove(created.id);
    const refused = await s.restore(created.id, tokens.coder);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/does not allow you to restore deleted codings/);
    expect((await s.restore(created.id, tokens.outsider)).status).toBe(404);
    expect(await getCodingById(db(), { projectId: s.projectId, codingId: created.id })).toBeUndefined();
    const action = await runAsUser(coder, () => restoreCodingAction({ projectId: s.projectId, codingId: created.id }));
    expect(action).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await runAsUser(outsider, () => restoreCodingAction({ projectId: s.projectId, codingId: created.id }))).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(await runAsUser(owner, () => restoreCodingAction({ projectId: s.projectId, codingId: created.id }))).toMatchObject({ ok: true, data: { codingId: created.id } });
  });

  it("refuses a coding that exists, one that never existed, and malformed ids", async () => {
    const s = await setup();
    const created = await s.code({ documentId: s.docA.id, codeId: s.pressure.id, start: 0, end: 8 });
    const exists = await s.restore(created.id);
    expect(exists.status).toBe(409);
    expect(exists.body.error.message).toMatch(/exists/);
    await s.remove(created.id);
    expect((await s.restore(created.id)).status).toBe(200);
    const again = await s.restore(created.id);
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/already been restored/);
    expect((await s.restore("00000000-0000-4000-8000-000000000000")).status).toBe(404);
    expect((await s.restore("nope")).status).toBe(404);
  });

  it("refuses when its document or its code is gone, saying which", async () => {
    const s = await setup();
    const inDeletedDoc = await s.code({ documentId: s.docB.id, codeId: s.reward.id, start: 0, end: 8 });
    await deleteDocument(db(), { projectId: s.projectId, documentId: s.docB.id, actorId: owner.id });
    const docGone = await s.restore(inDeletedDoc.id);
    expect(docGone.status).toBe(409);
    expect(docGone.body.error.message).toBe("The document “Source B” has been deleted, so this coding cannot be restored.");

    const extra = await createCode(db(), { projectId: s.projectId, actorId: owner.id, fields: { name: "short-lived" } });
    const ofDeletedCode = await s.code({ documentId: s.docA.id, codeId: extra.id, start: 0, end: 8 });
    await s.remove(ofDeletedCode.id);
    await deleteCode(db(), { projectId: s.projectId, codeId: extra.id, actorId: owner.id, options: { codings: "refuse" } });
    const codeGone = await s.restore(ofDeletedCode.id);
    expect(codeGone.status).toBe(409);
    expect(codeGone.body.error.message).toMatch(/^Its code “short-lived” has been deleted/);
    expect(await getCodingById(db(), { projectId: s.projectId, codingId: ofDeletedCode.id })).toBeUndefined();
  });

  it("restores onto the code its own was merged into, following merges", async () => {
    const s = await setup();
    const first = await createCode(db(), { projectId: s.projectId, actorId: owner.id, fields: { name: "first" } });
    const second = await createCode(db(), { projectId: s.projectId, actorId: owner.id, fields: { name: "second" } });
    const coding = await s.code({ documentId: s.docA.id, codeId: first.id, start: 25, end: 62 });
    await s.remove(coding.id);
    await mergeCodes(db(), { projectId: s.projectId, sourceCodeId: first.id, targetCodeId: second.id, actorId: owner.id });
    await mergeCodes(db(), { projectId: s.projectId, sourceCodeId: second.id, targetCodeId: s.sovereignty.id, actorId: owner.id });
    const res = await s.restore(coding.id);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ id: coding.id, codeId: s.sovereignty.id, start: 25, end: 62, mergedFrom: { codeId: first.id, name: "first" } });
    const history = (await s.history(coding.id)).body.events as EventJson[];
    expect(history.at(-1)).toMatchObject({ type: "coding.restored", meta: { mergedFrom: first.id }, summary: expect.stringMatching(/restored Ben Coder’s coding .* \(sovereignty claim\)$/) });
  });

  it("registers its routes and actions with the permission each requires", () => {
    for (const mod of [activityRoute, historyRoute, restoreRoute]) expect(mod.dynamic).toBe("force-dynamic");
    const access = Object.fromEntries(registeredEndpoints().map((e) => [`${e.kind}:${e.name}`, e.access]));
    expect(access).toMatchObject({
      "route:api.activity.list": "events.read",
      "route:api.codings.history": "events.read",
      "route:api.codings.restore": "codings.restore",
      "action:activity.list": "events.read",
      "action:codings.restore": "codings.restore",
    });
  });
});
