import { rowObject } from "./columns";
import type { CodingRecord, DatasetContext } from "./types";

/** JSON Lines: one object per coding per line (pandas `read_json(lines=True)`, jsonlite `stream_in`). */
export async function* datasetJsonl(batches: AsyncIterable<readonly CodingRecord[]>, ctx: DatasetContext): AsyncGenerator<string> {
  for await (const batch of batches) {
    if (batch.length > 0) yield batch.map((row) => `${JSON.stringify(rowObject(row, ctx))}\n`).join("");
  }
}

/** One JSON array of the same objects, written as it streams: `[`, rows separated by commas, `]`. */
export async function* datasetJson(batches: AsyncIterable<readonly CodingRecord[]>, ctx: DatasetContext): AsyncGenerator<string> {
  let first = true;
  yield "[";
  for await (const batch of batches) {
    if (batch.length === 0) continue;
    const body = batch.map((row) => JSON.stringify(rowObject(row, ctx))).join(",\n");
    yield first ? `\n${body}` : `,\n${body}`;
    first = false;
  }
  yield first ? "]\n" : "\n]\n";
}
