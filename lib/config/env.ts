import { z } from "zod";

/**
 * Server configuration, parsed once. A bad value fails at start with a message naming it,
 * instead of surfacing later as a confusing runtime error.
 */
const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** postgres://… — when unset, the embedded PGlite database in DATA_DIR is used. */
  DATABASE_URL: z
    .string()
    .trim()
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must start with postgres:// or postgresql://")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  /** Where the embedded database, the generated auth secret and other local state live. */
  DATA_DIR: z.string().trim().min(1).default("./data"),
  AUTH_SECRET: z
    .string()
    .min(32, "AUTH_SECRET must be at least 32 characters (openssl rand -base64 33)")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  /** Largest uploaded file, in megabytes. */
  MAX_UPLOAD_MB: z.coerce.number().positive().max(1024).default(25),
  /** Longest document text, in Unicode code points. */
  MAX_DOCUMENT_CODE_POINTS: z.coerce.number().int().positive().default(5_000_000),
  /** How long a sign-in lasts, in days, counted from signing in (the session is not extended by use). */
  SESSION_MAX_AGE_DAYS: z.coerce.number().positive("SESSION_MAX_AGE_DAYS must be a positive number of days").max(365, "SESSION_MAX_AGE_DAYS is at most 365").default(30),
  /** Size of the postgres.js pool per app instance. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

export function getEnv(source: NodeJS.ProcessEnv = process.env): Env {
  if (source === process.env && cached) return cached;
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  if (source === process.env) cached = parsed.data;
  return parsed.data;
}
