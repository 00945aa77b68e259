import { execFile, execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { freePort } from "./free-port";

/**
 * A PostgreSQL cluster of a test's own: initdb in a temporary directory, on a free loopback
 * port, so a test may stop, restart or crash it without touching the shared server on 5432
 * that other tests use at the same time. As root (CI), the server runs as the `postgres` user:
 * initdb and pg_ctl refuse root. The binaries are looked up in $PG_BIN, then
 * /usr/lib/postgresql/<newest>/bin (Debian), then `pg_config --bindir`.
 */
export type PrivateCluster = {
  port: number;
  dataDir: string;
  /** A connection string for one database of the cluster (default `postgres`). */
  url(database?: string): string;
  createDatabase(name: string): Promise<string>;
  /** `pg_ctl restart -m fast`: sessions are ended, the server comes back. */
  restartFast(): Promise<void>;
  /** `pg_ctl stop -m immediate` (a crash: recovery from WAL at the next start). */
  stopImmediate(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and removes its directory. */
  destroy(): void;
};

const SUPERUSER = "qualcode";

export function findPostgresBin(): string | null {
  const candidates: string[] = [];
  if (process.env.PG_BIN) candidates.push(process.env.PG_BIN);
  const debian = "/usr/lib/postgresql";
  if (fs.existsSync(debian)) {
    const versions = fs.readdirSync(debian).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => path.join(debian, v, "bin")));
  }
  try {
    candidates.push(execFileSync("pg_config", ["--bindir"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim());
  } catch {
    // no pg_config on PATH
  }
  return candidates.find((dir) => fs.existsSync(path.join(dir, "initdb")) && fs.existsSync(path.join(dir, "pg_ctl"))) ?? null;
}

export const NO_POSTGRES_BIN = "PostgreSQL server binaries (initdb, pg_ctl) not found: set PG_BIN, or install them (Debian: apt-get install postgresql).";

export async function startPrivateCluster(): Promise<PrivateCluster> {
  const bin = findPostgresBin();
  if (!bin) throw new Error(NO_POSTGRES_BIN);
  const asRoot = process.getuid?.() === 0;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "qualcode-pg-"));
  const dataDir = path.join(root, "data");
  const logFile = path.join(root, "server.log");
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    fs.chownSync(root, uid, gid);
  }
  const command = (tool: string, args: string[]): [string, string[]] =>
    asRoot ? ["runuser", ["-u", "postgres", "--", path.join(bin, tool), ...args]] : [path.join(bin, tool), args];
  const failure = (tool: string, args: string[], error: unknown) => {
    const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, "utf8").slice(-2_000) : "";
    const e = error as { stderr?: string; message: string };
    return new Error(`${tool} ${args.join(" ")} failed: ${e.stderr || e.message}\n${log}`);
  };
  const runSync = (tool: string, args: string[]) => {
    try {
      execFileSync(...command(tool, args), { cwd: root, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8", timeout: 60_000 });
    } catch (error) {
      throw failure(tool, args, error);
    }
  };
  // Asynchronous, so a test's clients keep sending requests while the server stops and starts.
  const run = (tool: string, args: string[]) =>
    new Promise<void>((resolve, reject) =>
      execFile(...command(tool, args), { cwd: root, encoding: "utf8", timeout: 60_000 }, (error, _stdout, stderr) =>
        error ? reject(failure(tool, args, Object.assign(error, { stderr }))) : resolve(),
      ),
    );

  const port = await freePort();
  runSync("initdb", ["-D", dataDir, "--auth=trust", `--username=${SUPERUSER}`, "--encoding=UTF8", "--locale=C", "--no-sync"]);
  const serverOptions = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c max_connections=60`;
  const start = () => run("pg_ctl", ["-D", dataDir, "-l", logFile, "-o", serverOptions, "-w", "-t", "60", "start"]);
  await start();

  const url = (database = "postgres") => `postgres://${SUPERUSER}@127.0.0.1:${port}/${database}`;
  let destroyed = false;
  // A test that times out skips its cleanup: never leave a server behind the test process.
  const onExit = () => destroy();
  process.once("exit", onExit);
  function destroy() {
    if (destroyed) return;
    destroyed = true;
    process.removeListener("exit", onExit);
    try {
      runSync("pg_ctl", ["-D", dataDir, "-m", "immediate", "-w", "stop"]);
    } catch {
      // not running
    }
    fs.rmSync(root, { recursive: true, force: true });
  }
  return {
    port,
    dataDir,
    url,
    async createDatabase(name) {
      const admin = postgres(url(), { max: 1, onnotice: () => {} });
      try {
        await admin.unsafe(`create database "${name}"`);
      } finally {
        await admin.end({ timeout: 1 });
      }
      return url(name);
    },
    restartFast: () => run("pg_ctl", ["-D", dataDir, "-l", logFile, "-m", "fast", "-w", "-t", "60", "restart"]),
    stopImmediate: () => run("pg_ctl", ["-D", dataDir, "-m", "immediate", "-w", "stop"]),
    start,
    destroy,
  };
}
