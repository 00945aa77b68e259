import { and, eq, ne } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { useDatabaseHandleForProcess, type DatabaseHandle } from "@/db/client";
import { applyAutocode } from "@/db/queries/autocode";
import { updateProject } from "@/db/queries/projects";
import { codings } from "@/db/schema";
import { closeEventBus } from "@/lib/server/event-bus";
import { invokeAs, loadCatalog, type Endpoint, type Outcome } from "../helpers/authz/endpoints";
import { fingerprint, fingerprintDiff } from "../helpers/authz/fingerprint";
import { buildFixture, leakedMarkers, QUOTES, type Fixture, type Person } from "../helpers/authz/fixture";
import type { ActionCall, RecipeContext, RouteCall } from "../helpers/authz/recipe";
import { createTestDatabase } from "../helpers/db";

vi.mock("next/cache", () => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn(), refresh: vi.fn() }));
vi.mock("next/headers", () => import("../helpers/next-request"));
// New passwords (sign-up, password change) hashed at a small cost; see cheap-hash.ts.
vi.mock("@/lib/auth/password", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/auth/password")>()),
  hashPassword: async (password: string) => (await import("../helpers/authz/cheap-hash")).cheapScryptHash(password),
}));

/**
 * Blind mode (issue 9, item 1): in a blind project that is not revealed, the second coder — and
 * the viewer — calling every endpoint get none of the other coders' codings (ids, memos), and
 * cannot change them; after the owner reveals, they see them. The sweep uses the matrix's
 * recipes, so a new endpoint is swept as soon as it has one.
 */
const { endpoints } = await loadCatalog();
const byName = new Map(endpoints.map((e) => [e.entry.name, e]));
const endpoint = (name: string) => byName.get(name)!;

let handle: DatabaseHandle & { label: string };
let fx: Fixture;
const started = Date.now();

