import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useDatabaseHandleForProcess, type DatabaseHandle } from "@/db/client";
import { getCodesByProjectId } from "@/db/queries/codes";
import { addMember } from "@/db/queries/members";
import type { User } from "@/db/schema";
import * as projectsRoute from "@/app/api/v1/projects/route";
import * as projectRoute from "@/app/api/v1/projects/[projectId]/route";
import * as membersRoute from "@/app/api/v1/projects/[projectId]/members/route";
import * as memberRoute from "@/app/api/v1/projects/[projectId]/members/[userId]/route";
import * as codesRoute from "@/app/api/v1/projects/[projectId]/codes/route";
import * as codeRoute from "@/app/api/v1/projects/[projectId]/codes/[codeId]/route";
import * as tokensRoute from "@/app/api/v1/tokens/route";
import * as documentsRoute from "@/app/api/v1/projects/[projectId]/documents/route";
import * as documentRoute from "@/app/api/v1/projects/[projectId]/documents/[documentId]/route";
import * as originalRoute from "@/app/api/v1/projects/[projectId]/documents/[documentId]/original/route";
import * as attributesRoute from "@/app/api/v1/projects/[projectId]/attributes/route";
import * as attributeRoute from "@/app/api/v1/projects/[projectId]/attributes/[attributeId]/route";
import * as attributeValuesRoute from "@/app/api/v1/projects/[projectId]/attributes/values/route";
import * as activityRoute from "@/app/api/v1/projects/[projectId]/activity/route";
import * as codingHistoryRoute from "@/app/api/v1/projects/[projectId]/codings/[codingId]/history/route";
import * as codingRestoreRoute from "@/app/api/v1/projects/[projectId]/codings/[codingId]/restore/route";
import * as assignmentsRoute from "@/app/api/v1/projects/[projectId]/assignments/route";
import * as eventsRoute from "@/app/api/v1/projects/[projectId]/events/route";
import * as agreementRoute from "@/app/api/v1/projects/[projectId]/agreement/route";
import * as matrixRoute from "@/app/api/v1/projects/[projectId]/matrix/route";
import * as exportRoute from "@/app/api/v1/projects/[projectId]/export/route";
import * as searchRoute from "@/app/api/v1/projects/[projectId]/search/route";
import * as autocodeRoute from "@/app/api/v1/projects/[projectId]/autocode/route";
import * as autocodeUndoRoute from "@/app/api/v1/projects/[projectId]/autocode/[batchId]/route";
import * as suggesterRoute from "@/app/api/v1/projects/[projectId]/suggester/route";
import * as suggestionsRoute from "@/app/api/v1/projects/[projectId]/suggestions/route";
import * as dismissRoute from "@/app/api/v1/projects/[projectId]/suggestions/[suggestionId]/dismiss/route";
import { createCoding } from "@/db/queries/codings";
import { createAttributeDefinition } from "@/db/queries/attributes";
import { importDocument } from "@/lib/server/documents";
import { call, tokenFor, type RouteHandler } from "../helpers/api";
import { createTestDatabase } from "../helpers/db";
import { makeProject, makeUser } from "../helpers/factories";

/**
 * Access rules over every project route of the API at once: a non-member learns nothing (404),
 * a malformed id is a 404 (not a 500), a viewer may not write (403), a broken body is a 400.
 */
let handle: DatabaseHandle & { label: string };
const db = () => handle.db;
let owner: User, viewer: User, outsider: User;
let tokens: { owner: string; viewer: string; outsider: string };
let projectId: string;
let codeId: string;
let documentId: string;
let attributeId: string;
let codingId: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  useDatabaseHandleForProcess(handle);
  [owner, viewer, outsider] = await Promise.all([makeUser(db(), "Access owner"), makeUser(db(), "Access viewer"), makeUser(db(), "Access outsider")]);
  tokens = { owner: await tokenFor(db(), owner.id), viewer: await tokenFor(db(), viewer.id), outsider: await tokenFor(db(), outsider.id) };
  const project = await makeProject(db(), owner.id, "Private study");
  projectId = project.id;
  await addMember(db(), { projectId, email: viewer.email!, role: "viewer", actorId: owner.id });
  codeId = (await getCodesByProjectId(db(), { projectId }))[0]!.id;
  const imported = await importDocument(db(), {
    projectId,
    actorId: owner.id,
    source: { kind: "file", bytes: new TextEncoder().encode("A private source.\n\nSecond paragraph."), fileName: "private.txt" },
    duplicates: "refuse",
  });
  if (imported.skipped) throw new Error("unexpected skip");
  documentId = imported.document.id;
  codingId = (await createCoding(db(), { projectId, documentId, codeId, coderId: owner.id, start: 0, end: 9 })).id;
  attributeId = (await createAttributeDefinition(db(), { projectId, actorId: owner.id, name: "Year", type: "number" })).id;
});
afterAll(async () => handle?.close());

