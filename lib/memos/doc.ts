/**
 * Memo bodies are Tiptap (ProseMirror) JSON. The server accepts only the nodes and marks the
 * memo editor makes (StarterKit without links), so nothing stored can smuggle markup or a
 * `javascript:` URL into a page, and derives the plain text itself rather than trusting the
 * client's. Pure and free of zod: the memo editor in the browser imports it (the schema the
 * server validates with is in ./schema.ts).
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
export const MEMO_MAX_DEPTH = 20;

const BLOCKS = new Set(["paragraph", "heading", "listItem", "blockquote", "codeBlock", "horizontalRule"]);

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
