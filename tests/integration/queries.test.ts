import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { getCodesByProjectId } from "@/db/queries/codes";
import { getEventsByProjectId } from "@/db/queries/events";
import { addMember, getMemberByUserId, getMembersByProjectId, removeMember, updateMemberRole } from "@/db/queries/members";
import { deleteProject, getProjectById, getProjectMembership, getProjectsByUserId, updateProject } from "@/db/queries/projects";
import { DEFAULT_CODEBOOK } from "@/lib/codebook/default-codebook";
import { AppError } from "@/lib/errors";
import { PERMISSION_LABELS } from "@/lib/permissions";
import { requireProjectRole } from "@/lib/server/guard";
import { createTestDatabase } from "../helpers/db";
import { makeProject, makeUser } from "../helpers/factories";
import { insertCodings, insertDocument, lastEventId } from "../helpers/rows";

let handle: DatabaseHandle & { label: string };
const db = () => handle.db;

beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => handle?.close());

/** Asserts that `promise` fails with an AppError of `code`, and returns it. */
async function expectAppError(promise: Promise<unknown>, code: AppError["code"]): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  return error as AppError;
}

async function newEvents(projectId: string, afterId: number) {
  return (await getEventsByProjectId(db(), { projectId, afterId })).map((e) => e.type);
}

describe("projects", () => {
  it("creates a project with its owner and the default codebook, logging each step", async () => {
    const owner = await makeUser(db(), "Owner");
    const project = await makeProject(db(), owner.id, "  Treaty study  ");
    expect(project.name).toBe("Treaty study");
    expect(project.mode).toBe("open");
    expect(await getProjectMembership(db(), { projectId: project.id, userId: owner.id })).toMatchObject({ role: "owner" });

    const codes = await getCodesByProjectId(db(), { projectId: project.id });
    expect(codes).toHaveLength(3);
    expect(codes.map((c) => c.name)).toEqual(["pressure", "sovereignty claim", "reward"]);
    for (const [i, seed] of DEFAULT_CODEBOOK.entries()) {
      expect(codes[i]).toMatchObject({ ...seed, parentId: null, path: seed.name, depth: 0, position: i, createdBy: owner.id });
    }
    expect(codes[0]!.definition).toMatch(/^Demands, criticism, conditions or coercion/);

    expect(await newEvents(project.id, 0)).toEqual(["project.created", "member.added", "code.created", "code.created", "code.created"]);
  });

  it("lists a user's projects with role and counts", async () => {
    const owner = await makeUser(db(), "Lister");
    const coder = await makeUser(db(), "Lister coder");
    const a = await makeProject(db(), owner.id, "A");
    const b = await makeProject(db(), coder.id, "B");
    await addMember(db(), { projectId: b.id, email: owner.email!, role: "viewer", actorId: coder.id });
    const doc = await insertDocument(db(), a.id);
    const [code] = await getCodesByProjectId(db(), { projectId: a.id });
    await insertCodings(db(), { projectId: a.id, document: doc, coderId: owner.id, spans: [{ codeId: code!.id, start: 0, end: 3 }] });

    const list = await getProjectsByUserId(db(), { userId: owner.id });
    const byName = Object.fromEntries(list.map((p) => [p.name, p]));
    expect(Object.keys(byName).sort()).toEqual(["A", "B"]);
    expect(byName.A).toMatchObject({ role: "owner", documentCount: 1, codingCount: 1, memberCount: 1 });
    expect(byName.B).toMatchObject({ role: "viewer", documentCount: 0, codingCount: 0, memberCount: 2 });
    expect(await getProjectsByUserId(db(), { userId: (await makeUser(db(), "Nobody")).id })).toEqual([]);
  });

  it("updates name, mode and reveal as separate events; no change writes nothing", async () => {
    const owner = await makeUser(db(), "Updater");
    const project = await makeProject(db(), owner.id);
    let mark = await lastEventId(db(), project.id);
    const renamed = await updateProject(db(), { projectId: project.id, actorId: owner.id, patch: { name: "Renamed", description: "About" } });
    expect(renamed).toMatchObject({ name: "Renamed", description: "About", version: 2 });
    expect(await newEvents(project.id, mark)).toEqual(["project.updated"]);

    mark = await lastEventId(db(), project.id);
    const blind = await updateProject(db(), { projectId: project.id, actorId: owner.id, patch: { mode: "blind" } });
    expect(blind).toMatchObject({ mode: "blind", revealed: false });
    const revealed = await updateProject(db(), { projectId: project.id, actorId: owner.id, patch: { revealed: true } });
    expect(revealed.revealed).toBe(true);
    expect(await newEvents(project.id, mark)).toEqual(["project.mode_changed", "project.revealed"]);

    mark = await lastEventId(db(), project.id);
    const same = await updateProject(db(), { projectId: project.id, actorId: owner.id, patch: { name: "Renamed" } });
    expect(same.version).toBe(revealed.version);
    expect(await newEvents(project.id, mark)).toEqual([]);
  });

  it("deletes a project with its rows; the deletion event outlives it", async () => {
    const owner = await makeUser(db(), "Deleter");
    const project = await makeProject(db(), owner.id);
    await insertDocument(db(), project.id);
    await deleteProject(db(), { projectId: project.id, actorId: owner.id });
    expect(await getProjectById(db(), { projectId: project.id })).toBeUndefined();
    expect(await getCodesByProjectId(db(), { projectId: project.id })).toEqual([]);
    expect((await newEvents(project.id, 0)).at(-1)).toBe("project.deleted");
    await expectAppError(deleteProject(db(), { projectId: project.id, actorId: owner.id }), "not_found");
  });
});

