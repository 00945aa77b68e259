import type { ErrorBody } from "@/lib/errors";

/**
 * Splits a server error into messages for the form's fields and one for the form itself.
 * The guard sends zod problems as `details.fields` (path → message); queries name one field as
 * `details.field`. A message that belongs to no field the form shows goes to the form.
 */
export type FormErrors = { fields: Record<string, string>; form: string | null };

export function formErrors(error: ErrorBody, knownFields: readonly string[]): FormErrors {
  const fields: Record<string, string> = {};
  const details = error.details ?? {};
  const zodFields = details.fields;
  if (zodFields && typeof zodFields === "object") {
    for (const [path, message] of Object.entries(zodFields as Record<string, unknown>)) {
      const key = path.split(".").at(-1) ?? path;
      if (knownFields.includes(key) && typeof message === "string") fields[key] ??= message;
    }
  }
  if (typeof details.field === "string" && knownFields.includes(details.field)) fields[details.field] ??= error.message;
  return { fields, form: Object.keys(fields).length > 0 ? null : error.message };
}
