import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { getEnv } from "@/lib/config/env";

let cached: string | undefined;

/**
 * The secret that signs session cookies. Set AUTH_SECRET in production. For the one-command
 * start on the embedded database we generate one on first run and keep it beside the data,
 * so sessions survive restarts. A production server on an external database must be given
 * one: several instances have to share it, and a generated file would differ per machine.
 */
export function resolveAuthSecret(): string {
  if (cached) return cached;
  const env = getEnv();
  if (env.AUTH_SECRET) return (cached = env.AUTH_SECRET);
  if (env.DATABASE_URL && env.NODE_ENV === "production") {
    throw new Error(
      "AUTH_SECRET is required in production with DATABASE_URL: every app instance must share it. " +
        "Generate one with `openssl rand -base64 33` and set it in the environment.",
    );
  }
  const file = path.resolve(env.DATA_DIR, "auth-secret");
  try {
    cached = fs.readFileSync(file, "utf8").trim();
    if (cached.length >= 32) return cached;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  cached = randomBytes(33).toString("base64");
  fs.writeFileSync(file, cached + "\n", { mode: 0o600 });
  return cached;
}
