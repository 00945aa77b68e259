import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useDatabaseHandleForProcess, type DatabaseHandle } from "@/db/client";
import { getCodesByProjectId } from "@/db/queries/codes";
import { addMember } from "@/db/queries/members";
import { updateProject } from "@/db/queries/projects";
import type { User } from "@/db/schema";
import { GET as listCodings, POST as createCoding } from "@/app/api/v1/projects/[projectId]/codings/route";
import { DELETE as deleteCoding, GET as getCoding, PATCH as patchCoding } from "@/app/api/v1/projects/[projectId]/codings/[codingId]/route";
import { call, tokenFor } from "../helpers/api";
import { createTestDatabase } from "../helpers/db";
import { makeProject, makeUser } from "../helpers/factories";
import { insertDocument } from "../helpers/rows";

const TEXT = "Flags 🇻🇳 and families 👨‍👩‍👧 meet حقوق الإنسان in one line.";
const span = (needle: string) => {
  const start = Array.from(TEXT.slice(0, TEXT.indexOf(needle))).length;
  return { start, end: start + Array.from(needle).length };
};

let handle: DatabaseHandle;
let owner: User, coderA: User, coderB: User, viewer: User;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  handle = await createTestDatabase();
  useDatabaseHandleForProcess(handle);
  owner = await makeUser(handle.db, "Owner");
  coderA = await makeUser(handle.db, "Coder A");
  coderB = await makeUser(handle.db, "Coder B");
  viewer = await makeUser(handle.db, "Viewer");
  for (const [name, user] of Object.entries({ owner, coderA, coderB, viewer })) tokens[name] = await tokenFor(handle.db, user.id);
});
afterAll(async () => handle?.close());

async function setup() {
  const project = await makeProject(handle.db, owner.id);
  const projectId = project.id;
  await addMember(handle.db, { projectId, email: coderA.email!, role: "coder", actorId: owner.id });
  await addMember(handle.db, { projectId, email: coderB.email!, role: "coder", actorId: owner.id });
  await addMember(handle.db, { projectId, email: viewer.email!, role: "viewer", actorId: owner.id });
  const doc = await insertDocument(handle.db, projectId, TEXT);
  const codes = await getCodesByProjectId(handle.db, { projectId });
  const base = `/api/v1/projects/${projectId}/codings`;
  const create = (body: unknown, token = tokens.coderA!) => call(createCoding, { method: "POST", path: base, params: { projectId }, token, body });
  const list = (query = "", token = tokens.owner!) => call(listCodings, { path: `${base}${query}`, params: { projectId }, token });
  const patch = (codingId: string, body: unknown, token = tokens.coderA!) =>
    call(patchCoding, { method: "PATCH", path: `${base}/${codingId}`, params: { projectId, codingId }, token, body });
  const remove = (codingId: string, token = tokens.coderA!) =>
    call(deleteCoding, { method: "DELETE", path: `${base}/${codingId}`, params: { projectId, codingId }, token });
  const get = (codingId: string, token = tokens.owner!) => call(getCoding, { path: `${base}/${codingId}`, params: { projectId, codingId }, token });
  return { projectId, doc, codes, create, list, patch, remove, get };
}

