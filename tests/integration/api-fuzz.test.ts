import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { useDatabaseHandleForProcess, type DatabaseHandle } from "@/db/client";
import { closeEventBus } from "@/lib/server/event-bus";
import { trainingInFlight } from "@/lib/server/suggester";
import { createAttributeDefinition } from "@/db/queries/attributes";
import { getCodesByProjectId } from "@/db/queries/codes";
import { deleteCoding } from "@/db/queries/codings";
import { getDocumentSummaryById } from "@/db/queries/documents";
import { getProjectMembership } from "@/db/queries/projects";
import { invokeAction, invokeAs, invokeRoute, loadCatalog, type ActionEndpoint, type Outcome, type RouteEndpoint } from "../helpers/authz/endpoints";
import { fingerprint, fingerprintDiff, type Fingerprint } from "../helpers/authz/fingerprint";
import { buildFixture, leakedMarkers, type Fixture } from "../helpers/authz/fixture";
import { buildForeignProject, type ForeignProject } from "../helpers/authz/foreign";
import { applyAll, breakages, inputBreakages, type FuzzRequest } from "../helpers/authz/fuzz";
import { recipeContext, type ActionCall, type RouteCall } from "../helpers/authz/recipe";
import { createTestDatabase } from "../helpers/db";

vi.mock("next/cache", () => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn(), refresh: vi.fn() }));
vi.mock("next/headers", () => import("../helpers/next-request"));
// New passwords (sign-up, password change) hashed at a small cost; see cheap-hash.ts.
vi.mock("@/lib/auth/password", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/auth/password")>()),
  hashPassword: async (password: string) => (await import("../helpers/authz/cheap-hash")).cheapScryptHash(password),
}));

/**
 * Input fuzzing (issue 9, item 2): property-based requests to every route handler of the API,
 * and inputs to every server action, as the owner (the most privileged caller, so validation
 * rather than the role check is what answers), each built from the matrix's valid request and
 * broken one to three ways (tests/helpers/authz/fuzz.ts). Every answer must be below 500 with
 * the error shape and no stack trace (the `call` helper checks both); every answer that is not
 * a success must leave the database exactly as it was; and no answer may carry another
 * project's data that the request did not name. Before the fuzzing, one regression test per bug
 * it and the matrix found.
 *
 * Seeds are fixed, one per endpoint (from its name), and printed: a failure reproduces by running
 * the file again. FUZZ_ONLY=<registered name> runs one endpoint, FUZZ_RUNS=<n> runs more cases,
 * FUZZ_BASE_SEED=<n> explores other ones.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 10);
const ACTION_RUNS = Number(process.env.FUZZ_ACTION_RUNS ?? Math.ceil(RUNS / 2));
const BASE_SEED = Number(process.env.FUZZ_BASE_SEED ?? 20_260_901);
const ONLY = process.env.FUZZ_ONLY;
/** FUZZ_TRACE=1 prints every request before it is sent, and its answer: what to look at when one hangs. */
const TRACE = process.env.FUZZ_TRACE === "1";

const { endpoints } = await loadCatalog();
const routes = endpoints.filter((e): e is RouteEndpoint => e.entry.kind === "route" && (!ONLY || e.entry.name === ONLY));
const actions = endpoints.filter((e): e is ActionEndpoint => e.entry.kind === "action" && (!ONLY || e.entry.name === ONLY));
const MULTIPART = new Set(["api.documents.import", "api.projects.import"]);

let handle: DatabaseHandle & { label: string };
let fx: Fixture;
let foreign: ForeignProject;
let calls = 0;
const started = Date.now();

