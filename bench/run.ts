/**
 * `npm run bench`: sets up its own data, measures every performance figure the issues name as a
 * ratio against a baseline taken in the same run, and prints one table (also written to
 * bench-results/latest.json). PGlite by default; DATABASE_URL runs it against PostgreSQL.
 *
 * `npm run bench -- P1 P6` runs only the named sections (ids are case-insensitive).
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
import { benchSoak } from "./soak.bench";

type Section = {
  id: string;
  /** Sections on PostgreSQL get its URL; the others the run's own database (PGlite unless DATABASE_URL). */
  postgres: boolean;
  run: (ctx: { handle: Awaited<ReturnType<typeof createTestDatabase>>; pgUrl: string; projectId: string; actorId: string }) => Promise<BenchRow[]>;
};

const corpusDir = path.resolve(process.cwd(), "../shared/corpus");
const SECTIONS: Section[] = [
  {
    id: "import",
    postgres: false,
    run: ({ handle, projectId, actorId }) => benchImport(handle, { projectId, actorId, corpusDir: fs.existsSync(corpusDir) ? corpusDir : null }),
  },
  { id: "P4", postgres: false, run: ({ handle }) => benchAgreement(handle) },
  { id: "P2", postgres: false, run: () => benchWorkspace() },
  { id: "P1", postgres: true, run: ({ pgUrl }) => benchCodingWrites(pgUrl) },
  { id: "P3", postgres: true, run: ({ pgUrl }) => benchEvents(pgUrl) },
  { id: "P5", postgres: true, run: ({ pgUrl }) => benchExport(pgUrl) },
  { id: "P6", postgres: true, run: ({ pgUrl }) => benchAggregates(pgUrl) },
  { id: "P7", postgres: true, run: ({ pgUrl }) => benchSearch(pgUrl) },
  { id: "P8", postgres: true, run: ({ pgUrl }) => benchSuggester(pgUrl) },
  // Issue 9: 100 coders for SOAK_MINUTES (default 10) on two instances.
  { id: "soak", postgres: true, run: ({ pgUrl }) => benchSoak(pgUrl) },
];

const wanted = process.argv.slice(2).map((a) => a.toLowerCase());
const unknown = wanted.filter((w) => !SECTIONS.some((s) => s.id.toLowerCase() === w));
if (unknown.length) {
  console.error(`Unknown benchmark section(s): ${unknown.join(", ")}. Known: ${SECTIONS.map((s) => s.id).join(", ")}.`);
  process.exit(2);
}
const chosen = wanted.length ? SECTIONS.filter((s) => wanted.includes(s.id.toLowerCase())) : SECTIONS;

const handle = await createTestDatabase();
try {
  const user = await makeUser(handle.db, "Bench Researcher");
  const project = await makeProject(handle.db, user.id, "Benchmark project");
  const rows: BenchRow[] = [];
  console.log(`Benchmarks on ${handle.label} (${process.arch}, Node ${process.version})\n`);
  const pgUrl = process.env.BENCH_POSTGRES_URL ?? process.env.DATABASE_URL ?? "postgres://root@127.0.0.1:5432/test";
  for (const section of chosen) {
    try {
      rows.push(...(await section.run({ handle, pgUrl, projectId: project.id, actorId: user.id })));
    } catch (error) {
      if (!section.postgres) throw error;
      console.log(`(${section.id} needs PostgreSQL at ${pgUrl}; left out: ${error instanceof Error ? error.message : String(error)})`);
    }
  }
  console.log("");
  printTable(rows);
  fs.mkdirSync("bench-results", { recursive: true });
  fs.writeFileSync("bench-results/latest.json", JSON.stringify({ at: new Date().toISOString(), database: handle.label, sections: chosen.map((s) => s.id), rows }, null, 2));
} finally {
  await handle.close();
}
