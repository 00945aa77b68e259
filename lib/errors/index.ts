/**
 * The small error vocabulary shared by server actions, the JSON API and the UI. Messages are
 * written for the person who sees them; internal details are logged, never sent.
 */
export const ERROR_STATUS = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  too_many_requests: 429,
  internal: 500,
  /** The database cannot be reached (restarting, down, connections cut): try again shortly. */
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export type ErrorBody = {
  code: ErrorCode;
  message: string;
  /** Field-level messages for forms, or the current state of a record on a conflict. */
  details?: Record<string, unknown>;
};

export type Result<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "AppError";
  }

  toBody(): ErrorBody {
    return this.details ? { code: this.code, message: this.message, details: this.details } : { code: this.code, message: this.message };
  }
}

export const notFound = (what = "Project") => new AppError("not_found", `${what} not found.`);

export function ok<T>(data: T): Result<T> {
  return { ok: true, data };
}

export function fail(code: ErrorCode, message: string, details?: Record<string, unknown>): Result<never> {
  return { ok: false, error: details ? { code, message, details } : { code, message } };
}

/** PostgreSQL error codes we translate into user-facing conflicts. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = findPgError(error);
  return !!e && e.code === "23505" && (!constraint || e.constraint === constraint || e.constraint_name === constraint);
}

export function isCheckViolation(error: unknown): boolean {
  return findPgError(error)?.code === "23514";
}

export function isForeignKeyViolation(error: unknown): boolean {
  return findPgError(error)?.code === "23503";
}

type PgErrorLike = { code?: string; constraint?: string; constraint_name?: string };

// postgres.js and PGlite expose the SQLSTATE as `code`; drizzle wraps them in `cause`.
function findPgError(error: unknown): PgErrorLike | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === "object"; depth++) {
    const candidate = current as PgErrorLike & { cause?: unknown };
    if (typeof candidate.code === "string" && /^[0-9A-Z]{5}$/.test(candidate.code)) return candidate;
    current = candidate.cause;
  }
  return undefined;
}

// postgres.js's own codes for a connection that failed or went away, and Node's socket errors.
const CONNECTION_CODES = new Set(["CONNECTION_CLOSED", "CONNECTION_ENDED", "CONNECTION_DESTROYED", "CONNECT_TIMEOUT", "ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN"]);
// SQLSTATE: class 08 (connection exception), admin/crash shutdown, "cannot connect now" (starting up, shutting down, recovering).
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[1-3])$/;

/**
 * Whether an error means the database could not be reached, as while PostgreSQL restarts (tests/
 * e2e/postgres-restart.spec.ts): the request did not run (or its outcome is unknown) and the
 * same request may well succeed in a moment, so it deserves a 503 and a "try again", not the
 * 500 of a bug. Looks through drizzle's `cause` wrapping.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === "object"; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && (CONNECTION_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code))) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
