import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { useDatabaseHandleForProcess, type DatabaseHandle } from "@/db/client";
import { createApiToken, TOKEN_ACCESS_TTL_MS } from "@/db/queries/api-tokens";
import { getCodesByProjectId } from "@/db/queries/codes";
import { addMember, removeMember, updateMemberRole } from "@/db/queries/members";
import { deleteProject, updateProject } from "@/db/queries/projects";
import { apiTokens, type User } from "@/db/schema";
import { GET as listCodings, POST as createCoding } from "@/app/api/v1/projects/[projectId]/codings/route";
import { call } from "../helpers/api";
import { createTestDatabase } from "../helpers/db";
import { makeProject, makeUser } from "../helpers/factories";
import { insertDocument } from "../helpers/rows";

/**
 * An API token's answer (user, membership, role, project) is kept for a second per instance
 * (db/queries/api-tokens.ts). Every change made through the app takes effect on the very next
 * call; a change this instance did not make (another instance, a hand edit) within that second.
 */
let handle: DatabaseHandle & { label: string };
const db = () => handle.db;
let owner: User;
let coder: User;

beforeAll(async () => {
  handle = await createTestDatabase();
  useDatabaseHandleForProcess(handle);
  owner = await makeUser(db(), "Cache owner");
  coder = await makeUser(db(), "Cache coder");
});
afterAll(async () => handle?.close());
afterEach(() => vi.useRealTimers());

async function setup() {
  const project = await makeProject(db(), owner.id);
  const projectId = project.id;
  await addMember(db(), { projectId, email: coder.email!, role: "coder", actorId: owner.id });
  const document = await insertDocument(db(), projectId, "Pressure from abroad met claims of sovereignty.");
  const [code] = await getCodesByProjectId(db(), { projectId });
  const { token, record } = await createApiToken(db(), { userId: coder.id, name: "script" });
  const path = `/api/v1/projects/${projectId}/codings`;
  let n = 0;
  const write = () =>
    call(createCoding, { method: "POST", path, params: { projectId }, token, body: { documentId: document.id, codeId: code!.id, start: n, end: ++n + 5 } });
  const read = () => call(listCodings, { path: `${path}?documentId=${document.id}`, params: { projectId }, token });
  return { projectId, documentId: document.id, codeId: code!.id, token, tokenId: record.id, write, read };
}

describe("cached API token access", () => {
  it("refuses a coder's next write at once when the role is lowered to viewer", async () => {
    const { projectId, write } = await setup();
    expect((await write()).status).toBe(201);
    await updateMemberRole(db(), { projectId, userId: coder.id, role: "viewer", actorId: owner.id });
    const refused = await write();
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/\(viewer\) does not allow you to code passages/);
  });

  it("answers 404 at once to a member who was removed, and to anyone once the project is deleted", async () => {
    const { projectId, write, read } = await setup();
    expect((await write()).status).toBe(201);
    await removeMember(db(), { projectId, userId: coder.id, actorId: owner.id });
    expect((await read()).status).toBe(404);
    expect((await write()).status).toBe(404);

    const other = await setup();
    expect((await other.read()).status).toBe(200);
    await deleteProject(db(), { projectId: other.projectId, actorId: owner.id });
    expect((await other.read()).status).toBe(404);
  });

  it("hides the other coders' codings at once when the owner switches the project to blind", async () => {
    const { projectId, documentId, codeId, read } = await setup();
    const ownerToken = (await createApiToken(db(), { userId: owner.id, name: "owner" })).token;
    expect((await read()).body).toEqual([]);
    // The owner codes a passage; the coder sees it while the project is open…
    const owned = await call(createCoding, {
      method: "POST",
      path: `/api/v1/projects/${projectId}/codings`,
      params: { projectId },
      token: ownerToken,
      body: { documentId, codeId, start: 0, end: 8 },
    });
    expect(owned.status).toBe(201);
    expect((await read()).body).toHaveLength(1);
    // …and not once the project is blind.
    await updateProject(db(), { projectId, actorId: owner.id, patch: { mode: "blind" } });
    expect((await read()).body).toEqual([]);
  });

  it("takes a change it did not make (another instance, a hand edit) within the cache's second", async () => {
    const { tokenId, write } = await setup();
    expect((await write()).status).toBe(201);
    // Revoked behind this instance's back: within the second it still answers from its cache…
    await db().update(apiTokens).set({ revokedAt: new Date() }).where(eq(apiTokens.id, tokenId));
    expect((await write()).status).toBe(201);
    // …and after it, asks the database again.
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + TOKEN_ACCESS_TTL_MS + 1 });
    const refused = await write();
    expect(refused.status).toBe(401);
    expect(refused.body.error.message).toMatch(/revoked/);
  });

  it("refuses a token the moment it expires, even while its answer is cached", async () => {
    const project = await setup();
    const cachedAt = Date.now();
    const expiresAt = new Date(cachedAt + 200);
    const { token } = await createApiToken(db(), { userId: coder.id, name: "short-lived", expiresAt });
    const read = () => call(listCodings, { path: `/api/v1/projects/${project.projectId}/codings`, params: { projectId: project.projectId }, token });
    expect((await read()).status).toBe(200);
    // Real time, not fake: the database must also see the token expired when asked again.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiresAt.getTime() - Date.now()) + 50));
    expect(Date.now() - cachedAt).toBeLessThan(TOKEN_ACCESS_TTL_MS);
    expect((await read()).status).toBe(401);
  });
});
