import { z } from "zod";
import { MAX_SENTENCE_DISTANCE, RETRIEVAL_OPERATORS, RETRIEVAL_SCOPES, RETRIEVAL_SORTS, type RetrievalQuery } from "@/lib/retrieval/query";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const id = (what: string) => z.string().regex(UUID, { message: `${what} does not exist.` });

/** A retrieval query from URL parameters or a saved query's JSON: strings in, a `RetrievalQuery` out. */
export const retrievalQuerySchema = z
  .object({
    a: id("That code"),
    op: z.enum(RETRIEVAL_OPERATORS, { message: `op is one of: ${RETRIEVAL_OPERATORS.join(", ")}.` }).default("only"),
    b: id("The second code").optional(),
    scope: z.enum(RETRIEVAL_SCOPES, { message: `scope is one of: ${RETRIEVAL_SCOPES.join(", ")}.` }).default("paragraph"),
    within: z.coerce
      .number({ message: "within is a number of sentences." })
      .int({ message: "within is a whole number of sentences." })
      .min(0, { message: "within is 0 (the same sentence) or more." })
      .max(MAX_SENTENCE_DISTANCE, { message: `within is at most ${MAX_SENTENCE_DISTANCE} sentences; for more, use "in the same document".` })
      .default(1),
    rollup: z.union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")]).default(false),
    layer: z
      .string()
      .refine((v) => v === "all" || v === "consensus" || UUID.test(v), { message: 'layer is "all", "consensus" or a coder\'s user id.' })
      .optional(),
    document: id("That document").optional(),
    coder: id("That coder").optional(),
    attribute: z.string().trim().min(1).max(200).optional(),
    value: z.string().max(1000).optional(),
    sort: z.enum(RETRIEVAL_SORTS, { message: `sort is one of: ${RETRIEVAL_SORTS.join(", ")}.` }).default("document"),
  })
  .refine((q) => q.op === "only" || q.b !== undefined, { message: "Choose the second code (B) for AND, NOT and NEAR.", path: ["b"] })
  .refine((q) => q.op === "only" || q.b !== q.a, { message: "Choose two different codes for A and B.", path: ["b"] })
  .transform((q): RetrievalQuery => ({ ...q, b: q.op === "only" ? undefined : q.b, value: q.attribute === undefined ? undefined : (q.value ?? "") }));

/** Reads a query from search parameters: empty strings mean "not set", except `value` ("" = no value). */
export function parseRetrievalParams(params: Record<string, string | string[] | undefined>) {
  const record: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) if (typeof v === "string" && (v !== "" || k === "value")) record[k] = v;
  return retrievalQuerySchema.safeParse(record);
}
