/**
 * A small closed-loop load generator: `clients` concurrent loops, each sending its next request
 * as soon as the previous answers, for `durationMs`. Reports throughput and latency percentiles.
 * Loopback only, bounded in time.
 */
export type LoadResult = { requests: number; errors: number; seconds: number; perSecond: number; p50: number; p95: number; p99: number; latencies: number[] };

export async function runLoad(opts: {
  clients: number;
  durationMs: number;
  /** Sends one request and resolves with its status once the answer has fully arrived. */
  request: (client: number, i: number) => Promise<number>;
  expectStatus: number;
}): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + opts.durationMs;
  await Promise.all(
    Array.from({ length: opts.clients }, async (_, client) => {
      for (let i = 0; performance.now() < deadline; i++) {
        const t0 = performance.now();
        try {
          const status = await opts.request(client, i);
          if (status !== opts.expectStatus) errors++;
        } catch {
          errors++;
        }
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
  return { requests: latencies.length, errors, seconds, perSecond: latencies.length / seconds, p50: pct(50), p95: pct(95), p99: pct(99), latencies };
}

/** Several runs of the same load as one result: throughput over their total time, percentiles over all their latencies. */
export function combineLoads(runs: LoadResult[]): LoadResult {
  const latencies = runs.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const seconds = runs.reduce((sum, r) => sum + r.seconds, 0);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
  return { requests: latencies.length, errors: runs.reduce((sum, r) => sum + r.errors, 0), seconds, perSecond: latencies.length / seconds, p50: pct(50), p95: pct(95), p99: pct(99), latencies };
}
