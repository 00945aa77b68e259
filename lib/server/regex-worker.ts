import "server-only";
import { Worker } from "node:worker_threads";

/**
 * Runs a regular expression over many texts in a worker thread, so that a pattern that
 * backtracks for minutes (`(a+)+$` on a long run of a's) cannot stall the server: when the time
 * limit passes, the worker is terminated and the search answers with a clear message. The worker
 * is plain JavaScript evaluated from this string (no file to bundle); it reports UTF-16 indexes,
 * which the caller turns into code points with lib/offsets.
 */
const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
parentPort.on("message", ({ source, flags, texts, limit }) => {
  const re = new RegExp(source, flags);
  const found = [];
  let total = 0;
  for (let t = 0; t < texts.length; t++) {
    re.lastIndex = 0;
    let m;
    while ((m = re.exec(texts[t])) !== null) {
      if (m[0].length === 0) { re.lastIndex++; continue; }
      total++;
      if (found.length < limit) found.push([t, m.index, m.index + m[0].length]);
    }
  }
  parentPort.postMessage({ found, total });
});
`;

export class RegexTimeoutError extends Error {}

export type RegexRun = {
  /** Runs the pattern over one batch of texts: each match as [text index, UTF-16 start, UTF-16 end], at most `limit`, and how many there were in all. */
  run(texts: readonly string[], limit: number): Promise<{ found: [number, number, number][]; total: number }>;
  close(): Promise<void>;
};

/** A worker for one search, ended after `timeoutMs` in all (every batch counts against it). */
export function regexWorker(re: RegExp, timeoutMs: number): RegexRun {
  const worker = new Worker(WORKER_SOURCE, { eval: true, resourceLimits: { maxOldGenerationSizeMb: 512 } });
  const deadline = Date.now() + timeoutMs;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await worker.terminate();
  };
  return {
    run(texts, limit) {
      return new Promise((resolve, reject) => {
        const left = deadline - Date.now();
        const fail = (error: Error) => {
          cleanup();
          void close();
          reject(error);
        };
        const timer = setTimeout(() => fail(new RegexTimeoutError(`The regular expression took longer than ${Math.round(timeoutMs / 1000)} s; make it more specific.`)), Math.max(0, left));
        const onMessage = (result: { found: [number, number, number][]; total: number }) => {
          cleanup();
          resolve(result);
        };
        const onError = (error: Error) => fail(error);
        const cleanup = () => {
          clearTimeout(timer);
          worker.off("message", onMessage);
          worker.off("error", onError);
        };
        worker.on("message", onMessage);
        worker.on("error", onError);
        worker.postMessage({ source: re.source, flags: re.flags, texts, limit });
      });
    },
    close,
  };
}
