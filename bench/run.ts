/**
 * `npm run bench`: sets up its own data, measures every performance figure the issues name as a
 * ratio against a baseline taken in the same run, and prints one table (also written to
 * bench-results/latest.json). PGlite by default; DATABASE_URL runs it against PostgreSQL.
 */
import fs from "node:fs";
import path from "node:path";
import { createTestDatabase } from "../tests/helpers/db";
import { makeProject, makeUser } from "../tests/helpers/factories";
import { printTable, type BenchRow } from "./harness";
import { benchImport } from "./import.bench";
import { benchCodingWrites } from "./p1-coding-writes.bench";
import { benchWorkspace } from "./p2-workspace.bench";
import { benchEvents } from "./p3-events.bench";
import { benchAgreement } from "./p4-agreement.bench";
import { benchExport } from "./p5-export.bench";
import { benchAggregates } from "./p6-aggregates.bench";
import { benchSearch } from "./p7-search.bench";
import { benchSuggester } from "./p8-suggester.bench";

const corpusDir = path.resolve(process.cwd(), "../shared/corpus");
const handle = await createTestDatabase();
try {
  const user = await makeUser(handle.db, "Bench Researcher");
  const project = await makeProject(handle.db, user.id, "Benchmark project");
  const rows: BenchRow[] = [];
  console.log(`Benchmarks on ${handle.label} (${process.arch}, Node ${process.version})\n`);
  rows.push(...(await benchImport(handle, { projectId: project.id, actorId: user.id, corpusDir: fs.existsSync(corpusDir) ? corpusDir : null })));
  rows.push(...(await benchAgreement(handle)));
  rows.push(...(await benchWorkspace()));
  const pgUrl = process.env.BENCH_POSTGRES_URL ?? process.env.DATABASE_URL ?? "postgres://root@127.0.0.1:5432/test";
  try {
    rows.push(...(await benchCodingWrites(pgUrl)));
  } catch (error) {
    console.log(`(P1 needs PostgreSQL at ${pgUrl}; left out: ${error instanceof Error ? error.message : String(error)})`);
  }
  try {
    rows.push(...(await benchEvents(pgUrl)));
  } catch (error) {
    console.log(`(P3 needs PostgreSQL at ${pgUrl}; left out: ${error instanceof Error ? error.message : String(error)})`);
  }
  try {
    rows.push(...(await benchExport(pgUrl)));
  } catch (error) {
    console.log(`(P5 needs PostgreSQL at ${pgUrl}; left out: ${error instanceof Error ? error.message : String(error)})`);
  }
  try {
    rows.push(...(await benchAggregates(pgUrl)));
  } catch (error) {
    console.log(`(P6 needs PostgreSQL at ${pgUrl}; left out: ${error instanceof Error ? error.message : String(error)})`);
  }
  try {
    rows.push(...(await benchSearch(pgUrl)));
  } catch (error) {
    console.log(`(P7 needs PostgreSQL at ${pgUrl}; left out: ${error instanceof Error ? error.message : String(error)})`);
  }
  try {
    rows.push(...(await benchSuggester(pgUrl)));
  } catch (error) {
    console.log(`(P8 needs PostgreSQL at ${pgUrl}; left out: ${error instanceof Error ? error.message : String(error)})`);
  }
  console.log("");
  printTable(rows);
  fs.mkdirSync("bench-results", { recursive: true });
  fs.writeFileSync("bench-results/latest.json", JSON.stringify({ at: new Date().toISOString(), database: handle.label, rows }, null, 2));
} finally {
  await handle.close();
}
