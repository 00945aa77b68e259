import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { useDatabaseHandleForProcess, type DatabaseHandle } from "@/db/client";
import { assignDocuments } from "@/db/queries/assignments";
import { applyAutocode } from "@/db/queries/autocode";
import { upsertMemo } from "@/db/queries/memos";
import { saveQuery } from "@/db/queries/saved-queries";
import { memoDocFromText } from "@/lib/memos/doc";
import { retrievalQuerySchema } from "@/lib/validation/retrieval";
import { closeEventBus } from "@/lib/server/event-bus";
import { invokeAs, loadCatalog, type Endpoint, type Outcome } from "../helpers/authz/endpoints";
import { fingerprint, fingerprintDiff } from "../helpers/authz/fingerprint";
import { buildFixture, CALLERS, leakedMarkers, personOf, type Caller, type Fixture } from "../helpers/authz/fixture";
import { buildForeignProject, foreignActionCall, foreignRouteCall, type ForeignIds, type ForeignProject } from "../helpers/authz/foreign";
import { expectedOutcome, freshCode, freshCoding, freshDocument, recipeContext, unique, type ActionCall, type RecipeContext, type RouteCall } from "../helpers/authz/recipe";
import { createTestDatabase } from "../helpers/db";

vi.mock("next/cache", () => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn(), refresh: vi.fn() }));
// Anonymous callers are requests without a session cookie (see the helper).
vi.mock("next/headers", () => import("../helpers/next-request"));
// New passwords (sign-up, password change) hashed at a small cost; see cheap-hash.ts.
vi.mock("@/lib/auth/password", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/auth/password")>()),
  hashPassword: async (password: string) => (await import("../helpers/authz/cheap-hash")).cheapScryptHash(password),
}));

/**
 * The authorization matrix (issue 9, item 1): every registered server action and route handler,
 * called as anonymous, a signed-in non-member, viewer, coder and owner, must answer exactly as
 * its registered access and lib/permissions say. Nothing here lists what each role may do: the
 * expectation is derived (tests/helpers/authz/recipe.ts: expectedOutcome), so the matrix follows
 * lib/permissions. A refused call must change nothing in the database (a fingerprint of every
 * table), and nothing a non-member or anonymous caller receives may carry the project's data.
 */
const { endpoints, problems } = await loadCatalog();

let handle: DatabaseHandle & { label: string };
let fx: Fixture;
let foreign: ForeignProject;
const started = Date.now();