describe("codings API", () => {
  it("creates codings whose start, end and quote are exact in code points", async () => {
    const { doc, codes, create } = await setup();
    for (const needle of ["🇻🇳", "👨‍👩‍👧", "حقوق الإنسان"]) {
      const { start, end } = span(needle);
      const res = await create({ documentId: doc.id, codeId: codes[0]!.id, start, end, memo: "note" });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ documentId: doc.id, codeId: codes[0]!.id, coderId: coderA.id, start, end, quote: needle, memo: "note", layer: "coder" });
    }
  });

  it.each([
    [{ start: 5, end: 3 }, 400, /start must be before end/],
    [{ start: 0, end: 10_000 }, 400, /not inside the document/],
    [{ start: 1.5, end: 3 }, 400, /whole numbers/],
    [{ start: -1, end: 3 }, 400, /start at 0/],
  ])("refuses a bad span %j with %i", async (spanInput, status, message) => {
    const { doc, codes, create, list } = await setup();
    const res = await create({ documentId: doc.id, codeId: codes[0]!.id, ...spanInput });
    expect(res.status).toBe(status);
    expect(res.body.error.message).toMatch(message);
    expect((await list()).body).toEqual([]);
  });

  it("refuses a code or a document of another project, and a viewer", async () => {
    const a = await setup();
    const b = await setup();
    expect((await a.create({ documentId: a.doc.id, codeId: b.codes[0]!.id, start: 0, end: 3 })).body.error.message).toMatch(/codebook/);
    expect((await a.create({ documentId: b.doc.id, codeId: a.codes[0]!.id, start: 0, end: 3 })).body.error.message).toMatch(/document is not in this project/);
    expect((await a.create({ documentId: a.doc.id, codeId: a.codes[0]!.id, start: 0, end: 3 }, tokens.viewer)).status).toBe(403);
  });

  it("lets a coder change and delete their own codings only; the owner may change anyone's", async () => {
    const { doc, codes, create, patch, remove } = await setup();
    const coding = (await create({ documentId: doc.id, codeId: codes[0]!.id, ...span("🇻🇳") })).body;
    expect((await patch(coding.id, { memo: "mine?" }, tokens.coderB)).status).toBe(403);
    const moved = await patch(coding.id, { codeId: codes[1]!.id, ...span("👨‍👩‍👧"), version: 1 });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ codeId: codes[1]!.id, quote: "👨‍👩‍👧", version: 2 });
    const stale = await patch(coding.id, { memo: "late", version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.details.current.version).toBe(2);
    expect((await patch(coding.id, { memo: "by the owner" }, tokens.owner)).status).toBe(200);
    expect((await remove(coding.id, tokens.coderB)).status).toBe(403);
    expect((await remove(coding.id)).status).toBe(204);
  });

  it("in blind mode shows a coder only their own codings, and other coders' do not exist for them", async () => {
    const { projectId, doc, codes, create, list, get, patch } = await setup();
    await updateProject(handle.db, { projectId, actorId: owner.id, patch: { mode: "blind" } });
    const a = (await create({ documentId: doc.id, codeId: codes[0]!.id, start: 0, end: 5 }, tokens.coderA)).body;
    const b = (await create({ documentId: doc.id, codeId: codes[0]!.id, start: 0, end: 5 }, tokens.coderB)).body;
    const seenByA = (await list("", tokens.coderA)).body as { id: string }[];
    expect(seenByA.map((c) => c.id)).toEqual([a.id]);
    expect((await get(b.id, tokens.coderA)).status).toBe(404);
    expect((await patch(b.id, { memo: "peek" }, tokens.coderA)).status).toBe(404);
    expect(((await list("", tokens.viewer)).body as unknown[]).length).toBe(0);
    expect(((await list("", tokens.owner)).body as unknown[]).length).toBe(2);
    await updateProject(handle.db, { projectId, actorId: owner.id, patch: { revealed: true } });
    expect(((await list("", tokens.coderA)).body as unknown[]).length).toBe(2);
  });

  it("filters by document, code and coder", async () => {
    const { doc, codes, create, list } = await setup();
    await create({ documentId: doc.id, codeId: codes[0]!.id, start: 0, end: 5 }, tokens.coderA);
    await create({ documentId: doc.id, codeId: codes[1]!.id, start: 0, end: 5 }, tokens.coderB);
    expect(((await list(`?codeId=${codes[1]!.id}`)).body as unknown[]).length).toBe(1);
    expect(((await list(`?coderId=${coderA.id}`)).body as { coderId: string }[]).every((c) => c.coderId === coderA.id)).toBe(true);
    expect(((await list(`?documentId=${doc.id}`)).body as unknown[]).length).toBe(2);
    expect((await list("?documentId=nope")).status).toBe(400);
  });
});