type Endpoint = { label: string; handler: RouteHandler; method: string; params: () => Record<string, string>; body?: () => unknown; write: boolean; query?: string | (() => string) };

const ENDPOINTS: Endpoint[] = [
  { label: "GET project", handler: projectRoute.GET, method: "GET", params: () => ({ projectId }), write: false },
  { label: "PATCH project", handler: projectRoute.PATCH, method: "PATCH", params: () => ({ projectId }), body: () => ({ name: "Hijacked" }), write: true },
  { label: "PATCH project mode", handler: projectRoute.PATCH, method: "PATCH", params: () => ({ projectId }), body: () => ({ mode: "blind" }), write: true },
  { label: "PATCH project reveal", handler: projectRoute.PATCH, method: "PATCH", params: () => ({ projectId }), body: () => ({ revealed: true }), write: true },
  { label: "DELETE project", handler: projectRoute.DELETE, method: "DELETE", params: () => ({ projectId }), write: true },
  { label: "GET members", handler: membersRoute.GET, method: "GET", params: () => ({ projectId }), write: false },
  { label: "POST members", handler: membersRoute.POST, method: "POST", params: () => ({ projectId }), body: () => ({ email: outsider.email, role: "owner" }), write: true },
  { label: "PATCH member", handler: memberRoute.PATCH, method: "PATCH", params: () => ({ projectId, userId: viewer.id }), body: () => ({ role: "owner" }), write: true },
  { label: "DELETE member", handler: memberRoute.DELETE, method: "DELETE", params: () => ({ projectId, userId: owner.id }), write: true },
  { label: "GET codes", handler: codesRoute.GET, method: "GET", params: () => ({ projectId }), write: false },
  { label: "POST codes", handler: codesRoute.POST, method: "POST", params: () => ({ projectId }), body: () => ({ name: "intruder" }), write: true },
  { label: "GET code", handler: codeRoute.GET, method: "GET", params: () => ({ projectId, codeId }), write: false },
  { label: "PATCH code", handler: codeRoute.PATCH, method: "PATCH", params: () => ({ projectId, codeId }), body: () => ({ name: "renamed" }), write: true },
  { label: "DELETE code", handler: codeRoute.DELETE, method: "DELETE", params: () => ({ projectId, codeId }), body: () => ({ codings: "delete" }), write: true },
  { label: "GET documents", handler: documentsRoute.GET, method: "GET", params: () => ({ projectId }), write: false },
  { label: "POST documents", handler: documentsRoute.POST, method: "POST", params: () => ({ projectId }), body: () => ({ title: "Intruder", text: "Planted text." }), write: true },
  { label: "GET document", handler: documentRoute.GET, method: "GET", params: () => ({ projectId, documentId }), write: false },
  { label: "PATCH document", handler: documentRoute.PATCH, method: "PATCH", params: () => ({ projectId, documentId }), body: () => ({ title: "Renamed" }), write: true },
  { label: "DELETE document", handler: documentRoute.DELETE, method: "DELETE", params: () => ({ projectId, documentId }), write: true },
  { label: "GET original", handler: originalRoute.GET, method: "GET", params: () => ({ projectId, documentId }), write: false },
  { label: "GET attributes", handler: attributesRoute.GET, method: "GET", params: () => ({ projectId }), write: false },
  { label: "POST attributes", handler: attributesRoute.POST, method: "POST", params: () => ({ projectId }), body: () => ({ name: "Planted", type: "text" }), write: true },
  { label: "DELETE attribute", handler: attributeRoute.DELETE, method: "DELETE", params: () => ({ projectId, attributeId }), write: true },
  { label: "GET assignments", handler: assignmentsRoute.GET, method: "GET", params: () => ({ projectId }), write: false },
  { label: "POST assignments", handler: assignmentsRoute.POST, method: "POST", params: () => ({ projectId }), body: () => ({ documentIds: [documentId], userIds: [owner.id] }), write: true },
  { label: "GET agreement", handler: agreementRoute.GET, method: "GET", params: () => ({ projectId }), write: false },
  { label: "GET matrix", handler: matrixRoute.GET, method: "GET", params: () => ({ projectId }), write: false, query: "kind=code-document" },
  { label: "GET export", handler: exportRoute.GET, method: "GET", params: () => ({ projectId }), write: false, query: "format=csv" },
  { label: "GET search", handler: searchRoute.GET, method: "GET", params: () => ({ projectId }), write: false, query: "q=private" },
  { label: "POST autocode", handler: autocodeRoute.POST, method: "POST", params: () => ({ projectId }), body: () => ({ q: "private", mode: "words", codeId, extent: "match" }), write: true },
  { label: "GET suggester", handler: suggesterRoute.GET, method: "GET", params: () => ({ projectId }), write: false },
  { label: "POST suggester", handler: suggesterRoute.POST, method: "POST", params: () => ({ projectId }), body: () => ({}), write: true },
  { label: "GET suggestions", handler: suggestionsRoute.GET, method: "GET", params: () => ({ projectId }), write: false, query: () => `documentId=${documentId}` },
  { label: "POST dismiss suggestion", handler: dismissRoute.POST, method: "POST", params: () => ({ projectId, suggestionId: "1" }), write: true },
  { label: "DELETE autocode", handler: autocodeUndoRoute.DELETE, method: "DELETE", params: () => ({ projectId, batchId: "00000000-0000-4000-8000-000000000001" }), write: true },
  { label: "GET activity", handler: activityRoute.GET, method: "GET", params: () => ({ projectId }), write: false },
  { label: "GET coding history", handler: codingHistoryRoute.GET, method: "GET", params: () => ({ projectId, codingId }), write: false },
  { label: "POST coding restore", handler: codingRestoreRoute.POST, method: "POST", params: () => ({ projectId, codingId }), write: true },
  {
    label: "PATCH attribute values",
    handler: attributeValuesRoute.PATCH,
    method: "PATCH",
    params: () => ({ projectId }),
    body: () => [{ documentId, attributes: { Year: 1066 } }],
    write: true,
  },
];

