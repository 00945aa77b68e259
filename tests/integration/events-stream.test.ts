import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useDatabaseHandleForProcess, type DatabaseHandle } from "@/db/client";
import { createCode, getCodesByProjectId } from "@/db/queries/codes";
import { createCoding, deleteCoding, updateCoding } from "@/db/queries/codings";
import { getCursorForEventId, getEventsAfter, type EventCursor } from "@/db/queries/events";
import { addMember, removeMember, updateMemberRole } from "@/db/queries/members";
import type { PresenceEntry } from "@/db/queries/presence";
import { updateProject } from "@/db/queries/projects";
import { queryRows } from "@/db/raw";
import type { User } from "@/db/schema";
import { GET as streamEvents } from "@/app/api/v1/projects/[projectId]/events/route";
import { parseSse, type EventPayload, type ParsedSse } from "@/lib/events/sse";
import type { StreamViewer } from "@/lib/events/visibility";
import { closeEventBus, EventBus, getEventBus, type SubscriberSink } from "@/lib/server/event-bus";
import { call, tokenFor } from "../helpers/api";
import { createTestDatabase } from "../helpers/db";
import { settledCursor as settledCursorOf } from "../helpers/event-horizon";
import { makeProject, makeUser } from "../helpers/factories";
import { insertDocument } from "../helpers/rows";

/**
 * Live updates end to end inside one process: the event bus (LISTEN/NOTIFY → one poll per
 * project → fan-out with blind-mode filtering), presence, and the SSE route handler itself.
 * Runs on PGlite, and on PostgreSQL when DATABASE_URL is set.
 */
let handle: DatabaseHandle & { label: string };
let owner: User, coderA: User, coderB: User, outsider: User;
const tokens: Record<string, string> = {};
const db = () => handle.db;
const onPostgres = Boolean(process.env.DATABASE_URL);

beforeAll(async () => {
  handle = await createTestDatabase();
  useDatabaseHandleForProcess(handle);
  owner = await makeUser(db(), "Ann Owner");
  coderA = await makeUser(db(), "Bea Coder");
  coderB = await makeUser(db(), "Cem Coder");
  outsider = await makeUser(db(), "Dan Outsider");
  for (const [name, user] of Object.entries({ owner, coderA, coderB, outsider })) tokens[name] = await tokenFor(db(), user.id);
});
afterAll(async () => {
  await closeEventBus();
  await handle?.close();
});

async function setup(mode: "open" | "blind" = "open") {
  const project = await makeProject(db(), owner.id);
  const projectId = project.id;
  await addMember(db(), { projectId, email: coderA.email!, role: "coder", actorId: owner.id });
  await addMember(db(), { projectId, email: coderB.email!, role: "coder", actorId: owner.id });
  if (mode === "blind") await updateProject(db(), { projectId, actorId: owner.id, patch: { mode: "blind" } });
  const doc = await insertDocument(db(), projectId, "A line of text long enough to code many times over and over again.");
  const codes = await getCodesByProjectId(db(), { projectId });
  const code = (coder: User, i: number) => createCoding(db(), { projectId, documentId: doc.id, codeId: codes[i % 2]!.id, coderId: coder.id, start: i % 40, end: (i % 40) + 3 });
  return { projectId, doc, codes, code };
}

async function until(check: () => boolean, what: string, ms = 8000) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
const settle = (ms = 300) => new Promise((r) => setTimeout(r, ms));

const settledCursor = (projectId: string) => settledCursorOf(db(), projectId);

/** Every event after `after` once `n` are readable (see settledCursor). */
async function readAll(projectId: string, after: EventCursor | null, n: number) {
  for (let i = 0; ; i++) {
    const events = await getEventsAfter(db(), { projectId, after, limit: 1000 });
    if (events.length >= n || i > 500) return events;
    await settle(20);
  }
}

