import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useDatabaseHandleForProcess, type DatabaseHandle } from "@/db/client";
import { getActivity, getCodingHistory } from "@/db/queries/activity";
import { getCodesByProjectId, getCodingCountsByCode, getCodingCountsByCodeForCoder } from "@/db/queries/codes";
import { getCodingCountsByCodeAndCoder, getCodings, getDocumentCountsByCode } from "@/db/queries/codings";
import { getDocumentsPage } from "@/db/queries/documents";
import { addMember } from "@/db/queries/members";
import { getMemosByProjectId } from "@/db/queries/memos";
import { createProject, getProjectMembership, getProjectsByUserId, updateProject } from "@/db/queries/projects";
import type { Code, Project, User } from "@/db/schema";
import { GET as listProjects } from "@/app/api/v1/projects/route";
import { GET as listActivity } from "@/app/api/v1/projects/[projectId]/activity/route";
import { GET as listCodings, POST as createCodingRoute } from "@/app/api/v1/projects/[projectId]/codings/route";
import { DELETE as deleteCodingRoute, GET as getCodingRoute, PATCH as patchCodingRoute } from "@/app/api/v1/projects/[projectId]/codings/[codingId]/route";
import { GET as codingHistory } from "@/app/api/v1/projects/[projectId]/codings/[codingId]/history/route";
import { POST as restoreCodingRoute } from "@/app/api/v1/projects/[projectId]/codings/[codingId]/restore/route";
import { GET as listDocuments } from "@/app/api/v1/projects/[projectId]/documents/route";
import { GET as getDocument } from "@/app/api/v1/projects/[projectId]/documents/[documentId]/route";
import { GET as listCodes } from "@/app/api/v1/projects/[projectId]/codes/route";
import { seesAllCodings } from "@/lib/permissions";
import { importDocument } from "@/lib/server/documents";
import { call, tokenFor } from "../helpers/api";
import { createTestDatabase } from "../helpers/db";
import { makeUser } from "../helpers/factories";

/**
 * Blind mode over every read path that returns codings or numbers derived from them: until the
 * owner reveals, coder A never receives coder B's codings, counts, memos or events; the owner
 * sees both; after the reveal A sees both. Pages are covered through the queries they call,
 * with the same `seesAllCodings` decision the pages make.
 */
const TEXT = "The bill demands reform. The state rejects it as interference. Trade talks resume.";

let handle: DatabaseHandle & { label: string };
const db = () => handle.db;
let owner: User, coderA: User, coderB: User, viewer: User;
const tokens: Record<"owner" | "a" | "b" | "viewer", string> = { owner: "", a: "", b: "", viewer: "" };

beforeAll(async () => {
  handle = await createTestDatabase();
  useDatabaseHandleForProcess(handle);
  owner = await makeUser(db(), "Blind Owner");
  coderA = await makeUser(db(), "Coder Alma");
  coderB = await makeUser(db(), "Coder Bruno");
  viewer = await makeUser(db(), "Blind Viewer");
  tokens.owner = await tokenFor(db(), owner.id);
  tokens.a = await tokenFor(db(), coderA.id);
  tokens.b = await tokenFor(db(), coderB.id);
  tokens.viewer = await tokenFor(db(), viewer.id);
});
afterAll(async () => handle?.close());

type Setup = Awaited<ReturnType<typeof setup>>;

