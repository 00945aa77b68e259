import { spawn, type ChildProcess } from "node:child_process";
import { newPerson } from "../pages/auth-pages";
import { expect, test } from "../pages/fixtures";
import { freePort } from "../helpers/free-port";

/**
 * Two app instances share one PostgreSQL: a change made through one reaches the live stream of
 * the other (LISTEN/NOTIFY through the database), every event once and in order. The second
 * instance is a `next start` of the same production build with the same DATABASE_URL and
 * AUTH_SECRET as the Playwright web server (playwright.config.ts).
 */
const databaseUrl = process.env.DATABASE_URL;
const authSecret = process.env.AUTH_SECRET ?? "e2e-secret-e2e-secret-e2e-secret-e2e-secret";

test.skip(!databaseUrl, "two instances need a shared PostgreSQL; PGlite is one process");

async function startSecondInstance(port: number): Promise<ChildProcess> {
  const child = spawn("npx", ["next", "start", "-p", String(port), "-H", "127.0.0.1"], {
    env: { ...process.env, DATABASE_URL: databaseUrl, AUTH_SECRET: authSecret, NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "ignore", "inherit"],
    // Its own process group (npx → next-server), so the whole group can be ended.
    detached: true,
  });
  for (let i = 0; i < 240; i++) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/ping`);
      if (res.ok) return child;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  stop(child);
  throw new Error("the second instance did not start");
}

function stop(child: ChildProcess | undefined) {
  if (!child?.pid) return;
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    // already gone
  }
}

type Sse = { event: string; id?: string; data: string };

/** Reads a server-sent event stream in the background. */
function readStream(body: ReadableStream<Uint8Array>) {
  const messages: Sse[] = [];
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  void (async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      const blocks = buffer.split("\n\n");
      buffer = blocks.pop()!;
      for (const block of blocks) {
        const message: Sse = { event: "message", data: "" };
        for (const line of block.split("\n")) {
          if (line.startsWith("id: ")) message.id = line.slice(4);
          else if (line.startsWith("event: ")) message.event = line.slice(7);
          else if (line.startsWith("data: ")) message.data = line.slice(6);
        }
        if (block.split("\n").some((l) => !l.startsWith(":"))) messages.push(message);
      }
    }
  })().catch(() => {});
  return { messages, cancel: () => reader.cancel().catch(() => {}) };
}

test("a coding made through one instance reaches the live stream of the other, once each, in order", async ({ signUp, baseURL }) => {
  test.setTimeout(120_000);
  const port = await freePort();
  const second = startSecondInstance(port);
  let child: ChildProcess | undefined;
  let stream: ReturnType<typeof readStream> | undefined;
  try {
    const person = newPerson("Rita");
    await signUp.signUp(person);

    const one = baseURL!;
    const tokenRes = await fetch(`${one}/api/v1/tokens`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: person.email, password: person.password, name: "two instances" }),
    });
    expect(tokenRes.status).toBe(201);
    const { token } = (await tokenRes.json()) as { token: string };
    const api = async (base: string, path: string, init: { method?: string; body?: unknown } = {}) => {
      const res = await fetch(`${base}/api/v1${path}`, {
        method: init.method ?? "GET",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    };
    const project = await api(one, "/projects", { method: "POST", body: { name: "Two instances" } });
    expect(project.status).toBe(201);
    const projectId = project.body.id as string;
    const doc = await api(one, `/projects/${projectId}/documents`, { method: "POST", body: { title: "Shared", text: "Both instances write to one database. ".repeat(20) } });
    expect(doc.status).toBe(201);
    const codeId = (await api(one, `/projects/${projectId}/codes`)).body[0].id as string;

    const sse = await fetch(`${one}/api/v1/projects/${projectId}/events`, { headers: { authorization: `Bearer ${token}` } });
    expect(sse.status).toBe(200);
    expect(sse.headers.get("content-type")).toMatch(/^text\/event-stream/);
    stream = readStream(sse.body!);
    await expect.poll(() => stream!.messages.some((m) => m.event === "ready")).toBe(true);

    child = await second;
    const two = `http://127.0.0.1:${port}`;
    const created: string[] = [];
    for (let i = 0; i < 20; i++) {
      const res = await api(two, `/projects/${projectId}/codings`, { method: "POST", body: { documentId: doc.body.id, codeId, start: i * 3, end: i * 3 + 10 } });
      expect(res.status).toBe(201);
      created.push(res.body.id as string);
    }

    const codingEvents = () => stream!.messages.filter((m) => m.event === "coding.created");
    await expect.poll(() => codingEvents().length, { timeout: 15_000 }).toBeGreaterThanOrEqual(20);
    // Anything more would be a duplicate: give it a moment to show up.
    await new Promise((r) => setTimeout(r, 1000));
    const received = codingEvents().map((m) => JSON.parse(m.data) as { id: number; entityId: string; type: string });
    expect(received.map((e) => e.entityId)).toEqual(created);
    expect(new Set(received.map((e) => e.id)).size).toBe(20);
    expect(codingEvents().map((m) => m.id)).toEqual(received.map((e) => String(e.id)));
  } finally {
    await stream?.cancel();
    stop(child ?? (await second.catch(() => undefined)));
  }
});