beforeAll(async () => {
  handle = await createTestDatabase();
  useDatabaseHandleForProcess(handle);
  fx = await buildFixture(handle.db, { mode: "blind" });
});
afterAll(async () => {
  console.log(`[authorization-blind] ${endpoints.length} endpoints swept on ${handle?.label}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await closeEventBus();
  await handle?.close();
});

/** A recipe context for a coder-role person who is not "the" coder. */
function contextOf(person: Person): RecipeContext {
  const user = fx.users[person];
  return { fx, db: fx.db, caller: person === "viewer" ? "viewer" : "coder", actor: user, self: user };
}

async function run(name: string, person: Person, request?: ActionCall | RouteCall): Promise<Outcome> {
  const e = endpoint(name);
  const ctx = contextOf(person);
  const req = request ?? (await e.recipe.prepare(ctx as never));
  const outcome = await invokeAs(e, { actor: fx.users[person], token: fx.tokens[person] }, req);
  if (outcome.status < 300) await e.recipe.settle?.(ctx as never, req as never);
  return outcome;
}

/** What the others coded, as only they and the owner may know it. */
const hiddenFrom = (person: Person) =>
  (["owner", "coder", "coder2"] as const).filter((p) => p !== person).flatMap((p) => [fx.codings[p].id, fx.codings[p].memo]);

/** Every endpoint a member can call (public ones know no project). */
const sweep = endpoints.filter((e) => e.entry.access !== "public").map((e) => [e.key, e] as const);

describe.each(["coder2", "viewer"] as const)("blind, not revealed: %s", (person) => {
  it.each(sweep)("%s answers without the others' codings", async (_key, e: Endpoint) => {
    const outcome = await run(e.entry.name, person);
    expect(leakedMarkers(outcome.text, hiddenFrom(person)), `${e.key}: ${outcome.status} ${outcome.text.slice(0, 300)}`).toEqual([]);
  });
});

describe("blind, not revealed: the second coder", () => {
  it("lists, exports and follows only their own codings", async () => {
    const own = fx.codings.coder2;
    const list = await run("api.codings.list", "coder2");
    expect((list.body as { id: string }[]).map((c) => c.id).sort()).toEqual((await ownCodings("coder2", fx.document.id)).sort());
    for (const format of ["csv", "json", "jsonl"]) {
      const exported = await run("api.export", "coder2", { params: { projectId: fx.project.id }, query: `format=${format}` });
      expect(exported.status).toBe(200);
      expect(exported.text).toContain(own.memo);
      expect(leakedMarkers(exported.text, [...hiddenFrom("coder2"), QUOTES.coder, QUOTES.owner]), format).toEqual([]);
    }
    const activity = await run("api.activity.list", "coder2", { params: { projectId: fx.project.id }, query: `entityType=coding&documentId=${fx.document.id}` });
    expect((activity.body as { entityId: string }[]).map((e) => e.entityId)).toContain(own.id);
    expect(leakedMarkers(activity.text, await othersCodings("coder2"))).toEqual([]);
    const stream = await invokeAs(endpoint("api.events.stream"), { actor: null, token: fx.tokens.coder2 }, {
      params: { projectId: fx.project.id },
      query: "after=0",
      streamUntil: (text: string) => text.includes(own.id),
    } as RouteCall);
    expect(stream.text).toContain(own.id);
    expect(leakedMarkers(stream.text, [...hiddenFrom("coder2"), QUOTES.coder, QUOTES.owner])).toEqual([]);
  });

  it("counts only their own codings", async () => {
    const own = (await ownCodings("coder2")).length;
    const matrix = await run("api.matrix", "coder2", { params: { projectId: fx.project.id }, query: "kind=code-document" });
    expect(total(matrix.body)).toBe(own);
    const documents = await run("api.documents.list", "coder2", { params: { projectId: fx.project.id }, query: "limit=500" });
    expect((documents.body as { id: string; codingCount: number }[]).find((d) => d.id === fx.document.id)?.codingCount).toBe((await ownCodings("coder2", fx.document.id)).length);
    const projects = await run("api.projects.list", "coder2");
    expect((projects.body as { id: string; codingCount: number }[]).find((p) => p.id === fx.project.id)?.codingCount).toBe(own);
  });

  it("may not compare agreement or use the suggester, which read everyone's codings", async () => {
    for (const name of ["api.agreement.report", "api.suggester.list", "api.suggestions", "api.suggester.train"]) {
      const outcome = await run(name, "coder2");
      expect({ name, status: outcome.status }).toEqual({ name, status: 403 });
    }
  });

  it("cannot read, change, delete or annotate another coder's coding: it does not exist for them", async () => {
    const theirs = fx.codings.coder;
    const params = { projectId: fx.project.id, codingId: theirs.id };
    const before = await fingerprint(fx.db);
    const attempts: [string, ActionCall | RouteCall][] = [
      ["api.codings.read", { params }],
      ["api.codings.history", { params }],
      ["api.codings.update", { params, body: { memo: "overwritten" } }],
      ["api.codings.update", { params, body: { start: 0, end: 3 } }],
      ["api.codings.delete", { params }],
      ["memos.save", { input: { projectId: fx.project.id, targetType: "coding", targetId: theirs.id, body: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "mine now" }] }] } } }],
    ];
    for (const [name, request] of attempts) {
      const outcome = await run(name, "coder2", request);
      expect([403, 404], `${name}: ${outcome.status} ${outcome.text}`).toContain(outcome.status);
      expect(leakedMarkers(outcome.text, hiddenFrom("coder2"))).toEqual([]);
    }
    expect(fingerprintDiff(before, await fingerprint(fx.db))).toBe("");
  });

  it("cannot undo another coder's auto-coding run", async () => {
    const { batchId } = await applyAutocode(fx.db, {
      projectId: fx.project.id,
      coderId: fx.users.coder.id,
      codeId: fx.codes[0]!.id,
      spans: [{ documentId: fx.document.id, start: 0, end: 9 }],
      summary: { q: "Ministers", mode: "words", extent: "match" },
    });
    const before = await fingerprint(fx.db);
    const outcome = await run("api.autocode.undo", "coder2", { params: { projectId: fx.project.id, batchId } });
    expect([403, 404]).toContain(outcome.status);
    expect(fingerprintDiff(before, await fingerprint(fx.db))).toBe("");
  });
});

describe("blind, after the reveal", () => {
  beforeAll(async () => {
    fx.project = await updateProject(fx.db, { projectId: fx.project.id, actorId: fx.users.owner.id, patch: { revealed: true } });
  });

  it("the second coder sees everyone's codings, everywhere", async () => {
    const theirs = fx.codings.coder;
    const list = await run("api.codings.list", "coder2");
    expect((list.body as { id: string }[]).map((c) => c.id)).toEqual(expect.arrayContaining([fx.codings.owner.id, theirs.id, fx.codings.coder2.id]));
    const exported = await run("api.export", "coder2", { params: { projectId: fx.project.id }, query: "format=json" });
    expect(exported.text).toContain(theirs.memo);
    expect((await run("api.codings.read", "coder2", { params: { projectId: fx.project.id, codingId: theirs.id } })).status).toBe(200);
    const activity = await run("api.activity.list", "coder2", { params: { projectId: fx.project.id }, query: "entityType=coding" });
    expect((activity.body as { entityId: string }[]).map((e) => e.entityId)).toContain(theirs.id);
    const matrix = await run("api.matrix", "coder2", { params: { projectId: fx.project.id }, query: "kind=code-document" });
    expect(total(matrix.body)).toBeGreaterThanOrEqual(3);
    expect((await run("api.agreement.report", "coder2")).status).toBe(200);
    const stream = await invokeAs(endpoint("api.events.stream"), { actor: null, token: fx.tokens.coder2 }, {
      params: { projectId: fx.project.id },
      query: "after=0",
      streamUntil: (text: string) => text.includes(fx.codings.coder2.id),
    } as RouteCall);
    expect(stream.text).toContain(theirs.id);
  });
});

/** Ids of a person's own codings (coder layer), from the database. */
async function ownCodings(person: Person, documentId?: string): Promise<string[]> {
  const rows = await fx.db
    .select({ id: codings.id })
    .from(codings)
    .where(and(eq(codings.projectId, fx.project.id), eq(codings.coderId, fx.users[person].id), eq(codings.layer, "coder"), documentId ? eq(codings.documentId, documentId) : undefined));
  return rows.map((r) => r.id);
}

/** Ids of every coding someone else made, in any layer. */
async function othersCodings(person: Person): Promise<string[]> {
  const rows = await fx.db.select({ id: codings.id }).from(codings).where(and(eq(codings.projectId, fx.project.id), ne(codings.coderId, fx.users[person].id)));
  return rows.map((r) => r.id);
}

/** The sum of a count matrix's cells. */
function total(body: unknown): number {
  const { cells } = body as { cells: number[][] };
  return cells.flat().reduce((a, b) => a + b, 0);
}
