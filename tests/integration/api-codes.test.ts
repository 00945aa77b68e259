import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useDatabaseHandleForProcess, type DatabaseHandle } from "@/db/client";
import { getCodesByProjectId } from "@/db/queries/codes";
import { addMember } from "@/db/queries/members";
import { codings, type User } from "@/db/schema";
import { DEFAULT_CODEBOOK } from "@/lib/codebook/default-codebook";
import { GET as listCodes, POST as createCode } from "@/app/api/v1/projects/[projectId]/codes/route";
import { DELETE as deleteCode, GET as getCode, PATCH as patchCode } from "@/app/api/v1/projects/[projectId]/codes/[codeId]/route";
import { call, tokenFor } from "../helpers/api";
import { createTestDatabase } from "../helpers/db";
import { makeProject, makeUser } from "../helpers/factories";
import { insertCodings, insertDocument } from "../helpers/rows";

let handle: DatabaseHandle & { label: string };
const db = () => handle.db;
let owner: User, coder: User, viewer: User;
let ownerToken: string, coderToken: string, viewerToken: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  useDatabaseHandleForProcess(handle);
  owner = await makeUser(db(), "Codes owner");
  coder = await makeUser(db(), "Codes coder");
  viewer = await makeUser(db(), "Codes viewer");
  [ownerToken, coderToken, viewerToken] = await Promise.all([tokenFor(db(), owner.id), tokenFor(db(), coder.id), tokenFor(db(), viewer.id)]);
});
afterAll(async () => handle?.close());

type CodeJson = { id: string; parentId: string | null; name: string; path: string; depth: number; version: number; [k: string]: unknown };

async function setup() {
  const project = await makeProject(db(), owner.id);
  const projectId = project.id;
  await addMember(db(), { projectId, email: coder.email!, role: "coder", actorId: owner.id });
  await addMember(db(), { projectId, email: viewer.email!, role: "viewer", actorId: owner.id });
  const base = `/api/v1/projects/${projectId}/codes`;
  const list = async (token = ownerToken) => call(listCodes, { path: base, params: { projectId }, token });
  const codes = async () => (await list()).body as CodeJson[];
  const byName = async (name: string) => (await codes()).find((c) => c.name === name)!;
  const create = (body: unknown, token = ownerToken) => call(createCode, { method: "POST", path: base, params: { projectId }, token, body });
  const update = (codeId: string, body: unknown, token = ownerToken) =>
    call(patchCode, { method: "PATCH", path: `${base}/${codeId}`, params: { projectId, codeId }, token, body });
  const remove = (codeId: string, options: { query?: string; body?: unknown; token?: string } = {}) =>
    call(deleteCode, {
      method: "DELETE",
      path: `${base}/${codeId}${options.query ? `?${options.query}` : ""}`,
      params: { projectId, codeId },
      token: options.token ?? ownerToken,
      body: options.body,
    });
  return { projectId, list, codes, byName, create, update, remove };
}

describe("GET codes", () => {
  it("is the codebook as a flat list with parentId, path and definitions", async () => {
    const { list, create, byName, projectId } = await setup();
    const pressure = await byName("pressure");
    await create({ name: "bills", parentId: pressure.id });
    const res = await list(viewerToken);
    expect(res.status).toBe(200);
    expect(res.body.map((c: CodeJson) => [c.path, c.depth, c.parentId])).toEqual([
      ["pressure", 0, null],
      ["pressure/bills", 1, pressure.id],
      ["sovereignty claim", 0, null],
      ["reward", 0, null],
    ]);
    const first = res.body[0];
    expect(Object.keys(first).sort()).toEqual(
      ["color", "createdAt", "createdBy", "definition", "depth", "examples", "exclude", "id", "include", "name", "parentId", "path", "position", "updatedAt", "version"].sort(),
    );
    expect(first).toMatchObject({ ...DEFAULT_CODEBOOK[0], id: pressure.id, version: 1, createdBy: owner.id });
    expect(new Date(first.createdAt).toISOString()).toBe(first.createdAt);
    const one = await call(getCode, { path: "", params: { projectId, codeId: pressure.id }, token: viewerToken });
    expect(one.body).toEqual(first);
  });
});

