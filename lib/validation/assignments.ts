import { z } from "zod";

/**
 * Input of assignment and sample requests, shared by the server actions, the JSON API and the
 * forms (which send exactly these shapes).
 */

const uuid = (message: string) => z.string().uuid(message);
const documentIds = z.array(uuid("Document not found.")).min(1, "Choose at least one document.").max(5000, "Assign at most 5,000 documents at once.");
const userIds = z.array(uuid("That person is not a member of this project.")).min(1, "Choose at least one coder.").max(100);

export const assignSchema = z.object({ documentIds, userIds });

export const unassignSchema = z
  .object({
    pairs: z.array(z.object({ documentId: z.string(), userId: z.string() })).max(10_000).optional(),
    /** Every assignment of this sample (by its label). */
    sample: z.string().min(1).max(300).optional(),
  })
  .refine((v) => (v.pairs?.length ?? 0) > 0 || v.sample !== undefined, "Say which assignments to remove: pairs or a sample.");

export const setDoneSchema = z.object({ documentId: uuid("This document is not assigned to you."), done: z.boolean() });

/** `"sourceType"`, `{ attributeId }`, or nothing (an unstratified sample). */
export const stratifyBySchema = z.union([z.literal("sourceType"), z.object({ attributeId: z.string() })]).nullish();

export const sampleSchema = z
  .object({
    /** The share of the project's documents, in (0, 1]; or `count`. */
    share: z.number().gt(0, "The share must be more than 0 %.").max(1, "The share can be at most 100 %.").optional(),
    count: z.number().int().min(1, "Draw at least one document.").optional(),
    seed: z.union([z.string().trim().min(1, "Give a seed: the same seed draws the same sample.").max(100), z.number().int().safe()]),
    codersPerDocument: z.number().int().min(2, "A double-coding sample needs at least 2 coders per document.").max(100),
    userIds: z.array(uuid("That person is not a member of this project.")).min(2, "Choose at least two coders.").max(100),
    stratifyBy: stratifyBySchema,
  })
  .refine((v) => (v.share === undefined) !== (v.count === undefined), { message: "Give either a share or a number of documents.", path: ["share"] });

export type SampleBody = z.output<typeof sampleSchema>;

/** The API's and forms' `stratifyBy` in the form the query takes. */
export function toStratifyBy(value: SampleBody["stratifyBy"]): { kind: "sourceType" } | { kind: "attribute"; attributeId: string } | null {
  if (!value) return null;
  return value === "sourceType" ? { kind: "sourceType" } : { kind: "attribute", attributeId: value.attributeId };
}
