import { createHash } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { useDatabaseHandleForProcess, type DatabaseHandle } from "@/db/client";
import {
  applySample,
  assignDocuments,
  crossPairs,
  getAssignmentProgress,
  getAssignmentQueue,
  getAssignments,
  previewSample,
  setAssignmentDone,
  unassignDocuments,
} from "@/db/queries/assignments";
import { createAttributeDefinition, setAttributeValues } from "@/db/queries/attributes";
import { createCoding } from "@/db/queries/codings";
import { getCodesByProjectId } from "@/db/queries/codes";
import { getEventsByProjectId } from "@/db/queries/events";
import { addMember } from "@/db/queries/members";
import { queryRows } from "@/db/raw";
import { assignments, documents, type Document, type SourceType, type User } from "@/db/schema";
import { registeredEndpoints } from "@/lib/server/registry";
import { runAsUser } from "@/lib/server/session";
import { GET as listAssignments, POST as postAssignments } from "@/app/api/v1/projects/[projectId]/assignments/route";
import { call, tokenFor } from "../helpers/api";
import { createTestDatabase } from "../helpers/db";
import { makeProject, makeUser } from "../helpers/factories";
import { lastEventId } from "../helpers/rows";

vi.mock("next/cache", () => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn(), refresh: vi.fn() }));
const { assignDocumentsAction, applySampleAction, previewSampleAction, setAssignmentDoneAction, unassignAction } = await import(
  "@/app/(app)/projects/[projectId]/assignments/actions"
);

let handle: DatabaseHandle & { label: string };
const db = () => handle.db;
let owner: User, ana: User, ben: User, chen: User, viewer: User, outsider: User;
let tokens: Record<"owner" | "ana" | "viewer" | "outsider", string>;

beforeAll(async () => {
  handle = await createTestDatabase();
  useDatabaseHandleForProcess(handle);
  const people = await Promise.all(["Sample owner", "Ana Coder", "Ben Coder", "Chen Coder", "Vic Viewer", "Olga Outsider"].map((name) => makeUser(db(), name)));
  [owner, ana, ben, chen, viewer, outsider] = people as [User, User, User, User, User, User];
  tokens = { owner: await tokenFor(db(), owner.id), ana: await tokenFor(db(), ana.id), viewer: await tokenFor(db(), viewer.id), outsider: await tokenFor(db(), outsider.id) };
});
afterAll(async () => handle?.close());

const TEXT = "The bill demands reform. The state rejects it.";

/** A project with the three coders and a viewer, and documents of the given source types. */
async function setup(types: SourceType[]) {
  const projectId = (await makeProject(db(), owner.id, "Sampling study")).id;
  for (const [person, role] of [[ana, "coder"], [ben, "coder"], [chen, "coder"], [viewer, "viewer"]] as const) {
    await addMember(db(), { projectId, email: person.email!, role, actorId: owner.id });
  }
  const docs: Document[] = [];
  for (const [i, sourceType] of types.entries()) {
    const [doc] = await db()
      .insert(documents)
      .values({ projectId, title: `Doc ${String(i + 1).padStart(2, "0")}`, text: TEXT, length: TEXT.length, sha256: createHash("sha256").update(`${projectId}${i}`).digest("hex"), sourceType, position: i })
      .returning();
    docs.push(doc!);
  }
  const codeId = (await getCodesByProjectId(db(), { projectId }))[0]!.id;
  return { projectId, docs, codeId };
}

const TYPES: SourceType[] = [...Array(6).fill("news"), ...Array(4).fill("ngo_report"), ...Array(2).fill("academic_article")];
const pairsOf = (rows: { documentId: string; userId: string }[]) => rows.map((r) => `${r.documentId}:${r.userId}`).sort();

