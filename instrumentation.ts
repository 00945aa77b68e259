/**
 * Runs once when the server starts. The Node-only work (opening the database, which takes a
 * few seconds for a fresh PGlite directory, and applying migrations) lives in
 * instrumentation-node.ts so the edge bundle never sees it.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") await import("./instrumentation-node");
}