function recorder() {
  const seen = { events: [] as EventPayload[], presence: [] as PresenceEntry[][], ended: [] as string[] };
  const sink: SubscriberSink = {
    event: (e) => seen.events.push(e),
    presence: (p) => seen.presence.push(p),
    heartbeat: () => {},
    end: (reason) => seen.ended.push(reason),
  };
  return { seen, sink };
}

const viewerOf = (user: User, role: StreamViewer["role"], mode: "open" | "blind" = "open", revealed = false): StreamViewer => ({ userId: user.id, role, mode, revealed });
const ids = (events: { id: number }[]) => events.map((e) => e.id);

describe("event bus", () => {
  let bus: EventBus;
  // A safety poll far beyond the test's time: deliveries must come through LISTEN/NOTIFY.
  beforeAll(() => void (bus = new EventBus(handle, { safetyPollMs: 120_000, pageSize: 7 })));
  afterAll(async () => bus?.close());

  it("delivers every event once and in order to every subscriber, and resumes from an id", async () => {
    const { projectId, doc, codes, code } = await setup();
    const start = await settledCursor(projectId);
    const a = recorder();
    const b = recorder();
    await bus.subscribe({ projectId, viewer: viewerOf(owner, "owner"), cursor: start, sink: a.sink });
    await bus.subscribe({ projectId, viewer: viewerOf(coderA, "coder"), cursor: start, sink: b.sink });

    const first = await code(coderA, 0);
    await updateCoding(db(), { projectId, codingId: first.id, actorId: coderA.id, mayEditOthers: false, patch: { memo: "why" } });
    await createCode(db(), { projectId, actorId: owner.id, fields: { name: "Live code" } });
    // Concurrent writers: on PostgreSQL these commit in any order, on separate connections.
    await Promise.all(Array.from({ length: 20 }, (_, i) => code(i % 2 ? coderA : coderB, i + 1)));
    await deleteCoding(db(), { projectId, codingId: first.id, actorId: coderA.id, mayEditOthers: false });
    await createCoding(db(), { projectId, documentId: doc.id, codeId: codes[1]!.id, coderId: coderB.id, start: 1, end: 4 });

    const expected = await readAll(projectId, start, 25);
    expect(expected).toHaveLength(25);
    await until(() => a.seen.events.length >= 25 && b.seen.events.length >= 25, "25 events on both subscribers");
    await settle();
    expect(ids(a.seen.events)).toEqual(ids(expected));
    expect(ids(b.seen.events)).toEqual(ids(expected));
    expect(a.seen.events[0]).toEqual({
      id: expected[0]!.id,
      type: "coding.created",
      entityType: "coding",
      entityId: first.id,
      actorId: coderA.id,
      before: null,
      after: expect.objectContaining({ id: first.id, coderId: coderA.id }),
      meta: {},
      createdAt: expected[0]!.createdAt.toISOString(),
    });

    // Resume from an id: a subscriber joining an active project catches up alone, and one on a
    // fresh bus starts the project's reader there; both get exactly the later events.
    const from = await getCursorForEventId(db(), { projectId, eventId: expected[9]!.id });
    const late = recorder();
    await bus.subscribe({ projectId, viewer: viewerOf(owner, "owner"), cursor: from!, sink: late.sink });
    const other = new EventBus(handle, { safetyPollMs: 120_000 });
    const fresh = recorder();
    await other.subscribe({ projectId, viewer: viewerOf(owner, "owner"), cursor: from!, sink: fresh.sink });
    const more = await code(coderB, 30);
    await until(() => late.seen.events.length >= 16 && fresh.seen.events.length >= 16, "the resumed subscribers");
    await settle();
    const later = [...ids(expected.slice(10)), (await readAll(projectId, { txId: expected.at(-1)!.txId, id: expected.at(-1)!.id }, 1))[0]!.id];
    expect(ids(late.seen.events)).toEqual(later);
    expect(ids(fresh.seen.events)).toEqual(later);
    expect(late.seen.events.at(-1)!.entityId).toBe(more.id);
    await other.close();
  });

  it("in a blind project, a coder never receives another coder's coding events until the reveal", async () => {
    const { projectId, code } = await setup("blind");
    const start = await settledCursor(projectId);
    const a = recorder();
    const o = recorder();
    await bus.subscribe({ projectId, viewer: viewerOf(coderA, "coder", "blind"), cursor: start, sink: a.sink });
    await bus.subscribe({ projectId, viewer: viewerOf(owner, "owner", "blind"), cursor: start, sink: o.sink });

    const hiddenB = await code(coderB, 1);
    await updateCoding(db(), { projectId, codingId: hiddenB.id, actorId: coderB.id, mayEditOthers: false, patch: { memo: "secret" } });
    const ownA = await code(coderA, 2);
    await createCode(db(), { projectId, actorId: coderB.id, fields: { name: "Shared code" } });
    await updateProject(db(), { projectId, actorId: owner.id, patch: { revealed: true } });
    const shownB = await code(coderB, 3);
    await updateProject(db(), { projectId, actorId: owner.id, patch: { revealed: false } });
    const hiddenAgain = await code(coderB, 4);
    const ownA2 = await code(coderA, 5);

    await until(() => o.seen.events.length >= 9, "the owner's nine events");
    await until(() => a.seen.events.some((e) => e.entityId === ownA2.id), "coder A's last coding");
    await settle();
    expect(o.seen.events.map((e) => e.entityId)).toContain(hiddenAgain.id);
    const codingIdsSeenByA = a.seen.events.filter((e) => e.entityType === "coding").map((e) => e.entityId);
    expect(codingIdsSeenByA).toEqual([ownA.id, shownB.id, ownA2.id]);
    expect(a.seen.events.map((e) => e.type)).toEqual(["coding.created", "code.created", "project.revealed", "coding.created", "project.revealed", "coding.created"]);

    // A coder made owner sees everything from that event on.
    await updateMemberRole(db(), { projectId, userId: coderA.id, role: "owner", actorId: owner.id });
    const afterPromotion = await code(coderB, 6);
    await until(() => a.seen.events.some((e) => e.entityId === afterPromotion.id), "coder B's coding after the promotion");
  });

  it("ends a removed member's stream and keeps the others", async () => {
    const { projectId, code } = await setup();
    const start = await settledCursor(projectId);
    const a = recorder();
    const o = recorder();
    await bus.subscribe({ projectId, viewer: viewerOf(coderA, "coder"), cursor: start, sink: a.sink });
    await bus.subscribe({ projectId, viewer: viewerOf(owner, "owner"), cursor: start, sink: o.sink });
    expect(bus.subscriberCount(projectId)).toBe(2);
    await removeMember(db(), { projectId, userId: coderA.id, actorId: owner.id });
    await until(() => a.seen.ended.length === 1, "the removed member's stream to end");
    expect(a.seen.ended).toEqual(["removed"]);
    expect(bus.subscriberCount(projectId)).toBe(1);
    await code(coderB, 1);
    await until(() => o.seen.events.some((e) => e.type === "coding.created"), "the owner's event");
    expect(a.seen.events.map((e) => e.type)).toEqual(["member.removed"]);
  });

  // PGlite runs one transaction at a time in one process: there is no concurrent transaction to
  // wait for, and no connection to drop. These need PostgreSQL.
  it.skipIf(!onPostgres)("waits for a long transaction, then delivers its events and the later ones, in order, once", async () => {
    const { projectId, code } = await setup();
    const start = await settledCursor(projectId);
    const a = recorder();
    await bus.subscribe({ projectId, viewer: viewerOf(owner, "owner"), cursor: start, sink: a.sink });
    const other = postgres(handle.url!, { max: 1, onnotice: () => {} });
    try {
      let commit!: () => void;
      const gate = new Promise<void>((r) => (commit = r));
      let inserted!: () => void;
      const t1Inserted = new Promise<void>((r) => (inserted = r));
      const t1 = other.begin(async (tx) => {
        await tx`insert into events (project_id, actor_id, type, entity_type, entity_id) values (${projectId}, ${owner.id}, 'project.updated', 'project', ${projectId})`;
        inserted();
        await gate;
      });
      await t1Inserted;
      const later = await code(coderA, 1);
      await settle(500);
      expect(a.seen.events).toEqual([]);
      commit();
      await t1;
      await until(() => a.seen.events.length >= 2, "both events");
      await settle();
      expect(a.seen.events.map((e) => e.type)).toEqual(["project.updated", "coding.created"]);
      expect(a.seen.events[1]!.entityId).toBe(later.id);
    } finally {
      await other.end({ timeout: 5 });
    }
  });

  // PostgreSQL only: PGlite's LISTEN runs inside the same process, with no connection to drop.
  it.skipIf(!onPostgres)("listens again after its LISTEN connection drops, and loses nothing", async () => {
    const { projectId, code } = await setup();
    const a = recorder();
    await bus.subscribe({ projectId, viewer: viewerOf(owner, "owner"), cursor: await settledCursor(projectId), sink: a.sink });
    const killed = await queryRows<{ ok: boolean }>(
      db(),
      sql`select pg_terminate_backend(pid) as ok from pg_stat_activity where datname = current_database() and query ilike 'listen%' and pid <> pg_backend_pid()`,
    );
    expect(killed.length).toBeGreaterThan(0);
    const during = await code(coderA, 1);
    await until(() => a.seen.events.some((e) => e.entityId === during.id), "the event written while the connection was down", 10_000);
    const after = await code(coderA, 2);
    await until(() => a.seen.events.some((e) => e.entityId === after.id), "an event after reconnecting", 10_000);
    expect(ids(a.seen.events)).toEqual([...new Set(ids(a.seen.events))]);
  });

  // PostgreSQL only, as above. Seen once in CI when a fault test held a transaction open: the
  // catch-up poll after re-listening stopped at the horizon and nothing made it look again.
  it.skipIf(!onPostgres)("after LISTEN drops, an event held back by an older open transaction arrives when that one ends, not at the safety poll", async () => {
    const { projectId, code } = await setup();
    const a = recorder();
    await bus.subscribe({ projectId, viewer: viewerOf(owner, "owner"), cursor: await settledCursor(projectId), sink: a.sink });
    const other = postgres(handle.url!, { max: 1, onnotice: () => {} });
    try {
      let end!: () => void;
      const gate = new Promise<void>((r) => (end = r));
      let started!: () => void;
      const open = new Promise<void>((r) => (started = r));
      // An older transaction with an id of its own, writing nothing: it holds the horizon back.
      const older = other.begin(async (tx) => {
        await tx`select pg_current_xact_id()`;
        started();
        await gate;
      });
      await open;
      await queryRows(db(), sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query ilike 'listen%' and pid <> pg_backend_pid()`);
      const during = await code(coderA, 1);
      await settle(1500); // LISTEN is back and has polled; the event is still above the horizon
      expect(a.seen.events.some((e) => e.entityId === during.id)).toBe(false);
      end();
      await older;
      await until(() => a.seen.events.some((e) => e.entityId === during.id), "the held-back event once the older transaction ended", 10_000);
    } finally {
      await other.end({ timeout: 5 });
    }
  });
});

// ── The SSE route ─────────────────────────────────────────────────────────────────────────

type Stream = { status: number; headers: Headers; messages: ParsedSse[]; closed: () => boolean; close(): Promise<void>; events(): ParsedSse[] };

async function open(projectId: string, token: string, { query = "", lastEventId }: { query?: string; lastEventId?: string } = {}): Promise<Stream> {
  const abort = new AbortController();
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (lastEventId !== undefined) headers["last-event-id"] = lastEventId;
  const request = new Request(`http://localhost/api/v1/projects/${projectId}/events${query}`, { headers, signal: abort.signal });
  const response = await streamEvents(request, { params: Promise.resolve({ projectId }) });
  expect(response.status).toBe(200);
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const messages: ParsedSse[] = [];
  let buffer = "";
  let closed = false;
  void (async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      const parsed = parseSse(buffer);
      messages.push(...parsed.messages);
      buffer = parsed.rest;
    }
  })()
    .catch(() => {})
    .finally(() => (closed = true));
  return {
    status: response.status,
    headers: response.headers,
    messages,
    closed: () => closed,
    events: () => messages.filter((m) => m.event !== "ready" && m.event !== "presence"),
    async close() {
      abort.abort();
      await reader.cancel().catch(() => {});
    },
  };
}

describe("GET /api/v1/projects/:projectId/events", () => {
  it("refuses strangers and bad resume points like every API call", async () => {
    const { projectId } = await setup();
    const path = `/api/v1/projects/${projectId}/events`;
    expect((await call(streamEvents, { path, params: { projectId } })).status).toBe(401);
    expect((await call(streamEvents, { path, params: { projectId }, token: tokens.outsider })).status).toBe(404);
    expect((await call(streamEvents, { path, params: { projectId: "not-a-uuid" }, token: tokens.owner })).status).toBe(404);
    expect((await call(streamEvents, { path: `${path}?after=abc`, params: { projectId }, token: tokens.owner })).status).toBe(400);
    const other = await setup();
    const foreign = (await settledCursor(other.projectId)).id;
    const res = await call(streamEvents, { path: `${path}?after=${foreign}`, params: { projectId }, token: tokens.owner });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/no event/);
    expect((await call(streamEvents, { path: `${path}?documentId=${other.doc.id}`, params: { projectId }, token: tokens.owner })).status).toBe(400);
  });

  it("streams events from now, resumes from ?after and Last-Event-ID, and cleans up on disconnect", async () => {
    const { projectId, code } = await setup();
    const now = (await settledCursor(projectId))!;
    const s = await open(projectId, tokens.owner!);
    expect(s.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(s.headers.get("cache-control")).toMatch(/no-transform/);
    await until(() => s.messages.length >= 1, "the ready event");
    expect(s.messages[0]).toEqual({ id: String(now.id), event: "ready", data: JSON.stringify({ id: now.id }) });

    const made = [await code(coderA, 1), await code(coderB, 2), await code(coderA, 3)];
    await until(() => s.events().length >= 3, "three coding events");
    const got = s.events();
    expect(got.map((m) => m.event)).toEqual(["coding.created", "coding.created", "coding.created"]);
    const data = JSON.parse(got[0]!.data) as EventPayload;
    expect(Object.keys(data).sort()).toEqual(["actorId", "after", "before", "createdAt", "entityId", "entityType", "id", "meta", "type"]);
    expect(data).toMatchObject({ type: "coding.created", entityType: "coding", entityId: made[0]!.id, actorId: coderA.id });
    expect(got[0]!.id).toBe(String(data.id));

    // Resume: ?after for scripts, Last-Event-ID (which wins) for EventSource reconnects.
    const byQuery = await open(projectId, tokens.owner!, { query: `?after=${got[0]!.id}` });
    const byHeader = await open(projectId, tokens.owner!, { query: `?after=${now.id}`, lastEventId: got[1]!.id });
    const fromStart = await open(projectId, tokens.owner!, { query: "?after=0" });
    await until(() => byQuery.events().length >= 2 && byHeader.events().length >= 1, "the resumed streams");
    await until(() => fromStart.events().some((m) => m.id === got[2]!.id), "the stream from the start");
    await settle();
    expect(byQuery.events().map((m) => m.id)).toEqual([got[1]!.id, got[2]!.id]);
    expect(byHeader.events().map((m) => m.id)).toEqual([got[2]!.id]);
    expect(fromStart.events()[0]!.event).toBe("project.created");
    expect(new Set(fromStart.events().map((m) => m.id)).size).toBe(fromStart.events().length);

    const bus = await getEventBus();
    expect(bus.subscriberCount(projectId)).toBe(4);
    for (const stream of [s, byQuery, byHeader, fromStart]) await stream.close();
    await until(() => bus.subscriberCount(projectId) === 0, "every subscription to end");
    await until(() => s.closed(), "the stream to close");
  });

  it("ends the stream of a member who is removed", async () => {
    const { projectId } = await setup();
    const s = await open(projectId, tokens.coderA!);
    await until(() => s.messages.some((m) => m.event === "ready"), "ready");
    await removeMember(db(), { projectId, userId: coderA.id, actorId: owner.id });
    await until(() => s.closed(), "the stream to end");
    expect(s.messages.at(-1)).toMatchObject({ event: "end", data: JSON.stringify({ reason: "removed" }) });
  });

  it("in a blind project streams a coder only their own codings until the reveal", async () => {
    const { projectId, code } = await setup("blind");
    const s = await open(projectId, tokens.coderA!);
    await until(() => s.messages.some((m) => m.event === "ready"), "ready");
    const hidden = await code(coderB, 1);
    const own = await code(coderA, 2);
    await until(() => s.events().some((m) => JSON.parse(m.data).entityId === own.id), "coder A's own coding");
    await updateProject(db(), { projectId, actorId: owner.id, patch: { revealed: true } });
    const shown = await code(coderB, 3);
    await until(() => s.events().some((m) => JSON.parse(m.data).entityId === shown.id), "coder B's coding after the reveal");
    expect(s.events().some((m) => JSON.parse(m.data).entityId === hidden.id)).toBe(false);
    await s.close();
  });

  it("keeps presence: who is here and on which document, deduplicated, fresh rows only", async () => {
    const { projectId, doc } = await setup();
    // "From now" is the last event every reader can see; let setup's events pass the horizon
    // first, or a transaction open elsewhere on a shared server lets one arrive as new.
    await settledCursor(projectId);
    const lastPresence = (s: Stream) => JSON.parse(s.messages.filter((m) => m.event === "presence").at(-1)?.data ?? "null") as PresenceEntry[] | null;
    const ownerStream = await open(projectId, tokens.owner!, { query: `?documentId=${doc.id}` });
    const ownerTab2 = await open(projectId, tokens.owner!, { query: `?documentId=${doc.id}` });
    const coderStream = await open(projectId, tokens.coderA!);
    const both = [
      { userId: owner.id, name: owner.name, documentId: doc.id },
      { userId: coderA.id, name: coderA.name, documentId: null },
    ];
    await until(() => JSON.stringify(lastPresence(ownerStream)) === JSON.stringify(both), "both members in the owner's stream");
    await until(() => JSON.stringify(lastPresence(coderStream)) === JSON.stringify(both), "both members in the coder's stream");

    // A row nobody refreshed for a minute (its instance died) is not listed, and is purged.
    await db().execute(
      sql`insert into presence (connection_id, user_id, project_id, document_id, instance_id, last_seen)
          values (gen_random_uuid(), ${coderB.id}::uuid, ${projectId}::uuid, null, 'gone', now() - interval '1 minute')`,
    );
    await (await getEventBus()).runHeartbeat();
    const left = await queryRows<{ n: number }>(db(), sql`select count(*)::int as n from presence where instance_id = 'gone'`);
    expect(left[0]!.n).toBe(0);
    expect(lastPresence(ownerStream)).toEqual(both);

    await coderStream.close();
    await until(() => JSON.stringify(lastPresence(ownerStream)) === JSON.stringify(both.slice(0, 1)), "the coder to leave");
    expect(ownerStream.events()).toEqual([]);
    await ownerStream.close();
    await ownerTab2.close();
    const count = async () => (await queryRows<{ n: number }>(db(), sql`select count(*)::int as n from presence where project_id = ${projectId}::uuid`))[0]!.n;
    for (let i = 0; i < 200 && (await count()) > 0; i++) await settle(20);
    expect(await count()).toBe(0);
  });
});