describe("samples", () => {
  it("draw the same documents and coders from the same seed, and applying twice changes nothing", async () => {
    const { projectId } = await setup(TYPES);
    const request = { projectId, share: 0.5, seed: 42, codersPerDocument: 2, userIds: [ana.id, ben.id, chen.id], stratifyBy: { kind: "sourceType" as const } };
    const first = await previewSample(db(), request);
    const again = await previewSample(db(), { ...request, userIds: [chen.id, ana.id, ben.id] });
    expect(again).toEqual(first);
    expect(first.label).toBe("Sample 50 % · seed 42 · by source type");
    expect(first.size).toBe(6);
    const other = await previewSample(db(), { ...request, seed: 7 });
    expect(other.documents.map((d) => d.id)).not.toEqual(first.documents.map((d) => d.id));

    const applied = await applySample(db(), { ...request, actorId: owner.id, expectedFingerprint: first.fingerprint });
    expect(applied).toMatchObject({ created: 12, existing: 0, fingerprint: first.fingerprint });
    const stored = await getAssignments(db(), { projectId });
    const expected = first.documents.flatMap((d) => d.coders.map((c) => ({ documentId: d.id, userId: c.userId })));
    expect(pairsOf(stored)).toEqual(pairsOf(expected));
    expect(new Set(stored.map((s) => s.sample))).toEqual(new Set([first.label]));
    // Balanced: 6 documents × 2 coders over 3 coders is 4 each.
    expect(first.workload.map((w) => w.documents)).toEqual([4, 4, 4]);

    const eventsBefore = await lastEventId(db(), projectId);
    const reapplied = await applySample(db(), { ...request, actorId: owner.id });
    expect(reapplied).toMatchObject({ created: 0, existing: 12 });
    expect(await lastEventId(db(), projectId)).toBe(eventsBefore);
    expect(pairsOf(await getAssignments(db(), { projectId }))).toEqual(pairsOf(expected));
  });

  it("take their share from every stratum, by source type or by an attribute", async () => {
    const { projectId, docs } = await setup(TYPES);
    const bySource = await previewSample(db(), { projectId, share: 0.5, seed: "s", codersPerDocument: 2, userIds: [ana.id, ben.id], stratifyBy: { kind: "sourceType" } });
    expect(bySource.strata.map((s) => [s.stratum, s.size, s.drawn])).toEqual([
      ["academic_article", 2, 1],
      ["news", 6, 3],
      ["ngo_report", 4, 2],
    ]);
    const typeOf = new Map(docs.map((d) => [d.id, d.sourceType]));
    for (const d of bySource.documents) expect(typeOf.get(d.id)).toBe(d.stratum);

    const country = await createAttributeDefinition(db(), { projectId, actorId: owner.id, name: "Country", type: "text" });
    // 8 in Vietnam, 2 in China, 2 with no value.
    await setAttributeValues(db(), {
      projectId,
      actorId: owner.id,
      values: docs.slice(0, 10).map((d, i) => ({ documentId: d.id, attributes: { Country: i < 8 ? "Vietnam" : "China" } })),
    });
    const byCountry = await previewSample(db(), {
      projectId,
      count: 4,
      seed: "s",
      codersPerDocument: 2,
      userIds: [ana.id, ben.id],
      stratifyBy: { kind: "attribute", attributeId: country.id },
    });
    expect(byCountry.label).toBe("Sample 4 documents · seed s · by “Country”");
    expect(byCountry.strata.map((s) => [s.stratum, s.size, s.drawn])).toEqual([
      ["", 2, 1],
      ["China", 2, 1],
      ["Vietnam", 8, 2],
    ]);
  });

  it("refuse what cannot be drawn, with a message, and write nothing", async () => {
    const { projectId } = await setup(TYPES.slice(0, 4));
    const base = { projectId, share: 0.5, seed: 1, codersPerDocument: 2, userIds: [ana.id, ben.id] };
    await expect(previewSample(db(), { ...base, codersPerDocument: 3 })).rejects.toMatchObject({ code: "bad_request", message: expect.stringMatching(/needs at least 3 coders/) });
    await expect(previewSample(db(), { ...base, userIds: [ana.id, viewer.id] })).rejects.toMatchObject({ code: "bad_request", message: expect.stringMatching(/viewer/) });
    await expect(previewSample(db(), { ...base, userIds: [ana.id, outsider.id] })).rejects.toMatchObject({ code: "not_found" });
    await expect(previewSample(db(), { ...base, stratifyBy: { kind: "attribute", attributeId: "nope" } })).rejects.toMatchObject({ code: "not_found" });
    // A preview that no longer matches (a document added since) is not applied.
    const preview = await previewSample(db(), base);
    await db().insert(documents).values({ projectId, title: "Late", text: TEXT, length: TEXT.length, sha256: "late" });
    await expect(applySample(db(), { ...base, actorId: owner.id, expectedFingerprint: preview.fingerprint })).rejects.toMatchObject({ code: "conflict" });
    expect(await getAssignments(db(), { projectId })).toEqual([]);
  });
});

