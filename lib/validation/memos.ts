import { z } from "zod";
import { memoDocSchema } from "@/lib/memos/schema";

/** What a memo can annotate. Coding memos live on the coding row; the others in `memos`. */
export const MEMO_TARGET_TYPES = ["project", "document", "code", "coding"] as const;
export type MemoTargetType = (typeof MEMO_TARGET_TYPES)[number];

export const memoTargetSchema = z.object({
  targetType: z.enum(MEMO_TARGET_TYPES, { message: "A memo is on the project, a document, a code or a coding." }),
  targetId: z.string().uuid("The memo's target was not found."),
});

export const saveMemoSchema = memoTargetSchema.extend({
  body: memoDocSchema,
  /** The memo version the edit is based on (memos table only); a stale one is refused. */
  version: z.number().int().min(1).optional(),
});

export const deleteMemoSchema = z.object({ memoId: z.string().uuid("Memo not found.") });
