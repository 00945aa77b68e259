import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { createApiToken } from "@/db/queries/api-tokens";
import { getCodesByProjectId } from "@/db/queries/codes";
import { makeProject, makeUser } from "../tests/helpers/factories";
import { insertDocument } from "../tests/helpers/rows";
import { type BenchRow, postgresBenchDatabase } from "./harness";
import { combineLoads, runLoad, type LoadResult } from "./load";
import { freePort } from "../tests/helpers/free-port";

/**
 * P1 (issue 4): coding writes through the JSON API (token auth, validation, quote, event row)
 * with 32 concurrent clients against PostgreSQL, as a ratio of throughput against a bare
 * postgres.js insert server (bench/ceiling-server.mjs) measured in the same run.
 */
const ROUNDS = 3;
const ROUND_MS = 8000;

export async function benchCodingWrites(pgUrl: string): Promise<BenchRow[]> {
  if (!fs.existsSync(path.join(process.cwd(), ".next", "BUILD_ID"))) {
    console.log("(P1 needs a production build: run `npm run build` first; P1 left out)");
    return [];
  }
  const handle = await postgresBenchDatabase(pgUrl);
  const servers: ChildProcess[] = [];
  try {
    const user = await makeUser(handle.db, "Load coder");
    const project = await makeProject(handle.db, user.id, "P1");
    const text = "Pressure from abroad met claims of sovereignty and hopes of reward. ".repeat(200);
    const document = await insertDocument(handle.db, project.id, text);
    const [code] = await getCodesByProjectId(handle.db, { projectId: project.id });
    const { token } = await createApiToken(handle.db, { userId: user.id, name: "bench" });
    const span = (i: number) => ({ start: (i * 7) % 10_000, end: ((i * 7) % 10_000) + 25 });

    const appPort = await freePort();
    servers.push(await startServer("npx", ["next", "start", "-p", String(appPort), "-H", "127.0.0.1"], { DATABASE_URL: handle.url!, AUTH_SECRET: "bench-secret-bench-secret-bench-secret-123" }, `http://127.0.0.1:${appPort}/api/ping`));
    const appUrl = `http://127.0.0.1:${appPort}/api/v1/projects/${project.id}/codings`;
    const appRequest = (_c: number, i: number) =>
      fetch(appUrl, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ documentId: document.id, codeId: code!.id, ...span(i) }),
      });
    const ceilingPort = await freePort();
    servers.push(await startServer("node", ["bench/ceiling-server.mjs"], { DATABASE_URL: handle.url!, PORT: String(ceilingPort) }, null, `http://127.0.0.1:${ceilingPort}/`));
    const ceilingRequest = (_c: number, i: number) =>
      fetch(`http://127.0.0.1:${ceilingPort}/`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ projectId: project.id, documentId: document.id, codeId: code!.id, coderId: user.id, ...span(i), quote: "x" }),
      });

    // Steady state, measured fairly on a noisy machine: both servers warmed up with the full load
    // (the app's JIT needs far more requests than the ceiling's 40 lines to settle), then the two
    // measured in alternating rounds so a slow spell of the machine falls on both.
    await runLoad({ clients: 32, durationMs: 10_000, request: appRequest, expectStatus: 201 });
    await runLoad({ clients: 32, durationMs: 5000, request: ceilingRequest, expectStatus: 201 });
    const appRuns: LoadResult[] = [];
    const ceilingRuns: LoadResult[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      appRuns.push(await runLoad({ clients: 32, durationMs: ROUND_MS, request: appRequest, expectStatus: 201 }));
      ceilingRuns.push(await runLoad({ clients: 32, durationMs: ROUND_MS, request: ceilingRequest, expectStatus: 201 }));
    }
    const app = combineLoads(appRuns);
    const ceiling = combineLoads(ceilingRuns);
    console.log(`P1 rounds (app / ceiling req/s): ${appRuns.map((r, i) => `${r.perSecond.toFixed(0)} / ${ceilingRuns[i]!.perSecond.toFixed(0)}`).join(", ")}`);

    // Where the time goes: the same server answering a route that does no database work.
    const pingRequest = () => fetch(`http://127.0.0.1:${appPort}/api/ping`);
    const ping = await runLoad({ clients: 32, durationMs: 5000, request: pingRequest, expectStatus: 200 });

    console.log(`P1 app: ${app.perSecond.toFixed(0)} req/s, p50 ${app.p50.toFixed(1)} ms, p99 ${app.p99.toFixed(1)} ms, errors ${app.errors}`);
    console.log(`P1 framework floor (GET /api/ping, no database): ${ping.perSecond.toFixed(0)} req/s, p99 ${ping.p99.toFixed(1)} ms`);
    console.log(`P1 ceiling: ${ceiling.perSecond.toFixed(0)} req/s, p50 ${ceiling.p50.toFixed(1)} ms, p99 ${ceiling.p99.toFixed(1)} ms, errors ${ceiling.errors}`);
    const ratio = app.perSecond / ceiling.perSecond;
    return [
      {
        id: "P1",
        figure: "coding writes via API, 32 clients (PostgreSQL)",
        value: app.perSecond,
        baseline: ceiling.perSecond,
        baselineLabel: "bare postgres.js server",
        unit: "rows/s",
        target: "≥ 0.35× ceiling",
        met: ratio >= 0.35 && app.errors === 0,
      },
      {
        id: "P1-floor",
        figure: "same server, GET /api/ping (no database), 32 clients",
        value: ping.perSecond,
        baseline: ceiling.perSecond,
        baselineLabel: "bare postgres.js server",
        unit: "rows/s",
        target: "(explains P1)",
        met: true,
      },
      {
        id: "P1-p99",
        figure: "coding write p99 latency, 32 clients",
        value: app.p99,
        baseline: ceiling.p99,
        baselineLabel: "ceiling p99",
        unit: "ms",
        target: "≤ 50 ms",
        met: app.p99 <= 50,
      },
    ];
  } finally {
    // Each server runs in its own process group (npx → next-server): end the whole group.
    for (const server of servers) {
      try {
        process.kill(-server.pid!, "SIGTERM");
      } catch {
        // already gone
      }
    }
    await new Promise((r) => setTimeout(r, 500));
    await handle.close();
  }
}

export async function startServer(command: string, args: string[], env: Record<string, string>, pingUrl: string | null, anyUrl?: string): Promise<ChildProcess> {
  const child = spawn(command, args, { env: { ...process.env, ...env, NEXT_TELEMETRY_DISABLED: "1" }, stdio: ["ignore", "ignore", "inherit"], detached: true });
  child.once("exit", (code) => {
    if (code) console.log(`(${command} ${args.join(" ")} exited with ${code})`);
  });
  const url = pingUrl ?? anyUrl!;
  for (let i = 0; i < 120; i++) {
    try {
      const res = await fetch(url, pingUrl ? {} : { method: "OPTIONS" });
      await res.arrayBuffer();
      return child;
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  child.kill();
  throw new Error(`server ${command} ${args.join(" ")} did not start`);
}
