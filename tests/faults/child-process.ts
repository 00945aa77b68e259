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

export function watchProcess(command: string, args: string[], env: NodeJS.ProcessEnv): Watched {
  const child = spawn(command, args, { cwd: ROOT, env, stdio: ["pipe", "pipe", "pipe"], detached: true });
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

/**
 * The fault child (tests/faults/fault-child.ts) on a database, optionally armed with a fault
 * point. It loads, prints "ready" and opens the database only when sent "go".
 */
export function startFaultChild(spec: unknown, env: Record<string, string | undefined> = {}): Watched {
  return watchProcess(process.execPath, ["--conditions=react-server", "--import", "tsx", "tests/faults/fault-child.ts", JSON.stringify(spec)], {
    ...process.env,
    NODE_ENV: "test",
    ...env,
  });
}
