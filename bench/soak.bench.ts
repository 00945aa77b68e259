import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { createApiToken } from "@/db/queries/api-tokens";
import { getCodesByProjectId } from "@/db/queries/codes";
import { addMember } from "@/db/queries/members";
import { queryRows } from "@/db/raw";
import { mulberry32, randomInt, type Rng } from "@/lib/sampling/prng";
import { makeProject, makeUser } from "../tests/helpers/factories";
import { insertDocument } from "../tests/helpers/rows";
import { type BenchRow, postgresBenchDatabase } from "./harness";
import { freePort, percentile, startApp, stopApp } from "./p3-sse";

/**
 * Soak (issue 9): 100 coders for SOAK_MINUTES (default 10) on two app instances sharing one
 * PostgreSQL, each coder a closed loop on loopback with a think time between requests: code
 * (60 %), list a document's codings (15 %), edit one of their codings' memo (10 %), delete one
 * (10 %), read a whole document (5 %). A coder keeps at most LIVE_PER_CODER codings (past that a
 * write is a deletion), so after the first minute the data stops growing and the workload is
 * stationary: a memory trend then means a leak, not a larger working set (with unbounded data a
 * document's codings list grew to 2,700 rows and p50 from 16 to 260 ms). Reported per minute:
 * requests, errors, p50/p99 latency, each instance's resident memory and its heap in use after a
 * full collection (bench/heap-probe.cjs, preloaded into the servers). The leak check is the
 * least-squares slope of that heap after warm-up: resident memory only shows V8 growing its heap
 * to a working size (one instance reached it in minute 2, the other in minute 8). At the end
 * every acknowledged write must be in the database: each coding answered 201 and not deleted
 * since, with its one `coding.created` event and its last acknowledged memo; each coding answered
 * 204 to DELETE gone.
 */
const CODERS = 100;
const DOCUMENTS = 20;
const LIVE_PER_CODER = 40;
const OPS = ["code", "list", "memo", "delete", "read"] as const;
type Op = (typeof OPS)[number];

type Outcome = { at: number; ms: number; ok: boolean; op: Op };
type Live = { id: string; memo: string };

