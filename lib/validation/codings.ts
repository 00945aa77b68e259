import { z } from "zod";

/** A code point offset into a document's text; the bound keeps it inside PostgreSQL's integer. */
export const offsetSchema = z
  .number({ message: "Offsets are whole numbers of code points." })
  .int("Offsets are whole numbers of code points.")
  .min(0, "Offsets start at 0.")
  .max(100_000_000, "Offsets are at most 100,000,000 (no document is longer).");
const offset = offsetSchema;
const memo = z.string().max(50_000, "Use at most 50,000 characters.");

export const codingParamsSchema = z.object({ projectId: z.string(), codingId: z.string().uuid("Coding not found.") });

export const createCodingSchema = z
  .object({
    documentId: z.string().uuid("documentId is not a valid id."),
    codeId: z.string().uuid("codeId is not a valid id."),
    start: offset,
    end: offset,
    memo: memo.optional(),
  })
  .refine((v) => v.start < v.end, { message: "start must be before end (end is exclusive).", path: ["end"] });

export const updateCodingSchema = z
  .object({
    codeId: z.string().uuid("codeId is not a valid id.").optional(),
    start: offset.optional(),
    end: offset.optional(),
    memo: memo.optional(),
    /** The version the edit is based on; a stale one is refused with the current state. */
    version: z.number().int().min(1).optional(),
  })
  .refine((v) => v.codeId !== undefined || v.start !== undefined || v.end !== undefined || v.memo !== undefined, "Nothing to change: send codeId, start, end or memo.")
  .refine((v) => v.start === undefined || v.end === undefined || v.start < v.end, { message: "start must be before end (end is exclusive).", path: ["end"] });

export const codingListQuerySchema = z.object({
  documentId: z.string().uuid("documentId is not a valid id.").optional(),
  codeId: z.string().uuid("codeId is not a valid id.").optional(),
  coderId: z.string().uuid("coderId is not a valid id.").optional(),
  layer: z.enum(["coder", "consensus"]).optional(),
});
