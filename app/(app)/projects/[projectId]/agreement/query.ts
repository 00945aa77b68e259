import { agreementQuerySchema, type AgreementQuery } from "@/lib/validation/agreement";

export type SearchParams = Record<string, string | string[] | undefined>;

/**
 * The page's URL → the API's query. A plain GET form sends repeated names (coders=a&coders=b);
 * the API takes comma lists; both arrive here as one comma list per name.
 */
export function toQueryRecord(params: SearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of ["coders", "documents", "codes", "unit", "measure", "threshold", "seed", "samples"]) {
    const value = params[key];
    const joined = Array.isArray(value) ? value.join(",") : value;
    if (joined !== undefined && joined !== "") out[key] = joined;
  }
  // The form asks for the threshold in percent; the API takes a share.
  if (params.thresholdPercent !== undefined && out.threshold === undefined) {
    const pct = Number(Array.isArray(params.thresholdPercent) ? params.thresholdPercent[0] : params.thresholdPercent);
    out.threshold = Number.isFinite(pct) ? String(pct / 100) : "x";
  }
  return out;
}

export function parseAgreementQuery(params: SearchParams): { ok: true; query: AgreementQuery; record: Record<string, string> } | { ok: false; message: string; record: Record<string, string> } {
  const record = toQueryRecord(params);
  const parsed = agreementQuerySchema.safeParse(record);
  if (parsed.success) return { ok: true, query: parsed.data, record };
  const issue = parsed.error.issues[0];
  return { ok: false, message: issue ? `${issue.path.join(".") || "query"}: ${issue.message}` : "These settings are not valid.", record };
}

export function queryString(record: Record<string, string>, extra: Record<string, string> = {}): string {
  return new URLSearchParams({ ...record, ...extra }).toString();
}