describe("assignments and their events", () => {
  it("write one event per changed assignment, in the transaction of the change; all or nothing", async () => {
    const { projectId, docs } = await setup(TYPES.slice(0, 4));
    const start = await lastEventId(db(), projectId);
    const result = await assignDocuments(db(), { projectId, actorId: owner.id, pairs: crossPairs([docs[0]!.id, docs[1]!.id], [ana.id, ben.id]) });
    expect(result).toEqual({ created: 4, existing: 0 });
    const rows = await queryRows<{ id: number; tx_id: string; type: string; entity_id: string; meta: unknown }>(
      db(),
      sql`select id, tx_id::text as tx_id, type, entity_id, meta from events where project_id = ${projectId}::uuid and id > ${start} order by id`,
    );
    expect(rows).toHaveLength(4);
    expect(new Set(rows.map((r) => r.tx_id)).size).toBe(1);
    expect(rows.every((r) => r.type === "assignment.changed")).toBe(true);
    expect(rows.map((r) => r.entity_id).sort()).toEqual(pairsOf(crossPairs([docs[0]!.id, docs[1]!.id], [ana.id, ben.id])));
    const [event] = (await getEventsByProjectId(db(), { projectId, afterId: start })).filter((e) => e.entityId === `${docs[0]!.id}:${ana.id}`);
    expect(event).toMatchObject({ actorId: owner.id, before: null, after: { documentId: docs[0]!.id, userId: ana.id, sample: null, doneAt: null } });
    expect(event!.meta).toMatchObject({ documentId: docs[0]!.id, userId: ana.id, batchId: expect.any(String) });

    // Idempotent: the same request again creates nothing and logs nothing.
    const mid = await lastEventId(db(), projectId);
    expect(await assignDocuments(db(), { projectId, actorId: owner.id, pairs: crossPairs([docs[0]!.id], [ana.id]) })).toEqual({ created: 0, existing: 1 });
    expect(await lastEventId(db(), projectId)).toBe(mid);

    // One foreign document refuses the whole batch.
    const elsewhere = await setup(["news"]);
    await expect(assignDocuments(db(), { projectId, actorId: owner.id, pairs: crossPairs([docs[2]!.id, elsewhere.docs[0]!.id], [ana.id]) })).rejects.toMatchObject({ code: "not_found" });
    expect(await getAssignments(db(), { projectId, userId: ana.id })).toHaveLength(2);
    expect(await lastEventId(db(), projectId)).toBe(mid);

    // Done, not done, removed: one event each, with before and after.
    await setAssignmentDone(db(), { projectId, documentId: docs[0]!.id, userId: ana.id, actorId: ana.id, done: true });
    await setAssignmentDone(db(), { projectId, documentId: docs[0]!.id, userId: ana.id, actorId: ana.id, done: true }); // no change, no event
    await setAssignmentDone(db(), { projectId, documentId: docs[0]!.id, userId: ana.id, actorId: ana.id, done: false });
    expect(await unassignDocuments(db(), { projectId, actorId: owner.id, pairs: [{ documentId: docs[1]!.id, userId: ben.id }] })).toEqual({ removed: 1 });
    const later = await getEventsByProjectId(db(), { projectId, afterId: mid });
    expect(later.map((e) => [e.before?.doneAt === null, e.after?.doneAt === null || e.after === null])).toEqual([
      [true, false],
      [false, true],
      [true, true],
    ]);
    expect(later[2]).toMatchObject({ entityId: `${docs[1]!.id}:${ben.id}`, after: null, before: { documentId: docs[1]!.id, userId: ben.id } });
  });

  it("removes every assignment of a sample at once", async () => {
    const { projectId, docs } = await setup(TYPES.slice(0, 6));
    const sample = await applySample(db(), { projectId, actorId: owner.id, count: 2, seed: 5, codersPerDocument: 2, userIds: [ana.id, ben.id] });
    await assignDocuments(db(), { projectId, actorId: owner.id, pairs: [{ documentId: docs[5]!.id, userId: chen.id }] });
    expect(await unassignDocuments(db(), { projectId, actorId: owner.id, sample: sample.label })).toEqual({ removed: 4 });
    expect(pairsOf(await getAssignments(db(), { projectId }))).toEqual([`${docs[5]!.id}:${chen.id}`]);
  });
});

