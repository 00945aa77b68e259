import { z } from "zod";
import { MEMO_MARK_TYPES, MEMO_MAX_DEPTH, MEMO_MAX_JSON, MEMO_MAX_TEXT, MEMO_NODE_TYPES, type MemoDoc, type MemoNode } from "./doc";

/**
 * The memo body schema the server validates with (lib/validation/memos.ts). Kept apart from
 * ./doc.ts so the browser's memo editor does not pull zod into the coding view's bundle.
 */
const attrsSchema = z
  .object({
    level: z.number().int().min(1).max(3).optional(),
    start: z.number().int().min(0).max(100_000).optional(),
    type: z.string().max(20).nullable().optional(),
    language: z.string().max(40).nullable().optional(),
  })
  .strip();
const markSchema = z.object({ type: z.enum(MEMO_MARK_TYPES), attrs: z.record(z.string(), z.unknown()).optional() }).transform((m) => ({ type: m.type }));

const nodeSchema: z.ZodType<MemoNode> = z.lazy(() =>
  z
    .object({
      type: z.enum(MEMO_NODE_TYPES),
      text: z.string().max(MEMO_MAX_TEXT).optional(),
      attrs: attrsSchema.optional(),
      marks: z.array(markSchema).max(10).optional(),
      content: z.array(nodeSchema).max(10_000).optional(),
    })
    .strip()
    .transform((node) => {
      const out: MemoNode = { type: node.type };
      if (node.type === "text") out.text = node.text ?? "";
      if (node.attrs && Object.keys(node.attrs).length > 0) out.attrs = node.attrs;
      if (node.marks && node.marks.length > 0) out.marks = node.marks;
      if (node.content) out.content = node.content;
      return out;
    }),
);

function depthOf(node: unknown, depth = 0): number {
  if (depth > MEMO_MAX_DEPTH || !node || typeof node !== "object") return depth;
  const content = (node as { content?: unknown }).content;
  if (!Array.isArray(content)) return depth;
  let max = depth;
  for (const child of content) max = Math.max(max, depthOf(child, depth + 1));
  return max;
}

/** The memo body schema: a `doc` of allowed nodes, bounded in size and depth. */
export const memoDocSchema = z
  .unknown()
  .superRefine((value, ctx) => {
    if (JSON.stringify(value ?? null).length > MEMO_MAX_JSON) ctx.addIssue({ code: "custom", message: "The memo is too long to save." });
    else if (depthOf(value) > MEMO_MAX_DEPTH) ctx.addIssue({ code: "custom", message: "The memo is nested too deeply." });
  })
  .pipe(nodeSchema)
  .refine((node): node is MemoDoc => node.type === "doc", "A memo body must be a Tiptap document.");
