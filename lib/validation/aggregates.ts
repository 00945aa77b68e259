import { z } from "zod";
import { MATRIX_KINDS, NORMALISATIONS, PER_WORDS_KINDS } from "@/lib/aggregate/matrix";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `GET /matrix` (docs/api.md): which matrix, which layer, rolled up or not, how normalised. */
export const matrixQuerySchema = z
  .object({
    kind: z.enum(MATRIX_KINDS, { message: `kind is one of: ${MATRIX_KINDS.join(", ")}.` }),
    attribute: z.string().trim().min(1).max(200).optional(),
    layer: z
      .string()
      .refine((v) => v === "all" || v === "consensus" || UUID.test(v), { message: 'layer is "all", "consensus" or a coder\'s user id.' })
      .optional(),
    rollup: z.enum(["true", "false"], { message: "rollup is true or false." }).default("false"),
    by: z.enum(["overlap", "paragraph"], { message: "by is overlap or paragraph." }).default("overlap"),
    period: z.enum(["year", "month"], { message: "period is year or month." }).default("year"),
    normalise: z.enum(NORMALISATIONS, { message: "normalise is count, row, column or per1000 (per 1,000 words)." }).default("count"),
    chart: z.enum(["line", "stacked"], { message: "chart is line or stacked (bars), for the timeline." }).default("line"),
    format: z.enum(["json", "csv", "svg"], { message: "format is json, csv or svg (the chart)." }).default("json"),
  })
  .refine((q) => q.kind !== "code-attribute" || q.attribute !== undefined, { message: "code-attribute needs attribute=<name or id>.", path: ["attribute"] })
  .refine((q) => q.normalise !== "per1000" || PER_WORDS_KINDS.includes(q.kind), {
    message: "Per 1,000 words applies to codes × documents, codes × attribute values and the timeline, whose columns are texts.",
    path: ["normalise"],
  });
export type MatrixQuery = z.output<typeof matrixQuerySchema>;
