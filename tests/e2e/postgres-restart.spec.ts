import postgres from "postgres";
import { newPerson, SignUpPage } from "../pages/auth-pages";
import { expect, test } from "../pages/fixtures";
import { freePort } from "../helpers/free-port";
import { findPostgresBin, startPrivateCluster, type PrivateCluster } from "../helpers/private-postgres";
import { startAppServer, type Watched } from "../helpers/processes";
import { readSse } from "../helpers/sse-reader";

/**
 * Issue 9, item 5: PostgreSQL restarted under load. The production server runs on a cluster of
 * this test's own (the shared one on 5432 serves other tests meanwhile) while four API clients
 * keep writing codings; PostgreSQL is restarted (`pg_ctl restart -m fast`), then crashed
 * (`stop -m immediate`) and started again. Requests during an outage may fail, but with the
 * API's error body and no stack trace; the app reconnects by itself; every acknowledged (201)
 * coding is in the database with its event afterwards; the live stream opened before the
 * restarts gets every one of them, and the LISTEN connection is back.
 */
// Runs once, in the PostgreSQL pass: it brings its own cluster, so it needs the server
// binaries, which a PostgreSQL pass implies on CI (and the PGlite pass has nothing to restart).
test.skip(!process.env.DATABASE_URL, "runs in the PostgreSQL pass (it starts a private PostgreSQL cluster of its own)");
test.skip(!findPostgresBin() && !process.env.CI, "no PostgreSQL server binaries here (initdb, pg_ctl): set PG_BIN");

const CLIENTS = 4;
const MAX_REQUESTS = 4_000;
const STACK_FRAME = /\n\s+at\s|\.(ts|js):\d+:\d+/;
const TEXT = Array.from({ length: 120 }, (_, i) => `Sentence ${i} of the debate: pressure, sovereignty and reward were argued at length.`).join(" ");

type Outcome = { phase: string; status: number; codingId?: string; body: string };