beforeAll(async () => {
  handle = await createTestDatabase();
  useDatabaseHandleForProcess(handle);
  fx = await buildFixture(handle.db);
  foreign = await buildForeignProject(fx);
});
afterAll(async () => {
  console.log(`[authorization-matrix] ${endpoints.length} endpoints × ${CALLERS.length} callers on ${handle?.label}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await closeEventBus();
  await handle?.close();
});

function invoke(endpoint: Endpoint, ctx: RecipeContext, request: ActionCall | RouteCall, token?: string): Promise<Outcome> {
  const person = personOf(ctx.caller);
  return invokeAs(endpoint, { actor: ctx.actor, token: token ?? (person ? fx.tokens[person] : undefined) }, request);
}

/** Runs one endpoint as one caller and checks the answer against the derived expectation. */
async function check(endpoint: Endpoint, caller: Caller) {
  const ctx = recipeContext(fx, caller);
  const request = await endpoint.recipe.prepare(ctx as never);
  const expected = expectedOutcome(endpoint.entry, caller, endpoint.recipe.alsoNeeds);
  const before = expected === "allowed" ? undefined : await fingerprint(fx.db);
  const outcome = await invoke(endpoint, ctx, request);
  const context = `${endpoint.key} as ${caller}: expected ${expected}, got ${outcome.status} ${outcome.text.slice(0, 300)}`;

  if (expected === "allowed") {
    expect(outcome.status, context).toBeLessThan(300);
    await endpoint.recipe.settle?.(ctx as never, request as never);
  } else {
    const status = { unauthorized: 401, not_found: 404, forbidden: 403 }[expected];
    expect({ status: outcome.status, code: outcome.code }, context).toEqual({ status, code: expected });
    // A non-member learns nothing, not even that the project exists: the unknown project's answer.
    if (expected === "not_found") expect(outcome.message, context).toBe("Project not found.");
    if (expected === "forbidden") expect(outcome.message, context).toMatch(/\w/);
    expect(fingerprintDiff(before!, await fingerprint(fx.db)), `${context}: a refused call wrote`).toBe("");
  }
  if (caller === "nonMember" || caller === "anonymous") {
    expect(leakedMarkers(outcome.text, [...fx.markers, ...(request.markers ?? [])]), `${context}: leaked`).toEqual([]);
  }
}

/**
 * The matrix covers every endpoint only if it knows every endpoint: this reads the app from
 * disk (every app/api/**\/route.ts and "use server" module) and fails when an export is not
 * built by the guard, when a registered endpoint has no recipe, or when a recipe names an
 * endpoint that is gone. Each problem says what to do.
 */
describe("the registry", () => {
  it("knows every server action and route handler, and each has a recipe", () => {
    expect(problems, problems.join("\n")).toEqual([]);
    const actions = endpoints.filter((e) => e.entry.kind === "action").length;
    // A floor, so that discovery silently finding nothing cannot pass.
    expect(actions).toBeGreaterThanOrEqual(40);
    expect(endpoints.length - actions).toBeGreaterThanOrEqual(40);
  });
});

describe.each(endpoints.map((e) => [e.key, e] as const))("%s", (_key, endpoint) => {
  it.each(CALLERS)("as %s", async (caller) => {
    await check(endpoint, caller);
  });

  if (endpoint.entry.kind === "route" && endpoint.entry.access !== "public") {
    it("refuses a token that is not one (401), before anything else", async () => {
      const ctx = recipeContext(fx, "owner");
      const request = await endpoint.recipe.prepare(ctx as never);
      const before = await fingerprint(fx.db);
      for (const token of ["qc_not-a-real-token", "qc_" + "x".repeat(300)]) {
        const outcome = await invoke(endpoint, ctx, request, token);
        expect({ status: outcome.status, code: outcome.code }, `${endpoint.key} with token ${token.slice(0, 20)}`).toEqual({ status: 401, code: "unauthorized" });
        expect(leakedMarkers(outcome.text, fx.markers)).toEqual([]);
      }
      expect(fingerprintDiff(before, await fingerprint(fx.db))).toBe("");
    });
  }
});

/**
 * Ids of another project reach nothing through this one (IDOR): the owner of both projects
 * passes every role check, so only each query's project scoping stands in the way. Every id a
 * valid request names (path, query string, body; a code, document, coding, memo, member…) is
 * replaced by the other project's, and the answer must change nothing and show nothing of it.
 */
/** Ids of the right shapes that name nothing. */
function ghostIds(): ForeignIds {
  const ids = Object.fromEntries(Object.keys(foreign.byKind).map((k) => [k, randomUUID()])) as ForeignIds;
  return { ...ids, suggestionId: String(2_000_000_000 + Math.floor(Math.random() * 1e6)) };
}

describe("another project's ids", () => {
  it("reach nothing through this project's endpoints, for reading or writing", async () => {
    const problems: string[] = [];
    let substituted = 0;
    for (const endpoint of endpoints) {
      if (endpoint.entry.access === "public" || endpoint.entry.access === "account") continue;
      const ctx = recipeContext(fx, "owner");
      const valid = await endpoint.recipe.prepare(ctx as never);
      const replaced: string[] = [];
      const request = endpoint.entry.kind === "action" ? foreignActionCall(valid as ActionCall, foreign.byKind, replaced) : foreignRouteCall(valid as RouteCall, foreign.byKind, replaced);
      if (replaced.length === 0) continue;
      substituted++;
      const before = await fingerprint(fx.db);
      const outcome = await invoke(endpoint, ctx, request);
      await endpoint.recipe.settle?.(ctx as never, request as never);
      const where = `${endpoint.key} with the other project's ${replaced.join(", ")} → ${outcome.status} ${outcome.text.slice(0, 160)}`;
      const wrote = fingerprintDiff(before, await fingerprint(fx.db));
      if (wrote) problems.push(`${where}: wrote ${wrote}`);
      const asked = JSON.stringify(request);
      const leaked = leakedMarkers(outcome.text, foreign.markers.filter((m) => !asked.includes(m)));
      if (leaked.length) problems.push(`${where}: showed ${leaked.join(", ")}`);
      // …nor even that they exist: the answer is the one for ids that name nothing at all.
      const ghost = ghostIds();
      const ghostRequest = endpoint.entry.kind === "action" ? foreignActionCall(valid as ActionCall, ghost, []) : foreignRouteCall(valid as RouteCall, ghost, []);
      const ghostOutcome = await invoke(endpoint, ctx, ghostRequest);
      const shape = (o: Outcome, ids: object) => ({ status: o.status, code: o.code, message: Object.values(ids).reduce((m: string | null, id: string) => m?.replaceAll(id, "<id>") ?? null, o.message) });
      if (JSON.stringify(shape(outcome, foreign.byKind)) !== JSON.stringify(shape(ghostOutcome, ghost))) {
        problems.push(`${where}: answered unlike for ids that do not exist (${ghostOutcome.status} ${ghostOutcome.message})`);
      }
    }
    expect(problems, problems.join("\n")).toEqual([]);
    expect(substituted).toBeGreaterThanOrEqual(40);
  });
});

