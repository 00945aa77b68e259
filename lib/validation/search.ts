import { z } from "zod";
import { MAX_QUERY_LENGTH, SEARCH_MODES } from "@/lib/search/query";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const idList = z
  .string()
  .transform((v) => v.split(",").map((s) => s.trim()).filter(Boolean))
  .refine((ids) => ids.every((id) => UUID.test(id)), { message: "documents is a comma-separated list of document ids." })
  .refine((ids) => ids.length <= 10_000, { message: "documents lists at most 10,000 ids." });
const bool = z.union([z.boolean(), z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1")]);

const searchFields = {
  q: z.string({ message: "q is the text to search for." }).trim().min(1, { message: "Type something to search for." }).max(MAX_QUERY_LENGTH, { message: `The search is longer than ${MAX_QUERY_LENGTH} characters.` }),
  mode: z.enum(SEARCH_MODES, { message: `mode is one of: ${SEARCH_MODES.join(", ")}.` }).default("words"),
  case: bool.optional(),
  attribute: z.string().trim().min(1).max(200).optional(),
  value: z.string().max(1000).optional(),
};

/** `GET /search` (docs/api.md): the query, its mode and which documents to look in. */
export const searchQuerySchema = z.object({
  ...searchFields,
  documents: idList.optional(),
  limit: z.coerce.number({ message: "limit is a number of hits." }).int({ message: "limit is a whole number of hits." }).min(1, { message: "limit is at least 1." }).max(1_000, { message: "limit is at most 1,000 hits." }).optional(),
});
export type SearchQueryInput = z.output<typeof searchQuerySchema>;

const span = z.object({
  documentId: z.string().regex(UUID, { message: "A hit's documentId is a document id." }),
  start: z.number().int().min(0),
  end: z.number().int().min(1),
});

/** `POST /autocode` (docs/api.md): a search, the code to apply and the extent; `preview` answers without writing. */
export const autocodeBodySchema = z
  .object({
    ...searchFields,
    documents: z.union([idList, z.array(z.string().regex(UUID, { message: "documents lists document ids." })).max(10_000)]).optional(),
    codeId: z.string({ message: "codeId is the code to apply." }).regex(UUID, { message: "That code does not exist." }),
    extent: z.enum(["match", "sentence", "paragraph"], { message: "extent is match, sentence or paragraph." }).default("match"),
    preview: z.boolean().default(false),
    /** Only these hits (as the search returned them); all hits when left out. */
    hits: z.array(span).max(10_000, { message: "At most 10,000 hits can be chosen." }).optional(),
  })
  .strict();
export type AutocodeBody = z.output<typeof autocodeBodySchema>;

export const autocodeParamsSchema = z.object({
  projectId: z.string(),
  batchId: z.string().regex(UUID, { message: "That auto-coding run does not exist." }),
});
