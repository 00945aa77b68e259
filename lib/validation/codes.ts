import { z } from "zod";

export const codeNameSchema = z
  .string()
  .trim()
  .min(1, "Give the code a name.")
  .max(120, "Use at most 120 characters.")
  .refine((s) => !s.includes("/"), "A code name cannot contain “/” (it separates levels in code paths).");
export const colorSchema = z
  .string()
  .trim()
  .regex(/^#[0-9a-fA-F]{6}$/, "Colour must look like #1c7ed6.")
  .transform((s) => s.toLowerCase());
const longText = z.string().max(10_000, "Use at most 10,000 characters.");

export const createCodeSchema = z.object({
  name: codeNameSchema,
  color: colorSchema.optional(),
  parentId: z.string().uuid("The parent code id is not valid.").nullable().optional(),
  definition: longText.optional(),
  include: longText.optional(),
  exclude: longText.optional(),
  examples: longText.optional(),
});

export const updateCodeSchema = createCodeSchema
  .partial()
  .extend({
    position: z.number().int().min(0).max(1_000_000).optional(),
    /** The version the edit is based on; a stale one is refused with the current state. */
    version: z.number().int().min(1).optional(),
  })
  .refine((v) => Object.entries(v).some(([k, x]) => k !== "version" && x !== undefined), "Nothing to change.");

export const deleteCodeSchema = z.discriminatedUnion("codings", [
  z.object({ codings: z.literal("delete") }),
  z.object({ codings: z.literal("move"), targetCodeId: z.string().uuid("Choose a code to move the codings to.") }),
]);

/**
 * How the JSON API's DELETE names what happens to the code's codings, from the query string or a
 * JSON body. Both fields are optional here; the handler merges them and then applies
 * `deleteCodeSchema`. With no choice the delete is refused when the code has codings.
 */
export const deleteCodeRequestSchema = z.object({
  codings: z.enum(["delete", "move"], { message: "codings is either delete or move." }).optional(),
  targetCodeId: z.string().optional(),
});
export const codeParamsSchema = z.object({ projectId: z.string(), codeId: z.string().uuid("Code not found.") });

export const moveCodeSchema = z.object({
  parentId: z.string().uuid("The parent code id is not valid.").nullable(),
  /** Place among the new siblings, 0 first; past the end means last. */
  index: z.number().int().min(0).max(100_000),
});

/** Same source and target is refused by mergeCodes itself, with a plain message. */
export const mergeCodesSchema = z.object({
  sourceCodeId: z.string().uuid("Code not found."),
  targetCodeId: z.string().uuid("Choose the code to merge into."),
});