describe("queue and progress", () => {
  it("count assigned, started (a coding of one's own) and done per coder", async () => {
    const { projectId, docs, codeId } = await setup(TYPES.slice(0, 4));
    await assignDocuments(db(), { projectId, actorId: owner.id, pairs: crossPairs(docs.slice(0, 3).map((d) => d.id), [ana.id, ben.id]) });
    // Ana codes doc 1 twice and doc 2 once; Ben codes only doc 4, which is not assigned to him.
    await createCoding(db(), { projectId, documentId: docs[0]!.id, codeId, coderId: ana.id, start: 0, end: 8 });
    await createCoding(db(), { projectId, documentId: docs[0]!.id, codeId, coderId: ana.id, start: 9, end: 16 });
    await createCoding(db(), { projectId, documentId: docs[1]!.id, codeId, coderId: ana.id, start: 0, end: 8 });
    await createCoding(db(), { projectId, documentId: docs[3]!.id, codeId, coderId: ben.id, start: 0, end: 8 });
    // A consensus coding by Ben in doc 1 is not his own coding work.
    await createCoding(db(), { projectId, documentId: docs[0]!.id, codeId, coderId: ben.id, layer: "consensus", start: 0, end: 8 });
    await setAssignmentDone(db(), { projectId, documentId: docs[0]!.id, userId: ana.id, actorId: ana.id, done: true });
    await setAssignmentDone(db(), { projectId, documentId: docs[2]!.id, userId: ben.id, actorId: ben.id, done: true });

    const queue = await getAssignmentQueue(db(), { projectId, userId: ana.id });
    expect(queue.map((q) => [q.title, q.codingCount, q.doneAt !== null])).toEqual([
      ["Doc 01", 2, true],
      ["Doc 02", 1, false],
      ["Doc 03", 0, false],
    ]);
    const progress = await getAssignmentProgress(db(), { projectId });
    expect(progress.map((p) => [p.name, p.role, p.assigned, p.started, p.done])).toEqual([
      ["Ana Coder", "coder", 3, 2, 1],
      ["Ben Coder", "coder", 3, 0, 1],
      ["Chen Coder", "coder", 0, 0, 0],
      ["Sample owner", "owner", 0, 0, 0],
    ]);
  });
});

describe("server actions", () => {
  it("let the owner assign and draw, a coder mark only their own work done", async () => {
    const { projectId, docs } = await setup(TYPES.slice(0, 4));
    const denied = await runAsUser(ana, () => assignDocumentsAction({ projectId, documentIds: [docs[0]!.id], userIds: [ana.id] }));
    expect(denied).toEqual({ ok: false, error: { code: "forbidden", message: expect.stringContaining("(coder) does not allow you to assign documents") } });
    const attempts: (() => Promise<{ ok: boolean; error?: { code: string } }>)[] = [
      () => previewSampleAction({ projectId, share: 0.5, seed: 1, codersPerDocument: 2, userIds: [ana.id, ben.id] }),
      () => unassignAction({ projectId, sample: "x" }),
    ];
    for (const attempt of attempts) {
      const result = await runAsUser(ana, attempt);
      expect(result.ok ? null : result.error?.code).toBe("forbidden");
    }
    const stranger = await runAsUser(outsider, () => setAssignmentDoneAction({ projectId, documentId: docs[0]!.id, done: true }));
    expect(stranger).toEqual({ ok: false, error: { code: "not_found", message: "Project not found." } });

    const preview = await runAsUser(owner, () => previewSampleAction({ projectId, share: 0.5, seed: 9, codersPerDocument: 2, userIds: [ana.id, ben.id] }));
    if (!preview.ok) throw new Error(preview.error.message);
    const applied = await runAsUser(owner, () =>
      applySampleAction({ projectId, share: 0.5, seed: 9, codersPerDocument: 2, userIds: [ana.id, ben.id], expectedFingerprint: preview.data.fingerprint }),
    );
    expect(applied).toEqual({ ok: true, data: { label: "Sample 50 % · seed 9", size: 2, created: 4, existing: 0 } });
    const mine = preview.data.documents[0]!.id;
    const notMine = docs.find((d) => !preview.data.documents.some((p) => p.id === d.id))!.id;

    expect(await runAsUser(ana, () => setAssignmentDoneAction({ projectId, documentId: mine, done: true }))).toEqual({
      ok: true,
      data: { documentId: mine, doneAt: expect.any(String) },
    });
    const unassigned = await runAsUser(ana, () => setAssignmentDoneAction({ projectId, documentId: notMine, done: true }));
    expect(unassigned).toEqual({ ok: false, error: { code: "not_found", message: "This document is not assigned to you." } });
    const byViewer = await runAsUser(viewer, () => setAssignmentDoneAction({ projectId, documentId: mine, done: true }));
    expect(byViewer.ok ? null : byViewer.error.code).toBe("forbidden");
    // Ben's assignment of the same document is untouched by Ana marking hers done.
    const rows = await db().select().from(assignments).where(and(eq(assignments.projectId, projectId), eq(assignments.documentId, mine)));
    expect(rows.map((r) => [r.userId === ana.id, r.doneAt !== null]).sort()).toEqual([
      [false, false],
      [true, true],
    ]);
  });
});