/** A blind project where A and B code the same document, each with a memo, and each deletes one coding. */
async function setup() {
  const project = await createProject(db(), { name: "Blind agreement study", mode: "blind", ownerId: owner.id });
  const projectId = project.id;
  await addMember(db(), { projectId, email: coderA.email!, role: "coder", actorId: owner.id });
  await addMember(db(), { projectId, email: coderB.email!, role: "coder", actorId: owner.id });
  await addMember(db(), { projectId, email: viewer.email!, role: "viewer", actorId: owner.id });
  const imported = await importDocument(db(), { projectId, actorId: owner.id, source: { kind: "text", text: TEXT, title: "Shared source" }, duplicates: "import" });
  if (imported.skipped) throw new Error("unexpected skip");
  const doc = imported.document;
  const [pressure, sovereignty, reward] = (await getCodesByProjectId(db(), { projectId })) as unknown as [Code, Code, Code];
  const base = `/api/v1/projects/${projectId}`;
  const code = async (token: string, body: { codeId: string; start: number; end: number; memo?: string }) => {
    const res = await call(createCodingRoute, { method: "POST", path: `${base}/codings`, params: { projectId }, token, body: { documentId: doc.id, ...body } });
    expect(res.status, res.text).toBe(201);
    return res.body as { id: string };
  };
  const a = await code(tokens.a, { codeId: pressure.id, start: 0, end: 24, memo: "Alma's reason" });
  const aGone = await code(tokens.a, { codeId: reward.id, start: 63, end: 82 });
  const b = await code(tokens.b, { codeId: sovereignty.id, start: 25, end: 62, memo: "Bruno's reason" });
  const b2 = await code(tokens.b, { codeId: pressure.id, start: 4, end: 24 });
  const bGone = await code(tokens.b, { codeId: reward.id, start: 63, end: 82 });
  for (const [id, token] of [[b2.id, tokens.b], [aGone.id, tokens.a], [bGone.id, tokens.b]] as const) {
    expect((await call(patchCodingRoute, { method: "PATCH", path: base, params: { projectId, codingId: id }, token, body: { memo: "edited" } })).status).toBe(200);
  }
  expect((await call(deleteCodingRoute, { method: "DELETE", path: base, params: { projectId, codingId: aGone.id }, token: tokens.a })).status).toBe(204);
  expect((await call(deleteCodingRoute, { method: "DELETE", path: base, params: { projectId, codingId: bGone.id }, token: tokens.b })).status).toBe(204);
  return {
    projectId,
    doc,
    codes: { pressure, sovereignty, reward },
    // What each coder made, visible or deleted.
    ids: { a: [a.id, aGone.id], b: [b.id, b2.id, bGone.id] },
    current: { a: [a.id], b: [b.id, b2.id] },
    base,
  };
}

async function reveal(s: Setup) {
  await updateProject(db(), { projectId: s.projectId, actorId: owner.id, patch: { revealed: true } });
}

const PEOPLE = { owner: () => owner, a: () => coderA, b: () => coderB, viewer: () => viewer };

/** What the pages do: load the membership, decide with seesAllCodings, pass onlyCoderId. */
async function pageView(s: Setup, who: keyof typeof PEOPLE) {
  const user = PEOPLE[who]();
  const { project, role } = (await getProjectMembership(db(), { projectId: s.projectId, userId: user.id }))!;
  const seesAll = seesAllCodings(role, project as Project);
  return { user, seesAll, onlyCoderId: seesAll ? undefined : user.id, viewer: { userId: user.id, seesAll } };
}

const sum = (values: Iterable<number>) => [...values].reduce((x, y) => x + y, 0);

