import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

/**
 * A real process under test, in its own process group so a SIGKILL takes all of it (npx →
 * next-server, or node → tsx's loader). `waitFor` resolves when its stderr or stdout has shown
 * a line matching a pattern, and fails with what it printed if it exits first or takes too long.
 */
export type Watched = {
  child: ChildProcess;
  output: () => string;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Writes one line to its stdin. */
  send(line: string): void;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

export const ROOT = path.resolve(import.meta.dirname, "../..");

// Groups still running when the test process ends (a timed-out test skips its cleanup) are killed.
const running = new Set<number>();
process.once("exit", () => {
  for (const pid of running) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
});

export function watchProcess(command: string, args: string[], env: NodeJS.ProcessEnv): Watched {
  const child = spawn(command, args, { cwd: ROOT, env, stdio: ["pipe", "pipe", "pipe"], detached: true });
  if (child.pid) running.add(child.pid);
  let output = "";
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output += chunk.toString("utf8");
    for (const listener of listeners) listener();
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  let done = false;
  void exited.then(() => {
    done = true;
    if (child.pid) running.delete(child.pid);
    for (const listener of listeners) listener();
  });

  return {
    child,
    output: () => output,
    exited,
    waitFor(pattern, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = output.match(pattern);
          if (match) return finish(() => resolve(match[0]));
          if (done) finish(() => reject(new Error(`the process exited before printing ${pattern}:\n${output}`)));
        };
        const timer = setTimeout(() => finish(() => reject(new Error(`no ${pattern} within ${timeoutMs} ms:\n${output}`))), timeoutMs);
        const finish = (fn: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          fn();
        };
        listeners.add(check);
        check();
      });
    },
    send(line) {
      child.stdin!.write(`${line}\n`);
    },
    async kill(signal = "SIGKILL") {
      if (!done && child.pid) {
        try {
          process.kill(-child.pid, signal);
        } catch {
          // already gone
        }
      }
      return exited;
    },
  };
}

/** A production server (`next start`, from the build) on a loopback port, ready when /api/ping answers. */
export async function startAppServer(port: number, env: Record<string, string | undefined>): Promise<Watched> {
  const server = watchProcess(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"], {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: "1",
    AUTH_SECRET: "e2e-secret-e2e-secret-e2e-secret-e2e-secret",
    ...env,
  });
  await waitForPing(port, server);
  return server;
}

export async function waitForPing(port: number, server: Watched, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void server.exited.then(() => (exited = true));
  while (Date.now() < deadline && !exited) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/ping`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the server on port ${port} did not answer /api/ping:\n${server.output().slice(-3_000)}`);
}