beforeAll(async () => {
  handle = await createTestDatabase();
  useDatabaseHandleForProcess(handle);
  fx = await buildFixture(handle.db);
  foreign = await buildForeignProject(fx);
});
afterAll(async () => {
  console.log(`[api-fuzz] ${routes.length} routes × ${RUNS} runs, ${actions.length} actions × ${ACTION_RUNS} runs (${calls} calls) on ${handle?.label}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await closeEventBus();
  await handle?.close();
});

// ── Regressions: one test per bug the matrix and the fuzzer found ─────────────────────────
// Each used to answer 500 (or to write, or to tell another project's ids apart from unknown
// ones) and now answers a clear 4xx that changes nothing.

const asOwner = (key: string, request: ActionCall | RouteCall): Promise<Outcome> =>
  invokeAs(endpoints.find((e) => e.key === key)!, { actor: fx.users.owner, token: fx.tokens.owner }, request);

/** Calls, and checks the answer is `status` with `message` and that nothing was written. */
async function refused(key: string, request: ActionCall | RouteCall, status: number, message: RegExp) {
  const before = await fingerprint(fx.db);
  const outcome = await asOwner(key, request);
  expect({ status: outcome.status, message: outcome.message }, `${key}: ${outcome.text.slice(0, 300)}`).toEqual({ status, message: expect.stringMatching(message) });
  expect(fingerprintDiff(before, await fingerprint(fx.db)), `${key} wrote`).toBe("");
}

const P = () => ({ projectId: fx.project.id });
const NUL = /^\w[\w.]*: text cannot contain the NUL character \(U\+0000\)\.$/;

describe("text with U+0000, which PostgreSQL cannot store (was a 500)", () => {
  it("is refused in a JSON body, naming the field", async () => {
    await refused("route:api.codes.create", { params: P(), body: { name: "pres\u0000sure" } }, 400, NUL);
    await refused("route:api.projects.create", { body: { name: "New\u0000" } }, 400, NUL);
    await refused("route:api.documents.update", { params: { ...P(), documentId: fx.document.id }, body: { author: "A\u0000" } }, 400, NUL);
    await refused("route:api.attributes.values", { params: P(), body: [{ documentId: fx.document.id, attributes: { Wave: "\u0000" } }] }, 400, /^0\.attributes\.Wave: text cannot contain/);
    await refused("route:api.codings.create", { params: P(), body: { documentId: fx.document.id, codeId: fx.codes[0]!.id, start: 0, end: 4, memo: "\u0000" } }, 400, NUL);
  });

  it("is refused in a query string", async () => {
    await refused("route:api.search", { params: P(), query: "q=harbour%00" }, 400, NUL);
    await refused("route:api.documents.list", { params: P(), query: "search=%00" }, 400, NUL);
    await refused("route:api.matrix", { params: P(), query: "kind=code-attribute&attribute=%00" }, 400, NUL);
  });

  it("is refused in a pasted document's title and an upload's title field, while the text itself is cleaned", async () => {
    await refused("route:api.documents.import", { params: P(), query: "duplicates=import", body: { title: "T\u0000", text: "Body." } }, 400, NUL);
    const form = new FormData();
    form.set("file", new File([new TextEncoder().encode("An uploaded body.")], "up.txt"));
    form.set("title", "T\u0000");
    await refused("route:api.documents.import", { params: P(), form }, 400, NUL);
    const pasted = await asOwner("route:api.documents.import", { params: P(), query: "duplicates=import", body: { title: "Clean title", text: "Body with a\u0000 NUL." } });
    expect(pasted.status).toBe(201);
    expect(pasted.body).toMatchObject({ length: "Body with a NUL.".length, report: { removedControls: { "U+0000": 1 } } });
  });

  it("is refused in a server action's input", async () => {
    await refused("action:codes.create", { input: { ...P(), name: "a\u0000b" } }, 400, NUL);
    await refused("action:memos.save", { input: { ...P(), targetType: "project", targetId: fx.project.id, body: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "\u0000" }] }] } } }, 400, /text cannot contain the NUL/);
  });

  it("is dropped from an uploaded page's metadata (a NUL in <title> failed the upload)", async () => {
    const form = new FormData();
    const html = '<html><head><title>Port\u0000 minutes</title><meta name="author" content="Le\u0000 Van"></head><body><p>Minutes.</p></body></html>';
    form.set("file", new File([new TextEncoder().encode(html)], "minutes.html"));
    const outcome = await asOwner("route:api.documents.import", { params: P(), form });
    expect(outcome.status, outcome.text).toBe(201);
    expect(outcome.body).toMatchObject({ title: "Port minutes", author: "Le Van" });
  });

  it("is dropped from an imported codebook's names (a NUL in a CSV failed the import)", async () => {
    const content = Buffer.from("name,description\nHar\u0000bour,Line\u0000 one\n").toString("base64");
    const outcome = await asOwner("action:codes.import", { input: { ...P(), fileName: "codebook.csv", content, apply: true } });
    expect(outcome.status, outcome.text).toBe(200);
    expect(outcome.body).toMatchObject({ applied: { created: 1 } });
  });
});

describe("year 0, which no calendar and no PostgreSQL date has (was a 500)", () => {
  it("is refused as a publication date", async () => {
    await refused("route:api.documents.update", { params: { ...P(), documentId: fx.document.id }, body: { publishedOn: "0000-01-01" } }, 400, /^publishedOn: The publication date is a day/);
    await refused("action:documents.update", { input: { ...P(), documentId: fx.document.id, publishedOn: "0000-06-30" } }, 400, /publication date/);
  });

  it("is refused as a date attribute's value", async () => {
    await createAttributeDefinition(fx.db, { projectId: fx.project.id, actorId: fx.users.owner.id, name: "Signed", type: "date" });
    await refused("route:api.attributes.values", { params: P(), body: [{ documentId: fx.document.id, attributes: { Signed: "0000-01-01" } }] }, 400, /^Signed: 0000-01-01 is not a calendar date\.$/);
    await refused("route:api.documents.update", { params: { ...P(), documentId: fx.document.id }, body: { attributes: { Signed: "0000" } } }, 400, /not a calendar date/);
  });
});

describe("an offset past PostgreSQL's integer range (was a 500)", () => {
  it("is refused by the adjudication actions", async () => {
    const site = { ...P(), documentId: fx.document.id, codeId: fx.codes[0]!.id, start: 0 };
    for (const key of ["action:consensus.write", "action:consensus.dismiss", "action:consensus.reopen"]) {
      await refused(key, { input: { ...site, end: 2 ** 31 } }, 400, /^end: Offsets are at most 100,000,000/);
    }
  });
});

describe("another project's ids", () => {
  it("restoring another project's coding is 'not found', as for any unknown id (was 409 'exists': an existence oracle)", async () => {
    const request = { params: { ...P(), codingId: foreign.byKind.codingId } };
    await refused("route:api.codings.restore", request, 404, /^Coding not found\.$/);
    await refused("action:codings.restore", { input: { ...P(), codingId: foreign.byKind.codingId } }, 404, /^Coding not found\.$/);
    // A coding deleted here is still restored.
    const coding = fx.codings.coder;
    await deleteCoding(fx.db, { projectId: fx.project.id, codingId: coding.id, actorId: fx.users.owner.id, mayEditOthers: true });
    expect((await asOwner("route:api.codings.restore", { params: { ...P(), codingId: coding.id } })).status).toBe(200);
  });

  it("a consensus dismissal or reopening must name this project's document and code (was written anyway)", async () => {
    const site = { documentId: foreign.byKind.documentId, codeId: fx.codes[0]!.id, start: 0, end: 4 };
    await refused("action:consensus.dismiss", { input: { ...P(), ...site } }, 400, /^That document is not in this project\.$/);
    await refused("action:consensus.reopen", { input: { ...P(), ...site, documentId: fx.document.id, codeId: foreign.byKind.codeId } }, 400, /^That code is not in this project's codebook\.$/);
    await refused("action:consensus.dismiss", { input: { ...P(), ...site, documentId: fx.document.id, end: 100_000 } }, 400, /^The span 0–100000 is not inside the document/);
    expect((await asOwner("action:consensus.dismiss", { input: { ...P(), ...site, documentId: fx.document.id } })).status).toBe(200);
  });

  it("a saved query must name this project's codes (was saved anyway)", async () => {
    await refused("action:queries.save", { input: { ...P(), name: "Foreign", query: { a: foreign.byKind.codeId } } }, 400, /^That code does not exist in this project\.$/);
    await refused("action:queries.save", { input: { ...P(), name: "Foreign B", query: { a: fx.codes[0]!.id, op: "and", b: foreign.byKind.codeId } } }, 400, /^That code does not exist in this project\.$/);
  });
});

// ── Fuzzing ─────────────────────────────────────────────────────────────────────────────

/**
 * A fuzzed request may delete what the fixture relies on (the ids it draws from include this
 * project's own): each property starts from a complete fixture, rebuilt when something is gone.
 */
async function ensureFixture() {
  const [project, document] = await Promise.all([
    getProjectMembership(fx.db, { projectId: fx.project.id, userId: fx.users.owner.id }),
    getDocumentSummaryById(fx.db, { projectId: fx.project.id, documentId: fx.document.id }),
  ]);
  if (!project || !document || (await getCodesByProjectId(fx.db, { projectId: fx.project.id })).length < 3) fx = await buildFixture(fx.db);
}

/** A stable seed per route, so adding a route does not reshuffle the others. */
function seedFor(name: string): number {
  let h = BASE_SEED;
  for (const ch of name) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
  return h;
}

describe.each(routes.map((r) => [r.key, r] as const))("%s", (_key, route) => {
  it("answers every broken request with a clear 4xx, no stack trace and no partial write", { timeout: 30_000 + RUNS * 2_000 }, async () => {
    const seed = seedFor(route.entry.name);
    console.log(`[api-fuzz] ${route.key}: seed ${seed}`);
    await ensureFixture();
    const ctx = recipeContext(fx, "owner");
    let valid: FuzzRequest = { ...(await route.recipe.prepare(ctx)), note: [] };
    // The database as the last refused request left it: the next one must leave it so too.
    let unchanged: Fingerprint | undefined;
    // Ids the fuzzer draws from: this project's, another project's (same owner), and none.
    const idPool = [...foreign.ids, fx.document.id, fx.codes[0]!.id, fx.codings.coder.id, fx.attributeId, fx.users.coder.id, fx.project.id];
    await fc.assert(
      fc.asyncProperty(breakages(valid, idPool, { multipart: MULTIPART.has(route.entry.name), bodyless: route.method === "GET" || route.method === "HEAD" }), async (breaks) => {
        const request = applyAll(valid, breaks);
        const before = (unchanged ??= await fingerprint(fx.db));
        const token = request.token === null ? undefined : fx.tokens.owner;
        calls++;
        const t0 = Date.now();
        if (TRACE) console.log(`[api-fuzz] ${route.key} ← ${request.note.join("; ")}`);
        const outcome = await invokeRoute(route, token, request);
        if (TRACE) console.log(`[api-fuzz] ${route.key} → ${outcome.status} in ${Date.now() - t0} ms`);
        const context = `${route.key} [seed ${seed}] ${request.note.join("; ")} → ${outcome.status} ${outcome.text.slice(0, 200)}`;
        await trainingInFlight(fx.project.id);
        if (outcome.status >= 300) {
          const after = await fingerprint(fx.db);
          expect(fingerprintDiff(before, after), `${context}: refused, but wrote`).toBe("");
          unchanged = after;
        } else {
          unchanged = undefined;
          // The call succeeded and may have used up its target: the next run starts from a fresh one.
          if (route.method !== "GET") valid = { ...(await route.recipe.prepare(ctx)), note: [] };
        }
        // An account route (the project list) rightly shows the owner's other project, and so
        // does any route asked about that project itself.
        if (route.entry.access === "account" || route.entry.access === "public" || request.params?.projectId !== fx.project.id) return;
        const asked = JSON.stringify([request.params, request.query, request.body ?? request.rawBody ?? null]);
        // Only what the fuzzer never sends: ids from its pool may land in free text (a code named
        // after one) and rightly come back; the matrix checks ids systematically.
        const leaked = leakedMarkers(outcome.text, foreign.markers.filter((m) => !asked.includes(m) && !idPool.includes(m)));
        const where = leaked[0] ? outcome.text.slice(Math.max(0, outcome.text.indexOf(leaked[0]) - 120), outcome.text.indexOf(leaked[0]) + 60) : "";
        expect(leaked, `${context}: another project's data, in …${where}…`).toEqual([]);
      }),
      { seed, numRuns: RUNS, endOnFailure: true },
    );
  });
});

