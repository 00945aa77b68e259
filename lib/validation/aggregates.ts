import { z } from "zod";
import { MATRIX_KINDS } from "@/lib/aggregate/matrix";

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
    normalise: z.enum(["count", "row", "column"], { message: "normalise is count, row or column." }).default("count"),
    format: z.enum(["json", "csv", "svg"], { message: "format is json, csv or svg (the chart)." }).default("json"),
  })
  .refine((q) => q.kind !== "code-attribute" || q.attribute !== undefined, { message: "code-attribute needs attribute=<name or id>.", path: ["attribute"] });
export type MatrixQuery = z.output<typeof matrixQuerySchema>;
