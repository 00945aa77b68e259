import { getDatabaseHandle } from "./db/client";
import { resolveAuthSecret } from "./lib/server/auth-secret";

// Fail at start, with one clear line, rather than on the first request: a missing
// AUTH_SECRET in production, or a PGlite directory held by another process.
try {
  resolveAuthSecret();
  const handle = await getDatabaseHandle();
  console.log(`[qualcode] database ready (${handle.driver === "pglite" ? "embedded PGlite" : "PostgreSQL"})`);
} catch (error) {
  console.error(`[qualcode] cannot start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
