import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useDatabaseHandleForProcess, type DatabaseHandle } from "@/db/client";
import { getEventsByProjectId } from "@/db/queries/events";
import { addMember } from "@/db/queries/members";
import { getProjectById } from "@/db/queries/projects";
import type { User } from "@/db/schema";
import { GET as listProjects, POST as createProject } from "@/app/api/v1/projects/route";
import { DELETE as deleteProject, GET as getProject, PATCH as patchProject } from "@/app/api/v1/projects/[projectId]/route";
import { GET as listCodes } from "@/app/api/v1/projects/[projectId]/codes/route";
import { call, tokenFor } from "../helpers/api";
import { createTestDatabase } from "../helpers/db";
import { makeUser } from "../helpers/factories";

let handle: DatabaseHandle & { label: string };
const db = () => handle.db;
let owner: User, coder: User, viewer: User;
let ownerToken: string, coderToken: string, viewerToken: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  useDatabaseHandleForProcess(handle);
  [owner, coder, viewer] = await Promise.all([makeUser(db(), "Proj owner"), makeUser(db(), "Proj coder"), makeUser(db(), "Proj viewer")]);
  [ownerToken, coderToken, viewerToken] = await Promise.all([tokenFor(db(), owner.id), tokenFor(db(), coder.id), tokenFor(db(), viewer.id)]);
});
afterAll(async () => handle?.close());

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** A project made through the API, with the coder and viewer added. */
async function newProject(name = "API project", mode?: "open" | "blind") {
  const res = await call(createProject, { method: "POST", path: "/api/v1/projects", token: ownerToken, body: { name, mode } });
  expect(res.status).toBe(201);
  await addMember(db(), { projectId: res.body.id, email: coder.email!, role: "coder", actorId: owner.id });
  await addMember(db(), { projectId: res.body.id, email: viewer.email!, role: "viewer", actorId: owner.id });
  return res.body as { id: string; name: string; version: number };
}

const path = (id: string) => `/api/v1/projects/${id}`;
const patch = (id: string, token: string, body: unknown) => call(patchProject, { method: "PATCH", path: path(id), params: { projectId: id }, token, body });

describe("POST /api/v1/projects", () => {
  it("creates a project owned by the caller with the default codebook", async () => {
    const res = await call(createProject, { method: "POST", path: "/api/v1/projects", token: coderToken, body: { name: "  Mine  ", mode: "blind" } });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: "Mine",
      description: "",
      mode: "blind",
      revealed: false,
      version: 1,
      createdAt: expect.stringMatching(ISO),
      updatedAt: expect.stringMatching(ISO),
      role: "owner",
    });
    const codes = await call(listCodes, { path: `${path(res.body.id)}/codes`, params: { projectId: res.body.id }, token: coderToken });
    expect(codes.body.map((c: { path: string }) => c.path)).toEqual(["pressure", "sovereignty claim", "reward"]);
  });

  it("defaults to open mode and validates the name and mode", async () => {
    const open = await call(createProject, { method: "POST", path: "/api/v1/projects", token: ownerToken, body: { name: "Open one" } });
    expect(open.body.mode).toBe("open");
    for (const body of [{ name: "   " }, {}, { name: "x", mode: "secret" }, { name: "x".repeat(201) }]) {
      const res = await call(createProject, { method: "POST", path: "/api/v1/projects", token: ownerToken, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe("bad_request");
    }
    const mode = await call(createProject, { method: "POST", path: "/api/v1/projects", token: ownerToken, body: { name: "x", mode: "secret" } });
    expect(mode.body.error.message).toBe("mode: Mode is either open or blind.");
  });
});

describe("GET /api/v1/projects", () => {
  it("lists only the caller's projects, with role and counts", async () => {
    const project = await newProject("Listed");
    const outsider = await makeUser(db(), "Lonely");
    const mine = await call(listProjects, { path: "/api/v1/projects", token: viewerToken });
    expect(mine.status).toBe(200);
    const entry = mine.body.find((p: { id: string }) => p.id === project.id);
    expect(entry).toMatchObject({ name: "Listed", role: "viewer", documentCount: 0, codingCount: 0, memberCount: 3, createdAt: expect.stringMatching(ISO) });
    const theirs = await call(listProjects, { path: "/api/v1/projects", token: await tokenFor(db(), outsider.id) });
    expect(theirs.body).toEqual([]);
  });
});

