/**
 * Runs once when the server starts: opens the database (PGlite needs a few seconds on a fresh
 * directory) and applies migrations, so the first request does not wait and a second process
 * on the same PGlite directory is refused at start with a clear message.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getDatabaseHandle } = await import("./db/client");
  const { resolveAuthSecret } = await import("./lib/server/auth-secret");
  try {
    resolveAuthSecret();
    const handle = await getDatabaseHandle();
    console.log(`[qualcode] database ready (${handle.driver === "pglite" ? "embedded PGlite" : "PostgreSQL"})`);
  } catch (error) {
    console.error(`[qualcode] cannot start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
