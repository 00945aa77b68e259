import { AppError } from "@/lib/errors";

/**
 * PostgreSQL cannot store U+0000 in text (or JSON) columns: a NUL that reaches a query fails
 * it, and used to fail the request with a 500. Nobody types one, so input that carries one is
 * refused up front, naming the field. (Uploaded files are different: their text and metadata
 * are cleaned by lib/ingest, which drops control characters and reports it.)
 */
const NUL = "\u0000";
export const NUL_MESSAGE = "text cannot contain the NUL character (U+0000).";

/** The path ("name", "values.0.attributes.Wave") of the first string or key with a NUL, or null. */
export function nulPath(value: unknown, path: (string | number)[] = [], seen = new Set<object>()): string | null {
  if (typeof value === "string") return value.includes(NUL) ? path.join(".") || "_" : null;
  if (typeof value !== "object" || value === null || seen.has(value)) return null;
  seen.add(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nulPath(value[i], [...path, i], seen);
      if (found !== null) return found;
    }
    return null;
  }
  for (const [key, v] of Object.entries(value)) {
    if (key.includes(NUL)) return [...path, key.replaceAll(NUL, "\\0")].join(".");
    const found = nulPath(v, [...path, key], seen);
    if (found !== null) return found;
  }
  return null;
}

/** Throws a 400 naming the field when any text in `value` contains a NUL. */
export function refuseNul(value: unknown): void {
  const path = nulPath(value);
  if (path === null) return;
  const message = path === "_" ? "The text cannot contain the NUL character (U+0000)." : `${path}: ${NUL_MESSAGE}`;
  throw new AppError("bad_request", message, { fields: { [path]: NUL_MESSAGE } });
}
