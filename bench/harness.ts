import { createTestDatabase } from "../tests/helpers/db";

/**
 * A tiny benchmark harness: each figure is measured as a ratio against a baseline taken in the
 * same run on the same machine, because these machines are noisy and absolute times drift.
 */
export type BenchRow = {
  id: string;
  figure: string;
  /** Milliseconds (or the unit in `unit`) of the measured operation. */
  value: number;
  /** The baseline in the same unit, measured in the same run. */
  baseline: number;
  baselineLabel: string;
  unit: "ms" | "rows/s" | "req/s" | "MB" | "%" | "writes";
  /** Human-readable target, e.g. "< 2 s". */
  target: string;
  met: boolean;
};

export async function median(runs: number, fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

const DECIMALS: Record<BenchRow["unit"], number> = { ms: 0, "rows/s": 1, "req/s": 1, MB: 1, "%": 3, writes: 0 };

export function printTable(rows: BenchRow[]): void {
  const header = ["id", "figure", "value", "baseline", "ratio", "target", "met"];
  const body = rows.map((r) => [
    r.id,
    r.figure,
    `${r.value.toFixed(DECIMALS[r.unit])} ${r.unit}`,
    `${r.baseline.toFixed(r.unit === "ms" ? 1 : DECIMALS[r.unit])} ${r.unit} (${r.baselineLabel})`,
    `${(r.value / r.baseline).toFixed(2)}×`,
    r.target,
    r.met ? "yes" : "NO",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) => "| " + cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ") + " |";
  console.log(line(header));
  console.log("|" + widths.map((w) => "-".repeat(w + 2)).join("|") + "|");
  for (const row of body) console.log(line(row));
}

/** A throw-away database on the PostgreSQL server at `pgUrl` (dropped by `close()`), whatever DATABASE_URL says. */
export async function postgresBenchDatabase(pgUrl: string): Promise<Awaited<ReturnType<typeof createTestDatabase>>> {
  const previous = process.env.DATABASE_URL;
  process.env.DATABASE_URL = pgUrl;
  try {
    return await createTestDatabase();
  } finally {
    process.env.DATABASE_URL = previous;
  }
}