const send = (endpoint: Endpoint, token: string, params = endpoint.params(), rawBody?: string) =>
  call(endpoint.handler, {
    method: endpoint.method,
    path: `/api/v1/projects/${params.projectId}${endpoint.query ? `?${typeof endpoint.query === "function" ? endpoint.query() : endpoint.query}` : ""}`,
    params,
    token,
    body: rawBody === undefined ? endpoint.body?.() : undefined,
    rawBody,
  });

async function projectUnchanged() {
  const res = await call(projectRoute.GET, { path: "", params: { projectId }, token: tokens.owner });
  expect(res.body).toMatchObject({ name: "Private study", mode: "open", revealed: false, version: 1 });
  const codes = await getCodesByProjectId(db(), { projectId });
  expect(codes.map((c) => [c.name, c.version])).toEqual([["pressure", 1], ["sovereignty claim", 1], ["reward", 1]]);
  const members = await call(membersRoute.GET, { path: "", params: { projectId }, token: tokens.owner });
  expect(members.body.map((m: { role: string }) => m.role)).toEqual(["owner", "viewer"]);
  const docs = await call(documentsRoute.GET, { path: "", params: { projectId }, token: tokens.owner });
  expect(docs.body.map((d: { title: string; version: number; attributes: object }) => [d.title, d.version, d.attributes])).toEqual([["private", 1, {}]]);
  const attributes = await call(attributesRoute.GET, { path: "", params: { projectId }, token: tokens.owner });
  expect(attributes.body.map((a: { name: string }) => a.name)).toEqual(["Year"]);
}

