import { z } from "zod";
import { MEASURES, UNIT_KINDS, type Measure } from "@/lib/agreement";

/**
 * What an agreement report is computed on, as the JSON API's query string and the page's URL
 * carry it (comma-separated lists). Defaults: every coder who coded, every document, every code,
 * paragraphs, every measure, 90 % overlap, a fixed bootstrap seed.
 */
const CONSENSUS = "consensus";
const SUGGESTER = "suggester";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const idList = (what: string, allowConsensus = false) =>
  z
    .string()
    .max(20_000, `${what}: too many ids.`)
    .transform((s) => [...new Set(s.split(",").map((v) => v.trim()).filter(Boolean))])
    .refine((ids) => ids.every((id) => UUID.test(id) || (allowConsensus && (id === CONSENSUS || id === SUGGESTER))), {
      message: allowConsensus ? `${what} are user ids, "consensus" for the consensus layer or "suggester" for the suggester, separated by commas.` : `${what} are ids separated by commas.`,
    });

export const agreementQuerySchema = z.object({
  coders: idList("coders", true)
    .refine((ids) => ids.length === 0 || ids.length >= 2, { message: "Choose at least two coders (or a coder and the consensus layer)." })
    .optional(),
  documents: z.union([z.literal("sample"), idList("documents")]).optional(),
  codes: idList("codes").optional(),
  unit: z.enum(UNIT_KINDS, { message: `unit is one of: ${UNIT_KINDS.join(", ")}.` }).default("paragraph"),
  measure: z
    .string()
    .transform((s) => [...new Set(s.split(",").map((v) => v.trim()).filter(Boolean))])
    .pipe(z.array(z.enum(MEASURES, { message: `measure is one or more of: ${MEASURES.join(", ")}.` })).min(1, "Choose at least one measure."))
    .optional(),
  threshold: z.coerce
    .number({ message: "threshold is a number: the share of overlap, e.g. 0.9 for 90 %." })
    .gt(0, "threshold is a share above 0 and at most 1, e.g. 0.9 for 90 %.")
    .max(1, "threshold is a share above 0 and at most 1, e.g. 0.9 for 90 %.")
    .default(0.9),
  seed: z.coerce.number({ message: "seed is a whole number." }).int("seed is a whole number.").min(0).max(2 ** 31 - 1).default(20_250_101),
  samples: z.coerce.number({ message: "samples is a whole number." }).int("samples is a whole number.").min(0, "samples is at least 0 (no interval).").max(10_000, "samples is at most 10,000.").default(1000),
  format: z.enum(["json", "csv"], { message: "format is json or csv." }).default("json"),
});
export type AgreementQuery = z.output<typeof agreementQuerySchema>;
export type { Measure };
export { CONSENSUS };
