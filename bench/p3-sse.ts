import { spawn, type ChildProcess } from "node:child_process";
import { freePort } from "../tests/helpers/free-port";

export { freePort };

/** Helpers for P3: app servers in their own process groups, and an SSE client that timestamps. */

/** `next start` of the production build on `port`, against `databaseUrl`; resolves once /api/ping answers. */
export async function startApp(port: number, databaseUrl: string, extraEnv: Record<string, string> = {}): Promise<ChildProcess> {
  const child = spawn("npx", ["next", "start", "-p", String(port), "-H", "127.0.0.1"], {
    env: { ...process.env, DATABASE_URL: databaseUrl, AUTH_SECRET: "bench-secret-bench-secret-bench-secret-123", NEXT_TELEMETRY_DISABLED: "1", ...extraEnv },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  child.once("exit", (code) => {
    if (code) console.log(`(next start on ${port} exited with ${code})`);
  });
  for (let i = 0; i < 240; i++) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/ping`);
      await res.arrayBuffer();
      if (res.ok) return child;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  stopApp(child);
  throw new Error(`next start on ${port} did not start`);
}

/** Ends the whole process group (npx → next-server). */
export function stopApp(child: ChildProcess | undefined): void {
  if (!child?.pid) return;
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    // already gone
  }
}

export type ReceivedEvent = { id: number; type: string; entityId: string; at: number };

/** An SSE client on the events route: every event with the time it arrived (performance.now()). */
export class SseClient {
  readonly events: ReceivedEvent[] = [];
  readonly firstAt = new Map<string, number>();
  readyId: number | null = null;
  private reader?: ReadableStreamDefaultReader<Uint8Array>;

  static async open(baseUrl: string, projectId: string, token: string): Promise<SseClient> {
    const client = new SseClient();
    const res = await fetch(`${baseUrl}/api/v1/projects/${projectId}/events`, { headers: { authorization: `Bearer ${token}` } });
    if (res.status !== 200) throw new Error(`events stream answered ${res.status}`);
    client.reader = res.body!.getReader();
    void client.pump();
    for (let i = 0; i < 400 && client.readyId === null; i++) await new Promise((r) => setTimeout(r, 25));
    if (client.readyId === null) throw new Error("no ready event");
    return client;
  }

  private async pump() {
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      for (;;) {
        const { done, value } = await this.reader!.read();
        if (done) return;
        const at = performance.now();
        buffer += decoder.decode(value, { stream: true });
        const blocks = buffer.split("\n\n");
        buffer = blocks.pop()!;
        for (const block of blocks) {
          let event = "";
          let data = "";
          for (const line of block.split("\n")) {
            if (line.startsWith("event: ")) event = line.slice(7);
            else if (line.startsWith("data: ")) data = line.slice(6);
          }
          if (!event || event === "presence") continue;
          const parsed = JSON.parse(data) as { id: number; type?: string; entityId?: string };
          if (event === "ready") {
            this.readyId = parsed.id;
            continue;
          }
          this.events.push({ id: parsed.id, type: parsed.type!, entityId: parsed.entityId!, at });
          if (!this.firstAt.has(parsed.entityId!)) this.firstAt.set(parsed.entityId!, at);
        }
      }
    } catch {
      // closed
    }
  }

  async waitFor(check: () => boolean, ms: number): Promise<boolean> {
    const deadline = performance.now() + ms;
    while (!check()) {
      if (performance.now() > deadline) return false;
      await new Promise((r) => setTimeout(r, 20));
    }
    return true;
  }

  close(): Promise<void> {
    return this.reader?.cancel().catch(() => {}) ?? Promise.resolve();
  }
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}