describe("every project route", () => {
  it.each(ENDPOINTS.map((e) => [e.label, e] as const))("%s: a non-member gets 404 and learns nothing", async (_label, endpoint) => {
    const res = await send(endpoint, tokens.outsider);
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: "not_found", message: "Project not found." } });
    await projectUnchanged();
  });

  it.each(ENDPOINTS.map((e) => [e.label, e] as const))("%s: a malformed or unknown project id is 404, not 500", async (_label, endpoint) => {
    for (const bad of ["not-a-uuid", "1", "00000000-0000-4000-8000-000000000000", "'; drop table projects; --"]) {
      const res = await send(endpoint, tokens.owner, { ...endpoint.params(), projectId: bad });
      expect(res.status, bad).toBe(404);
      expect(res.body.error.code).toBe("not_found");
    }
  });

  it.each(ENDPOINTS.filter((e) => e.write).map((e) => [e.label, e] as const))("%s: a viewer gets 403", async (_label, endpoint) => {
    const res = await send(endpoint, tokens.viewer);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("forbidden");
    expect(res.body.error.message).toMatch(/^Your role in this project \(viewer\) does not allow you to /);
    await projectUnchanged();
  });

  it.each(ENDPOINTS.filter((e) => !e.write).map((e) => [e.label, e] as const))("%s: a viewer may read", async (_label, endpoint) => {
    expect((await send(endpoint, tokens.viewer)).status).toBe(200);
  });

  it.each(ENDPOINTS.map((e) => [e.label, e] as const))("%s: no token or a bad one is 401", async (_label, endpoint) => {
    expect((await send(endpoint, "")).status).toBe(401);
    expect((await send(endpoint, "qc_wrong")).status).toBe(401);
  });

  it.each(ENDPOINTS.filter((e) => e.body).map((e) => [e.label, e] as const))("%s: a body that is not JSON is 400", async (_label, endpoint) => {
    for (const raw of ["{", "not json", '{"name": }']) {
      const res = await send(endpoint, tokens.owner, endpoint.params(), raw);
      expect(res.status).toBe(400);
      expect(res.body.error).toEqual({ code: "bad_request", message: "The request body is not valid JSON." });
    }
    await projectUnchanged();
  });
});

describe("the API's route files", () => {
  it("are all dynamic and only export handlers built by the guard", async () => {
    const modules = [
      projectsRoute,
      projectRoute,
      membersRoute,
      memberRoute,
      codesRoute,
      codeRoute,
      tokensRoute,
      documentsRoute,
      documentRoute,
      originalRoute,
      attributesRoute,
      attributeRoute,
      attributeValuesRoute,
      activityRoute,
      assignmentsRoute,
      eventsRoute,
      agreementRoute,
      matrixRoute,
      exportRoute,
      searchRoute,
      autocodeRoute,
      autocodeUndoRoute,
      suggesterRoute,
      suggestionsRoute,
      dismissRoute,
      codingHistoryRoute,
      codingRestoreRoute,
    ];
    for (const mod of modules) {
      expect(mod.dynamic).toBe("force-dynamic");
      for (const [name, value] of Object.entries(mod)) {
        if (name === "dynamic") continue;
        expect(["GET", "POST", "PATCH", "DELETE"]).toContain(name);
        expect(value).toBeTypeOf("function");
      }
    }
  });

  it("live at the paths the API documents", () => {
    const root = path.resolve(import.meta.dirname, "../../app/api/v1");
    const found: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir)) {
        const full = path.join(dir, entry);
        if (statSync(full).isDirectory()) walk(full);
        else if (entry === "route.ts") found.push(path.relative(root, full));
      }
    };
    walk(root);
    expect(found.sort()).toEqual(expect.arrayContaining([
      "projects/[projectId]/attributes/[attributeId]/route.ts",
      "projects/[projectId]/attributes/route.ts",
      "projects/[projectId]/attributes/values/route.ts",
      "projects/[projectId]/activity/route.ts",
      "projects/[projectId]/agreement/route.ts",
      "projects/[projectId]/matrix/route.ts",
      "projects/[projectId]/search/route.ts",
      "projects/[projectId]/autocode/route.ts",
      "projects/[projectId]/autocode/[batchId]/route.ts",
      "projects/[projectId]/suggester/route.ts",
      "projects/[projectId]/suggestions/route.ts",
      "projects/[projectId]/suggestions/[suggestionId]/dismiss/route.ts",
      "projects/[projectId]/assignments/route.ts",
      "projects/[projectId]/events/route.ts",
      "projects/[projectId]/codings/[codingId]/history/route.ts",
      "projects/[projectId]/codings/[codingId]/restore/route.ts",
      "projects/[projectId]/documents/[documentId]/original/route.ts",
      "projects/[projectId]/documents/[documentId]/route.ts",
      "projects/[projectId]/documents/route.ts",
      "projects/[projectId]/codes/[codeId]/route.ts",
      "projects/[projectId]/codes/route.ts",
      "projects/[projectId]/members/[userId]/route.ts",
      "projects/[projectId]/members/route.ts",
      "projects/[projectId]/route.ts",
      "projects/route.ts",
      "tokens/route.ts",
    ]));
  });
});