describe.each(actions.map((a) => [a.key, a] as const))("%s", (_key, action) => {
  it("answers every broken input with a clear error, no stack trace and no partial write", { timeout: 30_000 + ACTION_RUNS * 2_000 }, async () => {
    const seed = seedFor(action.key);
    console.log(`[api-fuzz] ${action.key}: seed ${seed}`);
    await ensureFixture();
    const ctx = recipeContext(fx, "owner");
    let valid = (await action.recipe.prepare(ctx)).input;
    let unchanged: Fingerprint | undefined;
    const idPool = [...foreign.ids, fx.document.id, fx.codes[0]!.id, fx.codings.coder.id, fx.attributeId, fx.users.coder.id, fx.project.id];
    await fc.assert(
      fc.asyncProperty(inputBreakages(valid, idPool), async (breaks) => {
        const input = breaks.reduce((i, b) => b.apply(i), valid);
        const before = (unchanged ??= await fingerprint(fx.db));
        calls++;
        const outcome = await invokeAction(action.fn, fx.users.owner, input);
        const context = `${action.key} [seed ${seed}] ${breaks.map((b) => b.note).join("; ")} → ${outcome.status} ${outcome.text.slice(0, 200)}`;
        if (outcome.status >= 300) {
          const after = await fingerprint(fx.db);
          expect(fingerprintDiff(before, after), `${context}: refused, but wrote`).toBe("");
          unchanged = after;
        } else {
          unchanged = undefined;
          valid = (await action.recipe.prepare(ctx)).input;
        }
      }),
      { seed, numRuns: ACTION_RUNS, endOnFailure: true },
    );
  });
});