/** Every number and list a person can read, through every query and API route. */
async function everythingSeenBy(s: Setup, who: keyof typeof PEOPLE) {
  const token = tokens[who];
  const { onlyCoderId, viewer: v, user, seesAll } = await pageView(s, who);
  const projectId = s.projectId;
  const codingIds = new Set<string>();
  const counts: Record<string, number> = {};

  // Document page and the codings API.
  for (const c of await getCodings(db(), { projectId, documentId: s.doc.id, onlyCoderId })) codingIds.add(c.id);
  const apiCodings = await call(listCodings, { path: `${s.base}/codings`, params: { projectId }, token });
  expect(apiCodings.status).toBe(200);
  for (const c of apiCodings.body) codingIds.add(c.id);
  for (const coderId of [coderA.id, coderB.id]) {
    const filtered = await call(listCodings, { path: `${s.base}/codings?coderId=${coderId}&documentId=${s.doc.id}`, params: { projectId }, token });
    for (const c of filtered.body) codingIds.add(c.id);
  }
  // The document page's per-code counts (the page picks one of the two by seesAll).
  counts.documentPage = sum((seesAll ? await getCodingCountsByCode(db(), { projectId }) : await getCodingCountsByCodeForCoder(db(), { projectId, coderId: user.id })).values());
  // Codebook page.
  counts.codebookCodings = sum((await getCodingCountsByCodeAndCoder(db(), { projectId, onlyCoderId })).map((r) => r.n));
  counts.codebookDocuments = sum((await getDocumentCountsByCode(db(), { projectId, onlyCoderId })).values());
  // Documents page and the documents API.
  counts.documentsPage = (await getDocumentsPage(db(), { projectId, onlyCoderId })).rows.find((r) => r.id === s.doc.id)!.codingCount;
  const apiDocs = await call(listDocuments, { path: `${s.base}/documents`, params: { projectId }, token });
  counts.documentsApi = apiDocs.body.find((d: { id: string }) => d.id === s.doc.id).codingCount;
  const sortedByCount = await call(listDocuments, { path: `${s.base}/documents?sort=codingCount`, params: { projectId }, token });
  counts.documentsApiSorted = sortedByCount.body[0].codingCount;
  const oneDoc = await call(getDocument, { path: `${s.base}/documents/${s.doc.id}`, params: { projectId, documentId: s.doc.id }, token });
  expect(oneDoc.status).toBe(200);
  expect(oneDoc.body.codingCount).toBeUndefined();
  // Projects page and the projects API.
  counts.projectsPage = (await getProjectsByUserId(db(), { userId: user.id })).find((p) => p.id === projectId)!.codingCount;
  counts.projectsApi = (await call(listProjects, { path: "/api/v1/projects", token })).body.find((p: { id: string }) => p.id === projectId).codingCount;
  // The codes API carries no counts at all.
  const codes = await call(listCodes, { path: `${s.base}/codes`, params: { projectId }, token });
  for (const c of codes.body) expect(Object.keys(c).filter((k) => /count/i.test(k))).toEqual([]);

  // Memos page: coding memos.
  const memos = (await getMemosByProjectId(db(), { projectId, onlyCoderId })).filter((m) => m.targetType === "coding");
  for (const m of memos) codingIds.add(m.targetId);
  const memoTexts = memos.map((m) => m.bodyText).sort();

  // Activity: the feed (query and API, unfiltered and per document) and each coding's history.
  const eventCodingIds = new Set<string>();
  const activity = await getActivity(db(), { projectId, viewer: v, limit: 200 });
  for (const e of activity.entries) if (e.entityType === "coding") eventCodingIds.add(e.entityId);
  const metaCounts = activity.entries.flatMap((e) => Object.keys(e.meta ?? {}).filter((k) => /Codings$|codingCount/.test(k)));
  for (const query of ["", `?documentId=${s.doc.id}`, "?entityType=coding", `?actorId=${coderB.id}`, `?actorId=${coderA.id}`]) {
    const res = await call(listActivity, { path: `${s.base}/activity${query}`, params: { projectId }, token });
    expect(res.status).toBe(200);
    for (const e of res.body) if (e.entityType === "coding") eventCodingIds.add(e.entityId);
  }
  const histories: string[] = [];
  for (const id of [...s.ids.a, ...s.ids.b]) {
    const res = await call(codingHistory, { path: s.base, params: { projectId, codingId: id }, token });
    const viaQuery = await getCodingHistory(db(), { projectId, codingId: id, viewer: v }).then(
      () => true,
      () => false,
    );
    expect(res.status === 200, `history of ${id}`).toBe(viaQuery);
    if (res.status === 200) histories.push(id);
    else expect(res.status).toBe(404);
  }
  // Single codings through the API: another coder's is 404, whatever the verb.
  const readable: string[] = [];
  for (const id of [...s.current.a, ...s.current.b]) {
    const res = await call(getCodingRoute, { path: s.base, params: { projectId, codingId: id }, token });
    if (res.status === 200) readable.push(id);
    else expect(res.status).toBe(404);
  }
  return { codingIds, counts, memoTexts, eventCodingIds, histories, readable, metaCounts };
}

const sorted = (xs: Iterable<string>) => [...xs].sort();