describe("POST codes", () => {
  it("creates a code (201) for a coder, with colour and path", async () => {
    const { create, byName } = await setup();
    const reward = await byName("reward");
    const res = await create({ name: "trade deals", parentId: reward.id, color: "#ABCDEF", definition: "Trade.", include: "FTAs", exclude: "aid" }, coderToken);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: "trade deals", parentId: reward.id, path: "reward/trade deals", depth: 1, color: "#abcdef", definition: "Trade.", include: "FTAs", exclude: "aid", version: 1, createdBy: coder.id });
    const palette = await create({ name: "uncoloured" });
    expect(palette.body.color).toMatch(/^#[0-9a-f]{6}$/);
  });

  it("answers 409 to a duplicate name among siblings, root included", async () => {
    const { create, byName } = await setup();
    const dup = await create({ name: "reward" });
    expect(dup.status).toBe(409);
    expect(dup.body.error).toMatchObject({ code: "conflict", message: 'A code named "reward" already exists at this level of the codebook.' });
    const pressure = await byName("pressure");
    expect((await create({ name: "reward", parentId: pressure.id })).status).toBe(201);
    expect((await create({ name: "reward", parentId: pressure.id })).status).toBe(409);
  });

  it("answers 400 to invalid fields and 403 to a viewer", async () => {
    const { create, codes } = await setup();
    for (const body of [{}, { name: "" }, { name: "a/b" }, { name: "x", color: "red" }, { name: "x", parentId: "00000000-0000-4000-8000-000000000000" }]) {
      expect((await create(body)).status, JSON.stringify(body)).toBe(400);
    }
    const viewer = await create({ name: "viewer's code" }, viewerToken);
    expect(viewer.status).toBe(403);
    expect(viewer.body.error.message).toMatch(/\(viewer\).*create codes/);
    expect(await codes()).toHaveLength(3);
  });
});

describe("PATCH codes", () => {
  it("edits and moves a code for a coder, bumping its version", async () => {
    const { update, byName } = await setup();
    const reward = await byName("reward");
    const pressure = await byName("pressure");
    const res = await update(reward.id, { name: "rewards", definition: "New.", version: 1 }, coderToken);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: reward.id, name: "rewards", path: "rewards", definition: "New.", version: 2 });
    const moved = await update(reward.id, { parentId: pressure.id });
    expect(moved.body).toMatchObject({ parentId: pressure.id, path: "pressure/rewards", depth: 1, version: 3 });
    const back = await update(reward.id, { parentId: null });
    expect(back.body).toMatchObject({ parentId: null, path: "rewards" });
  });

  it("refuses a stale version with 409 and the current code in error.details", async () => {
    const { update, byName } = await setup();
    const reward = await byName("reward");
    expect((await update(reward.id, { definition: "First edit.", version: 1 })).status).toBe(200);
    const stale = await update(reward.id, { definition: "Based on an old copy.", version: 1 }, coderToken);
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe("conflict");
    expect(stale.body.error.details.current).toEqual(await byName("reward"));
    expect(stale.body.error.details.current).toMatchObject({ version: 2, definition: "First edit.", path: "reward" });
  });

  it("answers 409 to a sibling's name, 400 to a cycle or nothing to change, 404 to an unknown code", async () => {
    const { update, create, byName } = await setup();
    const pressure = await byName("pressure");
    const child = (await create({ name: "child", parentId: pressure.id })).body as CodeJson;
    expect((await update(pressure.id, { name: "reward" })).status).toBe(409);
    const cycle = await update(pressure.id, { parentId: child.id });
    expect(cycle.status).toBe(400);
    expect(cycle.body.error.message).toMatch(/inside itself/);
    expect((await update(pressure.id, { version: 1 })).status).toBe(400);
    expect((await update(pressure.id, {})).status).toBe(400);
    expect((await update("00000000-0000-4000-8000-000000000000", { name: "ghost" })).status).toBe(404);
    expect((await update("not-a-uuid", { name: "ghost" })).status).toBe(404);
    expect((await update(pressure.id, { name: "by viewer" }, viewerToken)).status).toBe(403);
  });
});

