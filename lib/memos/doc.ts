import { z } from "zod";

/**
 * Memo bodies are Tiptap (ProseMirror) JSON. The server accepts only the nodes and marks the
 * memo editor makes (StarterKit without links), so nothing stored can smuggle markup or a
 * `javascript:` URL into a page, and derives the plain text itself rather than trusting the
 * client's. Pure: used by the actions, the queries' callers and the editor alike.
 */
export type MemoNode = {
  type: string;
  text?: string;
  attrs?: Record<string, unknown>;
  marks?: { type: string; attrs?: Record<string, unknown> }[];
  content?: MemoNode[];
};
export type MemoDoc = MemoNode & { type: "doc" };

export const MEMO_NODE_TYPES = [
  "doc",
  "paragraph",
  "text",
  "heading",
  "bulletList",
  "orderedList",
  "listItem",
  "blockquote",
  "hardBreak",
  "horizontalRule",
  "codeBlock",
] as const;
export const MEMO_MARK_TYPES = ["bold", "italic", "strike", "underline", "code"] as const;

/** Memos are notes, not documents: generous, but bounded. */
export const MEMO_MAX_TEXT = 50_000;
export const MEMO_MAX_JSON = 400_000;
const MAX_DEPTH = 20;

const BLOCKS = new Set(["paragraph", "heading", "listItem", "blockquote", "codeBlock", "horizontalRule"]);

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
  if (depth > MAX_DEPTH || !node || typeof node !== "object") return depth;
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
    else if (depthOf(value) > MAX_DEPTH) ctx.addIssue({ code: "custom", message: "The memo is nested too deeply." });
  })
  .pipe(nodeSchema)
  .refine((node): node is MemoDoc => node.type === "doc", "A memo body must be a Tiptap document.");

/** Plain text of a memo: blocks on their own lines, list items too; what search and export read. */
export function memoPlainText(doc: MemoNode | null | undefined): string {
  if (!doc) return "";
  const lines: string[] = [];
  let line = "";
  const flush = () => {
    lines.push(line);
    line = "";
  };
  const walk = (node: MemoNode) => {
    if (node.type === "text") line += node.text ?? "";
    else if (node.type === "hardBreak") flush();
    for (const child of node.content ?? []) walk(child);
    if (BLOCKS.has(node.type) && node.type !== "listItem" && node.type !== "blockquote") flush();
  };
  walk(doc);
  if (line) flush();
  return lines
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** A memo document from plain text (a coding memo written before rich text, or imported). */
export function memoDocFromText(text: string): MemoDoc {
  const paragraphs = text.replace(/\r\n?/g, "\n").split("\n");
  return {
    type: "doc",
    content: paragraphs.map((p) => (p ? { type: "paragraph", content: [{ type: "text", text: p }] } : { type: "paragraph" })),
  };
}

export const EMPTY_MEMO_DOC: MemoDoc = { type: "doc", content: [{ type: "paragraph" }] };

/** The start of a memo for lists: its own line breaks kept (blank runs collapsed), cut at a word. */
export function memoExcerpt(text: string, max = 240): string {
  const tidy = text
    .split("\n")
    .map((line) => line.replace(/\s+/g, " ").trim())
    .join("\n")
    .replace(/\n{2,}/g, "\n")
    .trim();
  if (tidy.length <= max) return tidy;
  const cut = tidy.slice(0, max);
  const space = Math.max(cut.lastIndexOf(" "), cut.lastIndexOf("\n"));
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
