import fs from "node:fs";

/**
 * CPU time spent by each party of a load run, read from /proc (Linux). On a two-core machine
 * where server, database and load generator share the cores, throughput is about
 * cores ÷ (CPU per request, all parties together), so this says where a request's time goes.
 */
export type CpuParties = {
  server: number;
  /** The server's JavaScript threads only (each process's main thread, without GC and I/O helpers). */
  serverMain: number;
  postgres: number;
  client: number;
};

/** Linux reports utime/stime in clock ticks of USER_HZ, which is 100 on every mainstream build. */
const TICK_MS = 10;

type ProcStat = { pid: number; comm: string; pgrp: number; cpuMs: number };

/** utime + stime of one /proc stat line, in ms. */
function cpuMsOf(raw: string): { comm: string; fields: string[]; cpuMs: number } {
  // comm is in parentheses and may contain spaces; the fields after it are space-separated.
  const close = raw.lastIndexOf(")");
  const comm = raw.slice(raw.indexOf("(") + 1, close);
  const fields = raw.slice(close + 2).split(" ");
  // After comm: state(0) ppid(1) pgrp(2) … utime(11) stime(12).
  return { comm, fields, cpuMs: (Number(fields[11]) + Number(fields[12])) * TICK_MS };
}

/** CPU of a process's main thread (task id = process id), where its JavaScript runs. */
function mainThreadMs(pid: number): number {
  try {
    return cpuMsOf(fs.readFileSync(`/proc/${pid}/task/${pid}/stat`, "utf8")).cpuMs;
  } catch {
    return 0;
  }
}

function readStats(): ProcStat[] {
  const stats: ProcStat[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const { comm, fields, cpuMs } = cpuMsOf(fs.readFileSync(`/proc/${entry}/stat`, "utf8"));
      stats.push({ pid: Number(entry), comm, pgrp: Number(fields[2]), cpuMs });
    } catch {
      // the process ended while we looked
    }
  }
  return stats;
}

function sample(serverGroup: number): CpuParties {
  let server = 0;
  let serverMain = 0;
  let postgres = 0;
  for (const s of readStats()) {
    if (s.pgrp === serverGroup) {
      server += s.cpuMs;
      serverMain += mainThreadMs(s.pid);
    } else if (s.comm === "postgres") postgres += s.cpuMs;
  }
  const own = process.cpuUsage();
  return { server, serverMain, postgres, client: (own.user + own.system) / 1000 };
}

/**
 * Runs `fn` and returns the CPU milliseconds each party spent meanwhile: the server's whole
 * process group (npx → next-server), every PostgreSQL process (the pools keep their backends for
 * the whole run, so none is lost by ending early), and this process (the load generator).
 */
export async function cpuDuring<T>(serverGroup: number, fn: () => Promise<T>): Promise<{ result: T; cpu: CpuParties }> {
  const before = sample(serverGroup);
  const result = await fn();
  const after = sample(serverGroup);
  return {
    result,
    cpu: {
      server: after.server - before.server,
      serverMain: after.serverMain - before.serverMain,
      postgres: after.postgres - before.postgres,
      client: after.client - before.client,
    },
  };
}

export function addCpu(a: CpuParties, b: CpuParties): CpuParties {
  return { server: a.server + b.server, serverMain: a.serverMain + b.serverMain, postgres: a.postgres + b.postgres, client: a.client + b.client };
}

/** "server 0.71 + PostgreSQL 0.32 + client 0.25 = 1.28 ms CPU per request" */
export function perRequest(cpu: CpuParties, requests: number): string {
  const f = (ms: number) => (ms / requests).toFixed(3);
  return `server ${f(cpu.server)} (JavaScript thread ${f(cpu.serverMain)}) + PostgreSQL ${f(cpu.postgres)} + load client ${f(cpu.client)} = ${f(cpu.server + cpu.postgres + cpu.client)} ms CPU per request`;
}

/**
 * The most requests per second a server could answer on this machine with its measured CPU per
 * request: its JavaScript runs on one thread (one core at most, whatever its GC and I/O helper
 * threads add), and all parties together cannot use more than every core. Real runs stay below
 * this (scheduling, waits).
 */
export function throughputBound(cpu: CpuParties, requests: number, cores: number): number {
  const main = cpu.serverMain / requests;
  const total = (cpu.server + cpu.postgres + cpu.client) / requests;
  return Math.min(1000 / main, (cores * 1000) / total);
}
