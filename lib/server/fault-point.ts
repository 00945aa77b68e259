import "server-only";

/**
 * Deterministic crash points for the fault tests (tests/faults): "kill the server in the middle
 * of an import" must be exact, not a race against a timer.
 *
 * `await faultPoint("document-import.in-transaction")` does nothing unless the process was
 * started with QUALCODE_FAULT_POINT naming that point. Then it announces itself with one line on
 * stderr (and, with QUALCODE_FAULT_MARKER=<file>, by writing the point's name to that file) and
 * waits forever, holding its transaction open, until the test SIGKILLs the process.
 *
 * Only the process environment can arm a point: nothing in a request reaches it, and an
 * unarmed point costs one property read.
 */
export const FAULT_POINTS = [
  "document-import.in-transaction",
  "code-merge.in-transaction",
  "consensus-accept.in-transaction",
  "consensus-merge.in-transaction",
  "qdpx-import.in-transaction",
] as const;

export type FaultPoint = (typeof FAULT_POINTS)[number];

export const FAULT_POINT_ENV = "QUALCODE_FAULT_POINT";
export const FAULT_MARKER_ENV = "QUALCODE_FAULT_MARKER";

/** The line written to stderr when a point is reached; tests wait for it. */
export const faultAnnouncement = (point: FaultPoint) => `[qualcode] fault point reached: ${point} (pid ${process.pid})`;

export async function faultPoint(point: FaultPoint): Promise<void> {
  if (process.env[FAULT_POINT_ENV] !== point) return;
  const marker = process.env[FAULT_MARKER_ENV];
  if (marker) {
    // Imported here so an unarmed point never loads it (and bundles that never arm one stay lean).
    const fs = await import("node:fs");
    fs.writeFileSync(marker, point);
  }
  process.stderr.write(`${faultAnnouncement(point)}\n`);
  // Keeps the event loop alive (PGlite holds no socket) and never settles.
  await new Promise<never>(() => setInterval(() => {}, 1 << 30));
}