export async function benchSoak(pgUrl: string): Promise<BenchRow[]> {
  if (!fs.existsSync(path.join(process.cwd(), ".next", "BUILD_ID"))) {
    console.log("(soak needs a production build: run `npm run build` first; soak left out)");
    return [];
  }
  const minutes = Number(process.env.SOAK_MINUTES ?? 10);
  const thinkMs = Number(process.env.SOAK_THINK_MS ?? 400);
  const handle = await postgresBenchDatabase(pgUrl);
  const servers: ChildProcess[] = [];
  try {
    const owner = await makeUser(handle.db, "Soak owner");
    const projectId = (await makeProject(handle.db, owner.id, "Soak")).id;
    const paragraph = "Pressure from abroad met claims of sovereignty and hopes of reward. ";
    const docs = await Promise.all(Array.from({ length: DOCUMENTS }, () => insertDocument(handle.db, projectId, paragraph.repeat(300))));
    const docLength = [...docs[0]!.text].length;
    const codeIds = (await getCodesByProjectId(handle.db, { projectId })).map((c) => c.id);
    const coders: { token: string }[] = [];
    for (let i = 0; i < CODERS; i++) {
      const user = await makeUser(handle.db, `Soak coder ${i}`);
      await addMember(handle.db, { projectId, email: user.email!, role: "coder", actorId: owner.id });
      coders.push({ token: (await createApiToken(handle.db, { userId: user.id, name: "soak" })).token });
    }

    const ports = [await freePort(), await freePort()];
    const heapDirs = ports.map(() => fs.mkdtempSync(path.join(os.tmpdir(), "qualcode-soak-heap-")));
    const probe = path.join(process.cwd(), "bench", "heap-probe.cjs");
    const probeEnv = (dir: string) => ({ NODE_OPTIONS: `--expose-gc --heapsnapshot-signal=SIGUSR2 --require ${probe}`, QC_HEAP_DIR: dir, QC_HEAP_EVERY_MS: "15000" });
    servers.push(...(await Promise.all(ports.map((port, i) => startApp(port, handle.url!, probeEnv(heapDirs[i]!))))));
    const bases = ports.map((port) => `http://127.0.0.1:${port}/api/v1/projects/${projectId}`);
    // Next keeps a lookup cache per request path, capped at 8 MB (about 37,000 paths like ours),
    // and every coding id makes a new path: a young server's heap grows ~0.5 MB/min under this
    // load until the cache is full (~17 min), then stops (found with heap snapshots: SIGUSR2 to a
    // server writes one into the working directory). Filled first, so the run sees the steady
    // state of a server that has been up a while, and a trend means a leak of our own.
    await Promise.all(bases.map((base) => fillPathCache(base, 45_000)));
    const call = (base: string, token: string, route: string, method = "GET", body?: unknown) =>
      fetch(`${base}${route}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });

    // Baseline: codings written by one client with nobody else on the servers.
    const idle: number[] = [];
    for (let i = 0; i < 200; i++) {
      const t0 = performance.now();
      const res = await call(bases[i % 2]!, coders[0]!.token, "/codings", "POST", { documentId: docs[i % DOCUMENTS]!.id, codeId: codeIds[0], start: i, end: i + 20 });
      await res.arrayBuffer();
      if (res.status !== 201) throw new Error(`soak baseline POST answered ${res.status}`);
      idle.push(performance.now() - t0);
    }
    idle.sort((a, b) => a - b);

    const started = performance.now();
    const startedWall = Date.now();
    const deadline = started + minutes * 60_000;
    const outcomes: Outcome[] = [];
    const live = new Map<string, Live>(); // acknowledged codings not (acknowledged) deleted
    const deleted = new Set<string>();
    let unknown = 0; // writes whose answer never came (network error): neither counted as done nor as lost
    const memory: { at: number; rss: number[] }[] = [];
    const sampler = setInterval(() => memory.push({ at: performance.now() - started, rss: servers.map(residentMb) }), 5000);

    const loop = async (client: number) => {
      const rng: Rng = mulberry32(client + 1);
      const { token } = coders[client]!;
      const base = bases[client % 2]!;
      const mine: string[] = [];
      while (performance.now() < deadline) {
        await new Promise((r) => setTimeout(r, rng() * 2 * thinkMs));
        const roll = rng();
        const doc = docs[randomInt(rng, DOCUMENTS)]!;
        const t0 = performance.now();
        let ok = false;
        const op: Op =
          mine.length === 0 ? "code" : roll < 0.6 ? (mine.length >= LIVE_PER_CODER ? "delete" : "code") : roll < 0.75 ? "list" : roll < 0.85 ? "memo" : roll < 0.95 ? "delete" : "read";
        try {
          if (op === "code") {
            const start = randomInt(rng, docLength - 40);
            const res = await call(base, token, "/codings", "POST", { documentId: doc.id, codeId: codeIds[randomInt(rng, codeIds.length)], start, end: start + 5 + randomInt(rng, 30) });
            const body = (await res.json()) as { id?: string };
            ok = res.status === 201 && typeof body.id === "string";
            if (ok) {
              live.set(body.id!, { id: body.id!, memo: "" });
              mine.push(body.id!);
            }
          } else if (op === "list") {
            const res = await call(base, token, `/codings?documentId=${doc.id}`);
            ok = res.status === 200 && Array.isArray(await res.json());
          } else if (op === "memo") {
            const id = mine[randomInt(rng, mine.length)]!;
            const memo = `note ${client}-${Math.floor(rng() * 1e9)}`;
            const res = await call(base, token, `/codings/${id}`, "PATCH", { memo });
            await res.arrayBuffer();
            ok = res.status === 200;
            if (ok) live.get(id)!.memo = memo;
          } else if (op === "delete") {
            const id = mine.splice(randomInt(rng, mine.length), 1)[0]!;
            const res = await call(base, token, `/codings/${id}`, "DELETE");
            await res.arrayBuffer();
            ok = res.status === 204;
            if (ok) {
              live.delete(id);
              deleted.add(id);
            } else {
              mine.push(id);
            }
          } else {
            const res = await call(base, token, `/documents/${doc.id}`);
            ok = res.status === 200 && typeof ((await res.json()) as { text?: unknown }).text === "string";
          }
        } catch {
          unknown++;
        }
        outcomes.push({ at: t0 - started, ms: performance.now() - t0, ok, op });
      }
    };
    console.log(`Soak: ${CODERS} coders on 2 instances for ${minutes} min (think time ${thinkMs} ms on average)…`);
    await Promise.all(Array.from({ length: CODERS }, (_, c) => loop(c)));
    clearInterval(sampler);
    memory.push({ at: performance.now() - started, rss: servers.map(residentMb) });
    const heaps = heapDirs.map((dir) => heapSamples(dir).map((h) => ({ at: h.t - startedWall, mb: h.heapUsed / 1048576 })));

    // Per-minute table.
    const perMinute = Array.from({ length: Math.ceil(minutes) }, (_, m) => {
      const inMinute = (at: number) => at >= m * 60_000 && at < (m + 1) * 60_000;
      const slice = outcomes.filter((o) => inMinute(o.at));
      const ms = slice.map((o) => o.ms).sort((a, b) => a - b);
      const mem = memory.filter((s) => inMinute(s.at)).at(-1)?.rss ?? [];
      const heap = heaps.map((h) => h.filter((x) => inMinute(x.at)).at(-1)?.mb ?? NaN);
      return { minute: m + 1, requests: slice.length, errors: slice.filter((o) => !o.ok).length, p50: percentile(ms, 50), p99: percentile(ms, 99), rss: mem, heap };
    });
    console.log("minute | requests | errors | p50 ms | p99 ms | RSS instance 1 / 2 (MB) | heap after GC 1 / 2 (MB)");
    for (const m of perMinute) {
      console.log(
        `${String(m.minute).padStart(6)} | ${String(m.requests).padStart(8)} | ${String(m.errors).padStart(6)} | ${m.p50.toFixed(1).padStart(6)} | ${m.p99.toFixed(1).padStart(6)} | ${m.rss.map((r) => r.toFixed(0)).join(" / ").padStart(23)} | ${m.heap.map((r) => r.toFixed(1)).join(" / ")}`,
      );
    }

    for (const op of OPS) {
      const ms = outcomes.filter((o) => o.op === op).map((o) => o.ms).sort((a, b) => a - b);
      console.log(`Soak ${op.padEnd(6)}: ${String(ms.length).padStart(6)} requests, p50 ${percentile(ms, 50).toFixed(1)} ms, p99 ${percentile(ms, 99).toFixed(1)} ms`);
    }
    const all = outcomes.map((o) => o.ms).sort((a, b) => a - b);
    const errors = outcomes.filter((o) => !o.ok).length;
    const errorRate = (100 * errors) / Math.max(1, outcomes.length);
    const warmFrom = Math.min(120_000, (minutes * 60_000) / 5);
    const warm = memory.filter((s) => s.at >= warmFrom);
    const rssSlopes = servers.map((_, i) => slopeMbPerMinute(warm.map((s) => [s.at / 60_000, s.rss[i]!] as [number, number])));
    const startRss = warm[0]?.rss ?? [0, 0];
    const endRss = memory.at(-1)?.rss ?? [0, 0];
    const warmHeaps = heaps.map((h) => h.filter((x) => x.at >= warmFrom && x.at <= minutes * 60_000));
    const slopes = warmHeaps.map((h) => slopeMbPerMinute(h.map((x) => [x.at / 60_000, x.mb] as [number, number])));
    const worst = slopes.indexOf(Math.max(...slopes));
    const worstSlope = slopes[worst] ?? 0;
    const steadyMinutes = warmHeaps[worst] && warmHeaps[worst]!.length > 1 ? (warmHeaps[worst]!.at(-1)!.at - warmHeaps[worst]![0]!.at) / 60_000 : 0;
    const heapAtWarm = Math.max(...warmHeaps.map((h) => h[0]?.mb ?? 0));
    console.log(
      `Soak: ${outcomes.length} requests (${(outcomes.length / ((performance.now() - started) / 1000)).toFixed(0)}/s), errors ${errors} (${errorRate.toFixed(3)} %), no answer ${unknown}; p50 ${percentile(all, 50).toFixed(1)} ms, p99 ${percentile(all, 99).toFixed(1)} ms (one idle client: p99 ${percentile(idle, 99).toFixed(1)} ms)`,
    );
    console.log(`Soak resident memory after warm-up: ${startRss.map((r) => r.toFixed(0)).join(" / ")} MB → ${endRss.map((r) => r.toFixed(0)).join(" / ")} MB; slope ${rssSlopes.map((s) => s.toFixed(2)).join(" / ")} MB/min`);
    console.log(
      `Soak heap after GC, after warm-up: ${warmHeaps.map((h) => (h[0]?.mb ?? NaN).toFixed(1)).join(" / ")} MB → ${warmHeaps.map((h) => (h.at(-1)?.mb ?? NaN).toFixed(1)).join(" / ")} MB; slope ${slopes.map((s) => s.toFixed(3)).join(" / ")} MB/min (${warmHeaps.map((h) => h.length).join(" / ")} samples)`,
    );
    for (const dir of heapDirs) fs.rmSync(dir, { recursive: true, force: true });

    // Every acknowledged write is in the database (checked after the load figures are printed).
    const rows = await queryRows<{ id: string; memo: string; created: number }>(
      handle.db,
      // One grouped pass over the project's events (a correlated count per coding took minutes).
      sql`with created as (
            select entity_id, count(*)::int as n from events
            where project_id = ${projectId}::uuid and entity_type = 'coding' and type = 'coding.created'
            group by entity_id)
          select c.id::text, c.memo, coalesce(created.n, 0) as created
          from codings c left join created on created.entity_id = c.id::text
          where c.project_id = ${projectId}::uuid`,
    );
    const stored = new Map(rows.map((r) => [r.id, r]));
    const present = [...live.values()].filter((c) => stored.get(c.id)?.memo === c.memo && stored.get(c.id)?.created === 1).length;
    const deletedGone = [...deleted].filter((id) => !stored.has(id)).length;
    const acknowledged = live.size + deleted.size;

    console.log(`Soak writes: ${acknowledged} acknowledged (${live.size} codings kept, ${deleted.size} deleted); present as acknowledged ${present}/${live.size}, deletions gone ${deletedGone}/${deleted.size}`);

    return [
      { id: "soak", figure: `${CODERS} coders × ${minutes} min on 2 instances: requests/s`, value: outcomes.length / (minutes * 60), baseline: 1000 / Math.max(1, percentile(idle, 50)), baselineLabel: "1 idle client", unit: "req/s", target: "(reported)", met: true },
      { id: "soak-errors", figure: "error rate (answers other than the expected status)", value: errorRate, baseline: 100, baselineLabel: "all requests", unit: "%", target: "0 %", met: errors === 0 && unknown === 0 },
      { id: "soak-p99", figure: "latency p99 under the soak", value: percentile(all, 99), baseline: percentile(idle, 99), baselineLabel: "1 idle client p99", unit: "ms", target: "(reported)", met: true },
      {
        id: "soak-heap",
        figure: `heap after GC: trend after warm-up, worst instance (${worstSlope.toFixed(3)} MB/min × ${steadyMinutes.toFixed(1)} min)`,
        value: worstSlope * steadyMinutes,
        baseline: heapAtWarm,
        baselineLabel: "heap after warm-up",
        unit: "MB",
        target: "no growth trend (≤ 5 % of heap)",
        met: steadyMinutes > 0 && worstSlope * steadyMinutes <= 0.05 * heapAtWarm,
      },
      {
        id: "soak-rss",
        figure: "resident memory at the end, worst instance",
        value: Math.max(...endRss),
        baseline: Math.max(...startRss),
        baselineLabel: "RSS after warm-up",
        unit: "MB",
        target: "(reported)",
        met: true,
      },
      { id: "soak-writes", figure: "acknowledged writes present afterwards", value: present + deletedGone, baseline: acknowledged, baselineLabel: "acknowledged", unit: "writes", target: "all", met: present + deletedGone === acknowledged },
    ];
  } finally {
    for (const server of servers) stopApp(server);
    await new Promise((r) => setTimeout(r, 500));
    await handle.close();
  }
}

/** Resident memory (MB) of every process in the server's process group (npx → next-server). */
function residentMb(server: ChildProcess): number {
  try {
    const out = execFileSync("ps", ["-o", "rss=", "-g", String(server.pid)], { encoding: "utf8" });
    return out.split("\n").reduce((sum, line) => sum + (Number(line.trim()) || 0), 0) / 1024;
  } catch {
    return 0;
  }
}

/** Requests to distinct coding paths that the guard refuses before any database work (empty token: 401). */
async function fillPathCache(base: string, paths: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (next < paths) {
        next++;
        const res = await fetch(`${base}/codings/${randomUUID()}`, { headers: { authorization: "Bearer" } });
        await res.arrayBuffer();
        if (res.status !== 401) throw new Error(`filling the path cache: expected 401, got ${res.status}`);
      }
    }),
  );
}

/** The app server's heap samples (the preloaded probe also runs in npx's own node process: skipped). */
function heapSamples(dir: string): { t: number; title: string; heapUsed: number }[] {
  const files = fs.readdirSync(dir).map((f) =>
    fs
      .readFileSync(path.join(dir, f), "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { t: number; title: string; heapUsed: number }),
  );
  const server = files.find((samples) => samples.some((x) => x.title.includes("next-server")));
  return server ?? files.sort((a, b) => Math.max(...b.map((x) => x.heapUsed)) - Math.max(...a.map((x) => x.heapUsed)))[0] ?? [];
}

/** Least-squares slope of y over x. */
export function slopeMbPerMinute(points: [number, number][]): number {
  if (points.length < 2) return 0;
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const sxy = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return sxx === 0 ? 0 : sxy / sxx;
}