describe("GET /api/v1/projects/:projectId", () => {
  it("reads the project with the caller's role", async () => {
    const project = await newProject("Readable");
    for (const [token, role] of [[ownerToken, "owner"], [coderToken, "coder"], [viewerToken, "viewer"]] as const) {
      const res = await call(getProject, { path: path(project.id), params: { projectId: project.id }, token });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: project.id, name: "Readable", role });
    }
  });
});

describe("PATCH /api/v1/projects/:projectId", () => {
  it("lets the owner rename, describe, switch mode and reveal", async () => {
    const project = await newProject("Before");
    const renamed = await patch(project.id, ownerToken, { name: "After", description: "What it is about" });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: "After", description: "What it is about", version: 2, role: "owner" });
    const blind = await patch(project.id, ownerToken, { mode: "blind" });
    expect(blind.body).toMatchObject({ mode: "blind", revealed: false });
    const revealed = await patch(project.id, ownerToken, { revealed: true });
    expect(revealed.body).toMatchObject({ mode: "blind", revealed: true });
    const types = (await getEventsByProjectId(db(), { projectId: project.id })).map((e) => e.type);
    expect(types.slice(-3)).toEqual(["project.updated", "project.mode_changed", "project.revealed"]);
  });

  it.each([
    ["rename", { name: "Coder's name" }, /rename the project/],
    ["describe", { description: "Coder's words" }, /rename the project/],
    ["switch mode", { mode: "blind" }, /change the project's coding mode/],
    ["reveal", { revealed: true }, /reveal blind codings/],
  ])("answers 403 when a coder or viewer tries to %s, changing nothing", async (_label, body, message) => {
    const project = await newProject("Guarded");
    for (const [token, role] of [[coderToken, "coder"], [viewerToken, "viewer"]] as const) {
      const res = await patch(project.id, token, body);
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe("forbidden");
      expect(res.body.error.message).toMatch(new RegExp(`\\(${role}\\)`));
      expect(res.body.error.message).toMatch(message);
    }
    expect(await getProjectById(db(), { projectId: project.id })).toMatchObject({ name: "Guarded", version: 1 });
  });

  it("applies several kinds of change in one request, each checked and logged", async () => {
    const project = await newProject("Mixed");
    const res = await patch(project.id, ownerToken, { name: "Mixed 2", mode: "blind", revealed: true });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: "Mixed 2", mode: "blind", revealed: true, version: 2 });
    const types = (await getEventsByProjectId(db(), { projectId: project.id })).map((e) => e.type);
    expect(types.slice(-2)).toEqual(["project.updated", "project.mode_changed"]);
    // A coder asking for a rename and a reveal together is refused as a whole.
    expect((await patch(project.id, coderToken, { name: "Coder", revealed: false })).status).toBe(403);
    expect(await getProjectById(db(), { projectId: project.id })).toMatchObject({ name: "Mixed 2", revealed: true });
  });

  it("answers 400 to an empty or invalid change", async () => {
    const project = await newProject("Invalid");
    const empty = await patch(project.id, ownerToken, {});
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toMatch(/Nothing to change/);
    expect((await patch(project.id, ownerToken, { name: "" })).status).toBe(400);
    expect((await patch(project.id, ownerToken, { revealed: "yes" })).status).toBe(400);
  });
});

describe("DELETE /api/v1/projects/:projectId", () => {
  it("is the owner's alone; afterwards the project is gone (404)", async () => {
    const project = await newProject("Doomed");
    for (const token of [coderToken, viewerToken]) {
      const res = await call(deleteProject, { method: "DELETE", path: path(project.id), params: { projectId: project.id }, token });
      expect(res.status).toBe(403);
    }
    const res = await call(deleteProject, { method: "DELETE", path: path(project.id), params: { projectId: project.id }, token: ownerToken });
    expect(res.status).toBe(204);
    expect(res.text).toBe("");
    const gone = await call(getProject, { path: path(project.id), params: { projectId: project.id }, token: ownerToken });
    expect(gone.status).toBe(404);
    expect(await getProjectById(db(), { projectId: project.id })).toBeUndefined();
  });
});
