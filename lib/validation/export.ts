import { z } from "zod";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What can be exported: the dataset in five formats, the texts, the codebook three ways, the REFI-QDA project. */
export const EXPORT_FORMATS = ["csv", "csv-excel", "xlsx", "json", "jsonl", "qdpx", "texts", "codebook-csv", "codebook-md", "qdc"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** A comma-separated list of ids in a query string. */
const idList = (what: string) =>
  z
    .string()
    .transform((v) => v.split(",").map((s) => s.trim()).filter(Boolean))
    .refine((ids) => ids.every((id) => UUID.test(id)), { message: `${what} is a comma-separated list of ids.` })
    .refine((ids) => ids.length <= 10_000, { message: `${what} lists at most 10,000 ids.` });

/** `GET /export` (docs/api.md): the format, the layer and the filters of the evidence dataset. */
export const exportQuerySchema = z.object({
  format: z.enum(EXPORT_FORMATS, { message: `format is one of: ${EXPORT_FORMATS.join(", ")}.` }).default("csv"),
  layer: z
    .string()
    .refine((v) => v === "both" || v === "all" || v === "consensus" || UUID.test(v), { message: 'layer is "both" (every coder and the consensus layer), "all" (every coder), "consensus" or a coder\'s user id.' })
    .optional(),
  codes: idList("codes").optional(),
  coders: idList("coders").optional(),
  documents: idList("documents").optional(),
  attribute: z.string().trim().min(1).max(200).optional(),
  value: z.string().max(1000).optional(),
});
export type ExportQuery = z.output<typeof exportQuerySchema>;

/**
 * The Export tab's filters from its URL (the form and the report share them): repeated `codes`
 * and `coders` checkboxes joined with commas, empty fields dropped except `value` ("" = no
 * value), and `value` only with an attribute.
 */
export function exportFilterRecord(params: Record<string, string | string[] | undefined>): Record<string, string> {
  const record: Record<string, string> = {};
  for (const key of ["layer", "coders", "codes", "attribute", "value"] as const) {
    const v = params[key];
    const joined = Array.isArray(v) ? v.join(",") : v;
    if (typeof joined === "string" && (joined !== "" || key === "value")) record[key] = joined;
  }
  if (record.attribute === undefined) delete record.value;
  return record;
}
