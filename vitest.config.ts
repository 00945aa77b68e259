import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // `server-only` throws outside React Server Components; in tests the guard runs in plain Node.
      "server-only": path.resolve(import.meta.dirname, "tests/helpers/empty-module.ts"),
    },
  },
  test: {
    environment: "node",
    include: ["lib/**/*.test.ts", "db/**/*.test.ts", "tests/integration/**/*.test.ts", "tests/corpus/**/*.test.ts", "tests/faults/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Each file opens its own database; two cores, so keep parallelism modest.
    pool: "forks",
    // next-auth imports `next/server` without an extension, which Node's ESM loader cannot
    // resolve (next has no exports map); let Vite resolve it instead.
    server: { deps: { inline: ["next-auth"] } },
    maxWorkers: 2,
  },
});
