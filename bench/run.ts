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

const corpusDir = path.resolve(process.cwd(), "../shared/corpus");
const handle = await createTestDatabase();
try {
  const user = await makeUser(handle.db, "Bench Researcher");
  const project = await makeProject(handle.db, user.id, "Benchmark project");
  const rows: BenchRow[] = [];
  console.log(`Benchmarks on ${handle.label} (${process.arch}, Node ${process.version})\n`);
  rows.push(...(await benchImport(handle, { projectId: project.id, actorId: user.id, corpusDir: fs.existsSync(corpusDir) ? corpusDir : null })));
  console.log("");
  printTable(rows);
  fs.mkdirSync("bench-results", { recursive: true });
  fs.writeFileSync("bench-results/latest.json", JSON.stringify({ at: new Date().toISOString(), database: handle.label, rows }, null, 2));
} finally {
  await handle.close();
}