/**
 * Rules finer than the role, each as the refused case (nothing written) and the allowed one: a
 * coder edits, deletes, annotates and undoes only their own work; the owner anyone's codings
 * and auto-coding runs; saved queries are deleted by their author or the owner; memos by their
 * author only; a coder marks only their own assignments done and sees only their own.
 */
describe("finer rules than the role", () => {
  type Case = { name: string; by: "coder" | "owner"; request: (ctx: RecipeContext) => Promise<ActionCall | RouteCall>; status: number };
  const P = () => ({ projectId: fx.project.id });
  const memo = (text: string) => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });
  const othersCoding = async (ctx: RecipeContext) => (await freshCoding(ctx, fx.users.coder2)).id;
  const batchOf = async (ctx: RecipeContext, coderId: string) => {
    const doc = await freshDocument(ctx);
    const { batchId } = await applyAutocode(fx.db, { projectId: fx.project.id, coderId, codeId: fx.codes[0]!.id, spans: [{ documentId: doc.id, start: 4, end: 9 }], summary: { q: doc.word, mode: "words", extent: "match" } });
    return batchId;
  };
  const queryBy = async (authorId: string) =>
    (await saveQuery(fx.db, { projectId: fx.project.id, actorId: authorId, name: unique("query"), query: retrievalQuerySchema.parse({ a: fx.codes[0]!.id }) })).id;
  const memoBy = async (ctx: RecipeContext, authorId: string) => {
    const code = await freshCode(ctx);
    return (await upsertMemo(fx.db, { projectId: fx.project.id, targetType: "code", targetId: code.id, authorId, body: memoDocFromText("theirs"), bodyText: "theirs" })).id;
  };
  const assignedTo = async (ctx: RecipeContext, userId: string) => {
    const doc = await freshDocument(ctx);
    await assignDocuments(fx.db, { projectId: fx.project.id, actorId: fx.users.owner.id, pairs: [{ documentId: doc.id, userId }] });
    return doc.id;
  };
  const cases: Case[] = [
    { name: "route:api.codings.update", by: "coder", status: 403, request: async (ctx) => ({ params: { ...P(), codingId: await othersCoding(ctx) }, body: { memo: "mine now" } }) },
    { name: "route:api.codings.update", by: "owner", status: 200, request: async (ctx) => ({ params: { ...P(), codingId: await othersCoding(ctx) }, body: { memo: "owner's note" } }) },
    { name: "route:api.codings.delete", by: "coder", status: 403, request: async (ctx) => ({ params: { ...P(), codingId: await othersCoding(ctx) } }) },
    { name: "route:api.codings.delete", by: "owner", status: 204, request: async (ctx) => ({ params: { ...P(), codingId: await othersCoding(ctx) } }) },
    { name: "action:memos.save", by: "coder", status: 403, request: async (ctx) => ({ input: { ...P(), targetType: "coding", targetId: await othersCoding(ctx), body: memo("mine") } }) },
    { name: "action:memos.save", by: "owner", status: 200, request: async (ctx) => ({ input: { ...P(), targetType: "coding", targetId: await othersCoding(ctx), body: memo("owner's") } }) },
    { name: "route:api.autocode.undo", by: "coder", status: 403, request: async (ctx) => ({ params: { ...P(), batchId: await batchOf(ctx, fx.users.coder2.id) } }) },
    { name: "route:api.autocode.undo", by: "owner", status: 200, request: async (ctx) => ({ params: { ...P(), batchId: await batchOf(ctx, fx.users.coder.id) } }) },
    { name: "action:queries.delete", by: "coder", status: 403, request: async () => ({ input: { ...P(), queryId: await queryBy(fx.users.coder2.id) } }) },
    { name: "action:queries.delete", by: "owner", status: 200, request: async () => ({ input: { ...P(), queryId: await queryBy(fx.users.coder.id) } }) },
    { name: "action:memos.delete", by: "coder", status: 403, request: async (ctx) => ({ input: { ...P(), memoId: await memoBy(ctx, fx.users.coder2.id) } }) },
    { name: "action:memos.delete", by: "owner", status: 403, request: async (ctx) => ({ input: { ...P(), memoId: await memoBy(ctx, fx.users.coder.id) } }) },
    { name: "action:assignments.setDone", by: "coder", status: 404, request: async (ctx) => ({ input: { ...P(), documentId: await assignedTo(ctx, fx.users.coder2.id), done: true } }) },
    { name: "action:assignments.setDone", by: "coder", status: 200, request: async (ctx) => ({ input: { ...P(), documentId: await assignedTo(ctx, fx.users.coder.id), done: true } }) },
    { name: "route:api.project.update", by: "coder", status: 403, request: async () => ({ params: P(), body: { mode: "blind" } }) },
    { name: "route:api.project.update", by: "coder", status: 403, request: async () => ({ params: P(), body: { revealed: true } }) },
  ];
  it.each(cases.map((c) => [`${c.name} by the ${c.by}`, c] as const))("%s", async (_label, c) => {
    const endpoint = endpoints.find((e) => e.key === c.name)!;
    const ctx = recipeContext(fx, c.by);
    const request = await c.request(ctx);
    const before = await fingerprint(fx.db);
    const outcome = await invoke(endpoint, ctx, request);
    expect(outcome.status, outcome.text.slice(0, 300)).toBe(c.status);
    if (c.status >= 400) expect(fingerprintDiff(before, await fingerprint(fx.db))).toBe("");
  });

  it("a coder's assignment list is their own; the owner's is everyone's", async () => {
    const list = endpoints.find((e) => e.key === "route:api.assignments.list")!;
    const mine = await invoke(list, recipeContext(fx, "coder"), { params: P() });
    const all = await invoke(list, recipeContext(fx, "owner"), { params: P() });
    const users = (o: Outcome) => new Set((o.body as { userId: string }[]).map((a) => a.userId));
    expect([...users(mine)]).toEqual([fx.users.coder.id]);
    expect(users(all).size).toBeGreaterThan(1);
  });
});