describe("blind mode before the reveal", () => {
  it("coder A sees only A's codings, counts, memos and events", async () => {
    const s = await setup();
    const seen = await everythingSeenBy(s, "a");
    expect(sorted(seen.codingIds)).toEqual(sorted(s.current.a));
    expect(seen.counts).toEqual({
      documentPage: 1,
      codebookCodings: 1,
      codebookDocuments: 1,
      documentsPage: 1,
      documentsApi: 1,
      documentsApiSorted: 1,
      projectsPage: 1,
      projectsApi: 1,
    });
    expect(seen.memoTexts).toEqual(["Alma's reason"]);
    expect(sorted(seen.eventCodingIds)).toEqual(sorted(s.ids.a));
    expect(sorted(seen.histories)).toEqual(sorted(s.ids.a));
    expect(seen.readable).toEqual(s.current.a);
  });

  it("coder B, symmetrically, sees only B's", async () => {
    const s = await setup();
    const seen = await everythingSeenBy(s, "b");
    expect(sorted(seen.codingIds)).toEqual(sorted(s.current.b));
    expect(new Set(Object.values(seen.counts))).toEqual(new Set([2]));
    expect(seen.memoTexts).toEqual(["Bruno's reason", "edited"]);
    expect(sorted(seen.eventCodingIds)).toEqual(sorted(s.ids.b));
    expect(sorted(seen.histories)).toEqual(sorted(s.ids.b));
  });

  it("a viewer sees no one's codings", async () => {
    const s = await setup();
    const seen = await everythingSeenBy(s, "viewer");
    expect(seen.codingIds.size).toBe(0);
    expect(new Set(Object.values(seen.counts))).toEqual(new Set([0]));
    expect(seen.memoTexts).toEqual([]);
    expect(seen.eventCodingIds.size).toBe(0);
    expect(seen.histories).toEqual([]);
  });

  it("the owner sees both coders'", async () => {
    const s = await setup();
    const seen = await everythingSeenBy(s, "owner");
    expect(sorted(seen.codingIds)).toEqual(sorted([...s.current.a, ...s.current.b]));
    expect(seen.counts.documentsApi).toBe(3);
    expect(seen.counts.projectsApi).toBe(3);
    expect(seen.counts.codebookCodings).toBe(3);
    expect(seen.memoTexts).toEqual(["Alma's reason", "Bruno's reason", "edited"]);
    expect(sorted(seen.eventCodingIds)).toEqual(sorted([...s.ids.a, ...s.ids.b]));
    expect(sorted(seen.histories)).toEqual(sorted([...s.ids.a, ...s.ids.b]));
  });

  it("A cannot edit, delete or restore B's codings, and learns nothing from trying", async () => {
    const s = await setup();
    const [bId] = s.current.b;
    for (const [handler, method] of [
      [patchCodingRoute, "PATCH"],
      [deleteCodingRoute, "DELETE"],
    ] as const) {
      const res = await call(handler, { method, path: s.base, params: { projectId: s.projectId, codingId: bId! }, token: tokens.a, body: method === "PATCH" ? { memo: "x" } : undefined });
      expect(res.status, method).toBe(404);
    }
    expect((await call(restoreCodingRoute, { method: "POST", path: s.base, params: { projectId: s.projectId, codingId: s.ids.b[2]! }, token: tokens.a })).status).toBe(403);
  });

  it("hides coding counts in other events from coders (a document deleted with its codings)", async () => {
    const s = await setup();
    // The owner deletes the document: its codings' counts ride on document.deleted.
    await call((await import("@/app/api/v1/projects/[projectId]/documents/[documentId]/route")).DELETE, {
      method: "DELETE",
      path: s.base,
      params: { projectId: s.projectId, documentId: s.doc.id },
      token: tokens.owner,
    });
    const seenByA = await getActivity(db(), { projectId: s.projectId, viewer: (await pageView(s, "a")).viewer, entityType: "document" });
    const deletedForA = seenByA.entries.find((e) => e.type === "document.deleted")!;
    expect(deletedForA.meta).not.toHaveProperty("deletedCodings");
    const apiForA = await call(listActivity, { path: `${s.base}/activity?type=document.deleted`, params: { projectId: s.projectId }, token: tokens.a });
    expect(apiForA.body[0].summary).toMatch(/^Blind Owner deleted the document “Shared source”$/);
    const seenByOwner = await getActivity(db(), { projectId: s.projectId, viewer: (await pageView(s, "owner")).viewer, entityType: "document" });
    expect(seenByOwner.entries.find((e) => e.type === "document.deleted")!.meta).toMatchObject({ deletedCodings: 3 });
    // And the codings deleted with it: A's own deletion event only.
    const codingEvents = (await getActivity(db(), { projectId: s.projectId, viewer: (await pageView(s, "a")).viewer, types: ["coding.deleted"] })).entries;
    expect(new Set(codingEvents.map((e) => e.entityId))).toEqual(new Set(s.ids.a));
  });
});

describe("blind mode after the reveal", () => {
  it("coder A sees both coders' codings, counts, memos and events", async () => {
    const s = await setup();
    await reveal(s);
    const seen = await everythingSeenBy(s, "a");
    expect(sorted(seen.codingIds)).toEqual(sorted([...s.current.a, ...s.current.b]));
    // Three codings on one document; two codes used on it (pressure twice, sovereignty once).
    expect(seen.counts).toEqual({ ...(await everythingSeenBy(s, "owner")).counts, codebookDocuments: 2 });
    expect(seen.counts).toMatchObject({ documentPage: 3, codebookCodings: 3, documentsPage: 3, documentsApi: 3, projectsPage: 3, projectsApi: 3 });
    expect(seen.memoTexts).toEqual(["Alma's reason", "Bruno's reason", "edited"]);
    expect(sorted(seen.eventCodingIds)).toEqual(sorted([...s.ids.a, ...s.ids.b]));
    expect(sorted(seen.histories)).toEqual(sorted([...s.ids.a, ...s.ids.b]));
    expect(sorted(seen.readable)).toEqual(sorted([...s.current.a, ...s.current.b]));
  });
});