test("PostgreSQL restarted under load: the app reconnects and no acknowledged coding is lost", async ({ browser }) => {
  test.setTimeout(180_000);
  let cluster: PrivateCluster | undefined;
  let server: Watched | undefined;
  let stream: ReturnType<typeof readSse> | undefined;
  try {
    cluster = await startPrivateCluster();
    const databaseUrl = await cluster.createDatabase("qualcode");
    const port = await freePort();
    server = await startAppServer(port, { DATABASE_URL: databaseUrl, DATABASE_POOL_SIZE: "6" });
    const base = `http://127.0.0.1:${port}`;

    const context = await browser.newContext({ baseURL: base });
    const person = newPerson("Restart");
    await new SignUpPage(await context.newPage()).signUp(person);
    await context.close();
    const tokenRes = await fetch(`${base}/api/v1/tokens`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: person.email, password: person.password }) });
    expect(tokenRes.status).toBe(201);
    const { token } = (await tokenRes.json()) as { token: string };
    const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
    const api = async (path: string, body?: unknown) => {
      const res = await fetch(`${base}/api/v1${path}`, { method: body === undefined ? "GET" : "POST", headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(30_000) });
      return { status: res.status, text: await res.text() };
    };
    const projectId = JSON.parse((await api("/projects", { name: "Restart under load" })).text).id as string;
    const doc = await api(`/projects/${projectId}/documents`, { title: "Debate", text: TEXT });
    expect(doc.status).toBe(201);
    const documentId = JSON.parse(doc.text).id as string;
    const codeIds = (JSON.parse((await api(`/projects/${projectId}/codes`)).text) as { id: string }[]).map((c) => c.id);

    const sse = await fetch(`${base}/api/v1/projects/${projectId}/events`, { headers });
    expect(sse.status).toBe(200);
    stream = readSse(sse.body!);
    await expect.poll(() => stream!.messages.some((m) => m.event === "ready")).toBe(true);

    // The load: each client writes codings one after another until told to stop.
    const outcomes: Outcome[] = [];
    let phase = "before";
    let sent = 0;
    let stop = false;
    const client = async () => {
      while (!stop && sent < MAX_REQUESTS) {
        const i = sent++;
        const start = i % (TEXT.length - 20);
        const label = phase;
        try {
          const res = await api(`/projects/${projectId}/codings`, { documentId, codeId: codeIds[Math.floor(i / (TEXT.length - 20)) % codeIds.length], start, end: start + 5 + (i % 7) });
          outcomes.push({ phase: label, status: res.status, codingId: res.status === 201 ? (JSON.parse(res.text).id as string) : undefined, body: res.text });
          if (res.status !== 201) await new Promise((r) => setTimeout(r, 50));
        } catch (error) {
          outcomes.push({ phase: label, status: 0, body: String(error) });
        }
      }
    };
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const clients = Array.from({ length: CLIENTS }, client);

    await sleep(1_500);
    phase = "fast restart";
    await cluster.restartFast();
    phase = "after the fast restart";
    await sleep(2_000);
    phase = "crashed";
    await cluster.stopImmediate();
    await sleep(1_500);
    phase = "starting";
    await cluster.start();
    const backAt = Date.now();
    phase = "after the crash";
    await sleep(3_000);
    stop = true;
    await Promise.all(clients);

    const summary = Object.entries(
      outcomes.reduce<Record<string, number>>((acc, o) => ({ ...acc, [`${o.phase} → ${o.status}`]: (acc[`${o.phase} → ${o.status}`] ?? 0) + 1 }), {}),
    );
    console.log(`[postgres-restart] ${outcomes.length} requests: ${summary.map(([k, n]) => `${k}: ${n}`).join(", ")}`);

    // Failures: 503 with the API's error body ("try again in a moment"), never a stack trace.
    for (const o of outcomes.filter((x) => x.status !== 201)) {
      expect(o.status, o.body).toBe(503);
      expect(JSON.parse(o.body).error.code, o.body).toBe("unavailable");
      expect(Object.keys(JSON.parse(o.body).error).sort(), o.body).toEqual(["code", "message"]);
      expect(o.body).not.toMatch(STACK_FRAME);
    }
    // Reconnected by itself after each outage: writes succeed again, to the very last one.
    for (const label of ["before", "after the fast restart", "after the crash"]) {
      expect(outcomes.filter((o) => o.phase === label && o.status === 201).length, label).toBeGreaterThan(5);
    }
    const firstBack = outcomes.findIndex((o) => o.phase === "after the crash" && o.status === 201);
    console.log(`[postgres-restart] ${outcomes.filter((o, i) => i > firstBack && o.status !== 201).length} failures after the first success once PostgreSQL was back`);
    const last = outcomes.slice(-CLIENTS * 3);
    expect(last.map((o) => o.status)).toEqual(last.map(() => 201));

    // Every acknowledged coding is stored, with its event.
    const acknowledged = outcomes.flatMap((o) => (o.codingId ? [o.codingId] : []));
    const direct = postgres(databaseUrl, { max: 1, onnotice: () => {} });
    try {
      const stored = await direct<{ id: string }[]>`select id from codings where id in ${direct(acknowledged)}`;
      expect(stored.length).toBe(acknowledged.length);
      const logged = await direct<{ entity_id: string }[]>`select entity_id from events where type = 'coding.created' and entity_id in ${direct(acknowledged)}`;
      expect(new Set(logged.map((r) => r.entity_id)).size).toBe(acknowledged.length);
      // The event bus listens again (postgres.js re-issues LISTEN, or the watchdog reconnects).
      await expect
        .poll(async () => Number((await direct`select count(*) as n from pg_stat_activity where datname = 'qualcode' and query ilike 'listen %'`)[0]!.n), { timeout: 30_000 })
        .toBeGreaterThan(0);
      console.log(`[postgres-restart] LISTEN seen again ${((Date.now() - backAt) / 1000).toFixed(1)} s after PostgreSQL was back`);
    } finally {
      await direct.end({ timeout: 1 });
    }

    // The stream opened before the restarts delivers every acknowledged coding, each once.
    const streamed = () => stream!.messages.filter((m) => m.event === "coding.created").map((m) => (JSON.parse(m.data) as { entityId: string }).entityId);
    await expect.poll(() => acknowledged.filter((id) => !streamed().includes(id)).length, { timeout: 30_000 }).toBe(0);
    expect(new Set(streamed()).size).toBe(streamed().length);
    // And a new coding reaches it too.
    // The client's kept-alive connection has been idle for seconds here, and Node's server closes
    // idle ones after 5 s: a request sent as it closes fails with "other side closed" before the
    // server read it (seen once in CI). Such a failure is retried; any answer is not.
    const marker = await api(`/projects/${projectId}/codings`, { documentId, codeId: codeIds[0], start: 1, end: 30 }).catch((error: unknown) => {
      if (!String((error as { cause?: unknown })?.cause).includes("other side closed")) throw error;
      return api(`/projects/${projectId}/codings`, { documentId, codeId: codeIds[0], start: 1, end: 30 });
    });
    expect(marker.status).toBe(201);
    const markerId = JSON.parse(marker.text).id as string;
    await expect.poll(() => streamed().includes(markerId), { timeout: 15_000 }).toBe(true);
  } catch (error) {
    if (server) console.error(`[postgres-restart] server output:\n${server.output().slice(-5_000)}`);
    throw error;
  } finally {
    await stream?.cancel();
    await server?.kill("SIGKILL");
    cluster?.destroy();
  }
});
