import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { acquireDataDirLock, DataDirLockedError, lockPathFor } from "./data-dir-lock";

/**
 * The lock that keeps two processes off one PGlite directory (stack notes: two writers corrupt
 * it). The holder is a real other process; tests/faults/crash-consistency.test.ts and
 * tests/e2e/crash-restart.spec.ts check the same with a database open in it.
 */
const dirs: string[] = [];
function dataDir() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "qualcode-lock-"));
  dirs.push(root);
  return path.join(root, "db");
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe("the PGlite data directory lock", () => {
  it("refuses a directory whose lock a live process holds, naming the directory, the process and what to do", async () => {
    const dir = dataDir();
    const holder = spawn("sleep", ["30"], { stdio: "ignore" });
    try {
      fs.mkdirSync(path.dirname(dir), { recursive: true });
      fs.writeFileSync(lockPathFor(dir), String(holder.pid));
      expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
      expect(() => acquireDataDirLock(dir)).toThrow(`The embedded database in ${dir} is already in use by another process (pid ${holder.pid}). Stop that process first, or give this one its own directory with DATA_DIR=…`);
      expect(fs.readFileSync(lockPathFor(dir), "utf8")).toBe(String(holder.pid));
    } finally {
      holder.kill("SIGKILL");
    }
  });

  it("takes over the lock of a process that was killed, and of a lock file with no pid in it", async () => {
    const dir = dataDir();
    const dead = spawn("true", [], { stdio: "ignore" });
    await new Promise((r) => dead.once("exit", r));
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    fs.writeFileSync(lockPathFor(dir), String(dead.pid));
    const release = acquireDataDirLock(dir);
    expect(fs.readFileSync(lockPathFor(dir), "utf8")).toBe(String(process.pid));
    release();
    expect(fs.existsSync(lockPathFor(dir))).toBe(false);

    fs.writeFileSync(lockPathFor(dir), "");
    acquireDataDirLock(dir)();
    expect(fs.existsSync(lockPathFor(dir))).toBe(false);
  });
});