describe("assignments API", () => {
  it("lists all for the owner, one's own for a coder; 403 for a coder's write, 404 for a non-member", async () => {
    const { projectId, docs } = await setup(TYPES.slice(0, 6));
    const path = `/api/v1/projects/${projectId}/assignments`;
    const post = (body: unknown, token = tokens.owner) => call(postAssignments, { method: "POST", path, params: { projectId }, token, body });
    const list = (token = tokens.owner) => call(listAssignments, { path, params: { projectId }, token });

    const assigned = await post({ documentIds: [docs[0]!.id, docs[1]!.id], userIds: [ana.id] });
    expect(assigned).toMatchObject({ status: 200, body: { created: 2, existing: 0 } });
    const sample = await post({ sample: { share: 0.5, seed: 42, codersPerDocument: 2, userIds: [ben.id, chen.id], stratifyBy: "sourceType" } });
    expect(sample.status).toBe(200);
    expect(sample.body).toMatchObject({ sample: "Sample 50 % · seed 42 · by source type", size: 3, created: 6, existing: 0 });
    const again = await post({ sample: { share: 0.5, seed: 42, codersPerDocument: 2, userIds: [chen.id, ben.id], stratifyBy: "sourceType" } });
    expect(again.body).toMatchObject({ created: 0, existing: 6, documents: sample.body.documents });

    const all = await list();
    expect(all.status).toBe(200);
    expect(all.body).toHaveLength(8);
    expect(all.body[0]).toEqual({
      documentId: expect.any(String),
      title: expect.any(String),
      userId: expect.any(String),
      userName: expect.any(String),
      sample: expect.toBeOneOf([null, expect.any(String)]),
      createdAt: expect.any(String),
      doneAt: null,
      codingCount: 0,
      started: false,
    });
    const own = await list(tokens.ana);
    expect(own.body.map((a: { userId: string }) => a.userId)).toEqual([ana.id, ana.id]);
    expect((await list(tokens.viewer)).body).toEqual([]);

    expect((await post({ documentIds: [docs[2]!.id], userIds: [ana.id] }, tokens.ana)).status).toBe(403);
    expect((await post({ documentIds: [docs[2]!.id], userIds: [ana.id] }, tokens.viewer)).status).toBe(403);
    expect((await post({ documentIds: [docs[2]!.id], userIds: [ana.id] }, tokens.outsider)).status).toBe(404);
    expect((await list(tokens.outsider)).status).toBe(404);
    expect((await call(listAssignments, { path, params: { projectId: "not-a-uuid" }, token: tokens.owner })).status).toBe(404);

    expect((await post({ documentIds: [], userIds: [ana.id] })).status).toBe(400);
    expect((await post({ sample: { share: 2, seed: 1, codersPerDocument: 2, userIds: [ana.id, ben.id] } })).status).toBe(400);
    expect((await post({ sample: { share: 0.5, seed: 1, codersPerDocument: 2, userIds: [ana.id, viewer.id] } })).status).toBe(400);
    expect((await post({ documentIds: [docs[2]!.id], userIds: [outsider.id] })).status).toBe(404);
    expect((await post({ hello: 1 })).status).toBe(400);
    expect(await getAssignments(db(), { projectId })).toHaveLength(8);
  });
});

it("registers every assignment action and route with the permission it requires", () => {
  const access = Object.fromEntries(registeredEndpoints().map((e) => [`${e.kind}:${e.name}`, e.access]));
  expect(access).toMatchObject({
    "action:assignments.assign": "assignments.manage",
    "action:assignments.unassign": "assignments.manage",
    "action:assignments.previewSample": "assignments.manage",
    "action:assignments.applySample": "assignments.manage",
    "action:assignments.setDone": "assignments.complete",
    "route:api.assignments.list": "project.read",
    "route:api.assignments.create": "assignments.manage",
  });
});