describe("members", () => {
  it("adds a member by email (any case), once; unknown emails and duplicates are refused without an event", async () => {
    const owner = await makeUser(db(), "Member owner");
    const coder = await makeUser(db(), "Member coder");
    const project = await makeProject(db(), owner.id);
    let mark = await lastEventId(db(), project.id);

    const added = await addMember(db(), { projectId: project.id, email: `  ${coder.email!.toUpperCase()} `, role: "coder", actorId: owner.id });
    expect(added).toMatchObject({ userId: coder.id, name: "Member coder", email: coder.email, role: "coder" });
    expect(await newEvents(project.id, mark)).toEqual(["member.added"]);

    mark = await lastEventId(db(), project.id);
    const unknown = await expectAppError(
      addMember(db(), { projectId: project.id, email: "nobody.here@example.org", role: "viewer", actorId: owner.id }),
      "not_found",
    );
    expect(unknown.message).toContain("nobody.here@example.org");
    const duplicate = await expectAppError(addMember(db(), { projectId: project.id, email: coder.email!, role: "viewer", actorId: owner.id }), "conflict");
    expect(duplicate.message).toMatch(/already a member/);
    expect(await getMemberByUserId(db(), { projectId: project.id, userId: coder.id })).toMatchObject({ role: "coder" });
    expect(await newEvents(project.id, mark)).toEqual([]);
    expect((await getMembersByProjectId(db(), { projectId: project.id })).map((m) => m.role)).toEqual(["owner", "coder"]);
  });

  it("never demotes or removes the last owner", async () => {
    const owner = await makeUser(db(), "Sole owner");
    const project = await makeProject(db(), owner.id);
    const mark = await lastEventId(db(), project.id);
    const demote = await expectAppError(updateMemberRole(db(), { projectId: project.id, userId: owner.id, role: "coder", actorId: owner.id }), "conflict");
    expect(demote.message).toMatch(/at least one owner/);
    const remove = await expectAppError(removeMember(db(), { projectId: project.id, userId: owner.id, actorId: owner.id }), "conflict");
    expect(remove.message).toMatch(/at least one owner/);
    expect(await getMemberByUserId(db(), { projectId: project.id, userId: owner.id })).toMatchObject({ role: "owner" });
    expect(await newEvents(project.id, mark)).toEqual([]);
  });

  it("demotes or removes an owner once there is another, logging each change", async () => {
    const first = await makeUser(db(), "First owner");
    const second = await makeUser(db(), "Second owner");
    const project = await makeProject(db(), first.id);
    await addMember(db(), { projectId: project.id, email: second.email!, role: "coder", actorId: first.id });
    const mark = await lastEventId(db(), project.id);

    await updateMemberRole(db(), { projectId: project.id, userId: second.id, role: "owner", actorId: first.id });
    await updateMemberRole(db(), { projectId: project.id, userId: second.id, role: "owner", actorId: first.id }); // no change, no event
    await updateMemberRole(db(), { projectId: project.id, userId: first.id, role: "viewer", actorId: second.id });
    await expectAppError(updateMemberRole(db(), { projectId: project.id, userId: second.id, role: "coder", actorId: second.id }), "conflict");
    await removeMember(db(), { projectId: project.id, userId: first.id, actorId: second.id });
    await expectAppError(removeMember(db(), { projectId: project.id, userId: first.id, actorId: second.id }), "not_found");
    await expectAppError(updateMemberRole(db(), { projectId: project.id, userId: first.id, role: "coder", actorId: second.id }), "not_found");

    const events = await getEventsByProjectId(db(), { projectId: project.id, afterId: mark });
    expect(events.map((e) => e.type)).toEqual(["member.role_changed", "member.role_changed", "member.removed"]);
    expect(events[1]).toMatchObject({ actorId: second.id, entityType: "member", entityId: first.id, before: { role: "owner" }, after: { role: "viewer" } });
    expect((await getMembersByProjectId(db(), { projectId: project.id })).map((m) => [m.userId, m.role])).toEqual([[second.id, "owner"]]);
  });
});

describe("requireProjectRole (the guard's membership and role check)", () => {
  it("answers not_found to non-members and malformed ids, forbidden to a role too low", async () => {
    const owner = await makeUser(db(), "Guard owner");
    const viewer = await makeUser(db(), "Guard viewer");
    const outsider = await makeUser(db(), "Guard outsider");
    const project = await makeProject(db(), owner.id);
    await addMember(db(), { projectId: project.id, email: viewer.email!, role: "viewer", actorId: owner.id });

    expect(await requireProjectRole(db(), owner, project.id, "project.delete")).toMatchObject({ role: "owner", project: { id: project.id } });
    expect(await requireProjectRole(db(), viewer, project.id, "codes.read")).toMatchObject({ role: "viewer" });

    const forbidden = await expectAppError(requireProjectRole(db(), viewer, project.id, "codes.create"), "forbidden");
    expect(forbidden.message).toBe(`Your role in this project (viewer) does not allow you to ${PERMISSION_LABELS["codes.create"]}.`);
    await expectAppError(requireProjectRole(db(), outsider, project.id, "project.read"), "not_found");
    await expectAppError(requireProjectRole(db(), outsider, project.id, "project.delete"), "not_found");
    await expectAppError(requireProjectRole(db(), owner, "not-a-uuid", "project.read"), "not_found");
    await expectAppError(requireProjectRole(db(), owner, "00000000-0000-4000-8000-000000000000", "project.read"), "not_found");
  });
});
