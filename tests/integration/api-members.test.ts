import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useDatabaseHandleForProcess, type DatabaseHandle } from "@/db/client";
import { getEventsByProjectId } from "@/db/queries/events";
import { getMembersByProjectId } from "@/db/queries/members";
import type { User } from "@/db/schema";
import { GET as listMembers, POST as addMember } from "@/app/api/v1/projects/[projectId]/members/route";
import { DELETE as removeMember, PATCH as patchMember } from "@/app/api/v1/projects/[projectId]/members/[userId]/route";
import { call, tokenFor } from "../helpers/api";
import { createTestDatabase } from "../helpers/db";
import { makeProject, makeUser } from "../helpers/factories";

let handle: DatabaseHandle & { label: string };
const db = () => handle.db;
let owner: User;
let ownerToken: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  useDatabaseHandleForProcess(handle);
  owner = await makeUser(db(), "Members owner");
  ownerToken = await tokenFor(db(), owner.id);
});
afterAll(async () => handle?.close());

async function setup() {
  const project = await makeProject(db(), owner.id);
  const projectId = project.id;
  const base = `/api/v1/projects/${projectId}/members`;
  const add = (email: string, role: string, token = ownerToken) =>
    call(addMember, { method: "POST", path: base, params: { projectId }, token, body: { email, role } });
  const setRole = (userId: string, role: string, token = ownerToken) =>
    call(patchMember, { method: "PATCH", path: `${base}/${userId}`, params: { projectId, userId }, token, body: { role } });
  const remove = (userId: string, token = ownerToken) =>
    call(removeMember, { method: "DELETE", path: `${base}/${userId}`, params: { projectId, userId }, token });
  const list = (token = ownerToken) => call(listMembers, { path: base, params: { projectId }, token });
  return { projectId, add, setRole, remove, list };
}

describe("members API", () => {
  it("lists members with role and no secrets", async () => {
    const { list } = await setup();
    const res = await list();
    expect(res.status).toBe(200);
    expect(res.body).toEqual([{ userId: owner.id, name: "Members owner", email: owner.email, role: "owner", createdAt: expect.any(String) }]);
  });

  it("adds an existing account by email (201), refuses an unknown email (404) and a duplicate (409)", async () => {
    const { projectId, add, list } = await setup();
    const coder = await makeUser(db(), "New coder");
    const added = await add(coder.email!.toUpperCase(), "coder");
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ userId: coder.id, name: "New coder", email: coder.email, role: "coder" });

    const unknown = await add("never.signed.up@example.org", "viewer");
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toMatch(/never\.signed\.up@example\.org/);
    const duplicate = await add(coder.email!, "viewer");
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.message).toMatch(/already a member/);

    expect((await add(coder.email!, "admin")).status).toBe(400);
    expect((await add("not-an-email", "viewer")).status).toBe(400);
    expect((await list()).body).toHaveLength(2);
    expect((await getEventsByProjectId(db(), { projectId })).filter((e) => e.type === "member.added")).toHaveLength(2);

    // The new coder reads the list but may not manage it.
    const coderToken = await tokenFor(db(), coder.id);
    expect((await list(coderToken)).status).toBe(200);
    const stranger = await makeUser(db(), "Stranger");
    expect((await add(stranger.email!, "viewer", coderToken)).status).toBe(403);
  });

  it("changes a role and answers with the member", async () => {
    const { add, setRole } = await setup();
    const person = await makeUser(db(), "Promoted");
    await add(person.email!, "viewer");
    const res = await setRole(person.id, "coder");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ userId: person.id, role: "coder" });
    expect((await setRole(person.id, "superuser")).status).toBe(400);
  });

  it("refuses to demote or remove the last owner (409), allows it once there is another", async () => {
    const { projectId, add, setRole, remove } = await setup();
    const demote = await setRole(owner.id, "coder");
    expect(demote.status).toBe(409);
    expect(demote.body.error).toMatchObject({ code: "conflict", message: expect.stringMatching(/at least one owner/) });
    const leave = await remove(owner.id);
    expect(leave.status).toBe(409);
    expect(leave.body.error.message).toMatch(/at least one owner/);

    const second = await makeUser(db(), "Second owner");
    await add(second.email!, "owner");
    const secondToken = await tokenFor(db(), second.id);
    expect((await setRole(owner.id, "viewer", secondToken)).status).toBe(200);
    // The first owner is a viewer now and may manage nothing.
    expect((await remove(second.id)).status).toBe(403);
    expect((await remove(second.id, secondToken)).status).toBe(409);
    const removed = await remove(owner.id, secondToken);
    expect(removed.status).toBe(204);
    expect(removed.text).toBe("");
    expect((await getMembersByProjectId(db(), { projectId })).map((m) => [m.userId, m.role])).toEqual([[second.id, "owner"]]);
  });

  it("answers 404 for someone who is not a member, or a malformed user id", async () => {
    const { setRole, remove } = await setup();
    const outsider = await makeUser(db(), "Not in it");
    expect((await setRole(outsider.id, "coder")).status).toBe(404);
    expect((await remove(outsider.id)).status).toBe(404);
    const malformed = await setRole("not-a-uuid", "coder");
    expect(malformed.status).toBe(404);
    expect(malformed.body.error.code).toBe("not_found");
    expect((await remove("42")).status).toBe(404);
  });
});