describe("DELETE codes", () => {
  async function withCodings() {
    const ctx = await setup();
    const doc = await insertDocument(db(), ctx.projectId);
    const pressure = await ctx.byName("pressure");
    const reward = await ctx.byName("reward");
    await insertCodings(db(), {
      projectId: ctx.projectId,
      document: doc,
      coderId: coder.id,
      spans: [
        { codeId: pressure.id, start: 0, end: 8 },
        { codeId: pressure.id, start: 4, end: 10 },
        { codeId: reward.id, start: 2, end: 6 },
      ],
    });
    return { ...ctx, pressure, reward };
  }
  const codingCodes = async (projectId: string) =>
    (await db().select({ id: codings.id, codeId: codings.codeId }).from(codings).where(eq(codings.projectId, projectId))).map((c) => c.codeId).sort();

  it("deletes an unused code without being told what to do with codings", async () => {
    const { remove, byName, codes } = await setup();
    const res = await remove((await byName("sovereignty claim")).id);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ deletedCodings: 0, movedCodings: 0 });
    expect((await codes()).map((c) => c.name)).toEqual(["pressure", "reward"]);
  });

  it("refuses (409) to delete a used code until told to delete or move its codings", async () => {
    const { remove, pressure, projectId, codes } = await withCodings();
    const res = await remove(pressure.id);
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: "conflict", details: { codingCount: 2 } });
    expect(res.body.error.message).toMatch(/codings=delete.*codings=move/);
    expect(await codes()).toHaveLength(3);
    expect(await codingCodes(projectId)).toHaveLength(3);
  });

  it("deletes the codings with ?codings=delete", async () => {
    const { remove, pressure, reward, projectId } = await withCodings();
    const res = await remove(pressure.id, { query: "codings=delete" });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ deletedCodings: 2, movedCodings: 0 });
    expect(await codingCodes(projectId)).toEqual([reward.id]);
  });

  it("moves the codings with ?codings=move&targetCodeId=, or the same in a JSON body", async () => {
    const { remove, pressure, reward, projectId, byName } = await withCodings();
    const res = await remove(pressure.id, { query: `codings=move&targetCodeId=${reward.id}` });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ deletedCodings: 0, movedCodings: 2 });
    expect(await codingCodes(projectId)).toEqual([reward.id, reward.id, reward.id]);

    const sovereignty = await byName("sovereignty claim");
    const viaBody = await remove(reward.id, { body: { codings: "move", targetCodeId: sovereignty.id } });
    expect(viaBody.body).toEqual({ deletedCodings: 0, movedCodings: 3 });
    expect(await codingCodes(projectId)).toEqual([sovereignty.id, sovereignty.id, sovereignty.id]);
  });

  it("answers 400 to a bad choice, 404 to an unknown code, 403 to coders and viewers", async () => {
    const { remove, pressure, projectId } = await withCodings();
    expect((await remove(pressure.id, { query: "codings=move" })).status).toBe(400);
    expect((await remove(pressure.id, { query: "codings=move&targetCodeId=nope" })).status).toBe(400);
    expect((await remove(pressure.id, { query: `codings=move&targetCodeId=${pressure.id}` })).status).toBe(400);
    expect((await remove(pressure.id, { query: "codings=keep" })).status).toBe(400);
    expect((await remove("00000000-0000-4000-8000-000000000000", { query: "codings=delete" })).status).toBe(404);
    for (const token of [coderToken, viewerToken]) {
      const res = await remove(pressure.id, { query: "codings=delete", token });
      expect(res.status).toBe(403);
    }
    expect(await codingCodes(projectId)).toHaveLength(3);
    expect(await getCodesByProjectId(db(), { projectId })).toHaveLength(3);
  });
});
