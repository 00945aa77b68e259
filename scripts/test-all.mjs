#!/usr/bin/env node
// `npm test`: every test, against the embedded database and — when DATABASE_URL is set — against
// that PostgreSQL server too. Unit and integration tests (Vitest), then the production build and
// the browser tests (Playwright in a real Chromium). Ends with one summary line.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { findChromium, NO_BROWSER_MESSAGE } from "../tests/browser.mjs";

const root = path.resolve(import.meta.dirname, "..");
const resultsDir = path.join(root, "test-results");
fs.mkdirSync(resultsDir, { recursive: true });
const baseEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const databaseUrl = process.env.DATABASE_URL?.trim() || "";
delete baseEnv.DATABASE_URL;

const totals = { passed: 0, failed: 0, skipped: 0 };
const stages = [];

function run(label, command, args, env) {
  const started = Date.now();
  console.log(`\n━━ ${label} ━━`);
  const result = spawnSync(command, args, { cwd: root, env, stdio: "inherit" });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  stages.push({ label, seconds, status: result.status });
  return result.status === 0;
}

function countVitest(file) {
  try {
    const report = JSON.parse(fs.readFileSync(file, "utf8"));
    totals.passed += report.numPassedTests ?? 0;
    totals.skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
    // A file that fails to load has no failed tests but must still count as a failure.
    totals.failed += Math.max(report.numFailedTests ?? 0, report.numFailedTestSuites ?? 0);
  } catch {
    totals.failed += 1;
  }
}

function countPlaywright(file) {
  try {
    const report = JSON.parse(fs.readFileSync(file, "utf8"));
    totals.passed += (report.stats?.expected ?? 0) + (report.stats?.flaky ?? 0);
    totals.failed += report.stats?.unexpected ?? 0;
    totals.skipped += report.stats?.skipped ?? 0;
    if (report.errors?.length) totals.failed += report.errors.length;
  } catch {
    totals.failed += 1;
  }
}

function vitest(label, env, tag) {
  const out = path.join(resultsDir, `vitest-${tag}.json`);
  fs.rmSync(out, { force: true });
  const ok = run(label, "npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${out}`], env);
  countVitest(out);
  return ok;
}

function playwright(label, env, tag) {
  const out = path.join(resultsDir, `playwright-${tag}.json`);
  fs.rmSync(out, { force: true });
  const ok = run(label, "npx", ["playwright", "test", "--reporter=list,json"], { ...env, PLAYWRIGHT_JSON_OUTPUT_NAME: out });
  countPlaywright(out);
  return ok;
}

async function withFreshDatabase(url, fn) {
  const name = `qc_e2e_${Date.now().toString(36)}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const fresh = new URL(url);
  fresh.pathname = `/${name}`;
  try {
    return await fn(fresh.toString());
  } finally {
    await admin.unsafe(`drop database if exists "${name}" with (force)`).catch(() => {});
    await admin.end();
  }
}

// The browser tests are part of the suite: no browser is a failure, never a silent skip.
if (!process.env.PLAYWRIGHT_BUNDLED && !findChromium()) {
  console.error(`\n${NO_BROWSER_MESSAGE}\n`);
  process.exit(1);
}

let ok = true;
ok = vitest("Unit and integration tests · embedded PGlite", baseEnv, "pglite") && ok;
if (databaseUrl) ok = vitest("Unit and integration tests · PostgreSQL", { ...baseEnv, DATABASE_URL: databaseUrl }, "postgres") && ok;

const built = run("Production build", "npx", ["next", "build"], baseEnv);
if (!built) {
  totals.failed += 1;
  ok = false;
} else {
  ok = playwright("Browser tests · embedded PGlite", baseEnv, "pglite") && ok;
  if (databaseUrl) {
    ok =
      (await withFreshDatabase(databaseUrl, (url) =>
        playwright("Browser tests · PostgreSQL", { ...baseEnv, DATABASE_URL: url }, "postgres"),
      )) && ok;
  }
}

console.log("\n━━ Summary ━━");
for (const s of stages) console.log(`  ${s.status === 0 ? "ok  " : "FAIL"}  ${s.label}  (${s.seconds} s)`);
if (!databaseUrl) console.log("  (PostgreSQL runs skipped: set DATABASE_URL=postgres://… to run the suite against a server too)");
if (!ok && totals.failed === 0) totals.failed = 1;
console.log(`\n${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ""}`);
process.exit(ok ? 0 : 1);
