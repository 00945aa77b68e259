/**
 * P5's measured side, in its own process so its peak memory is the export's alone: the evidence
 * dataset of a project as CSV, through the same queries and writer as GET /export, into a sink
 * that only counts. Prints one JSON line: rows, bytes, milliseconds, peak resident memory (MB).
 */
import { openDatabase } from "@/db/client";
import { loadExportContext, streamExportCodings } from "@/db/queries/export";
import { datasetCsv } from "@/lib/dataset/csv";

const [url, projectId] = process.argv.slice(2) as [string, string];
const handle = await openDatabase({ driver: "postgres", url });
try {
  const t0 = performance.now();
  const filter = { projectId, layer: "both" as const };
  const context = await loadExportContext(handle.db, filter);
  let bytes = 0;
  let rows = 0;
  async function* counted() {
    for await (const batch of streamExportCodings(handle.db, filter, context)) {
      rows += batch.length;
      yield batch;
    }
  }
  // Pulled a chunk at a time, as the route's ReadableStream pulls them (lib/server/export.ts).
  for await (const chunk of datasetCsv(counted(), context)) bytes += Buffer.byteLength(chunk);
  const ms = performance.now() - t0;
  console.log(JSON.stringify({ rows, bytes, ms, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
} finally {
  await handle.close();
}
