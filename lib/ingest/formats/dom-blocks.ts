import type { Block } from "../types";

/**
 * Readable blocks from an HTML DOM (linkedom): headings, paragraphs, list items and table rows
 * (cells joined by tabs). Only text nodes are read — tags, attributes, scripts and styles never
 * reach the text, so nothing in an uploaded file can later run or render as markup. Used for web
 * pages (after Readability), for DOCX (mammoth's HTML) and for HTML blocks inside Markdown.
 */

// Minimal structural view of the DOM nodes we read (linkedom implements the standard DOM).
type DomNode = { nodeType: number; nodeName: string; textContent: string | null; childNodes: ArrayLike<DomNode> };

const SKIP = new Set([
  "SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "IFRAME", "OBJECT", "EMBED", "SVG", "MATH", "CANVAS", "HEAD", "TITLE", "META",
  "LINK", "BUTTON", "INPUT", "SELECT", "TEXTAREA", "OPTION", "IMG", "VIDEO", "AUDIO", "SOURCE", "TRACK", "MAP", "AREA", "PICTURE", "DIALOG",
]);
const BLOCK = new Set([
  "ADDRESS", "ARTICLE", "ASIDE", "BLOCKQUOTE", "BODY", "CENTER", "DD", "DETAILS", "DIV", "DL", "DT", "FIELDSET", "FIGCAPTION", "FIGURE",
  "FOOTER", "FORM", "HEADER", "HGROUP", "HR", "HTML", "LEGEND", "MAIN", "NAV", "P", "SECTION", "SUMMARY", "CAPTION", "TBODY", "THEAD", "TFOOT",
]);
const HEADING = /^H([1-6])$/;

export function domToBlocks(root: DomNode, options: { keepTabs?: boolean } = {}): Block[] {
  const space = options.keepTabs ? /[ \n\r\f]+/g : /[ \t\n\r\f]+/g;
  const blocks: Block[] = [];
  let buffer = "";
  let group = 0;
  let listGroup: number | undefined;

  const flush = (kind: Block["kind"] = "paragraph", level?: number, forGroup?: number) => {
    const text = tidy(buffer);
    buffer = "";
    if (text) blocks.push({ kind, text, ...(level ? { level } : {}), ...(forGroup !== undefined ? { group: forGroup } : {}) });
  };

  const walk = (node: DomNode, pre: boolean) => {
    if (node.nodeType === 3) {
      const t = node.textContent ?? "";
      buffer += pre ? t.replace(/\r\n?/g, "\n") : t.replace(space, " ");
      return;
    }
    if (node.nodeType !== 1 && node.nodeType !== 9 && node.nodeType !== 11) return; // comments, processing instructions
    const name = node.nodeName.toUpperCase();
    if (SKIP.has(name)) return;
    if (name === "BR") {
      buffer += "\n";
      return;
    }
    const h = HEADING.exec(name);
    if (h) {
      flush();
      walkChildren(node, pre);
      flush("heading", Number(h[1]));
      return;
    }
    if (name === "UL" || name === "OL" || name === "MENU") {
      flush();
      const outer = listGroup;
      listGroup ??= ++group;
      walkChildren(node, pre);
      flush("list_item", undefined, listGroup);
      listGroup = outer;
      return;
    }
    if (name === "LI") {
      flush(listGroup !== undefined ? "list_item" : "paragraph", undefined, listGroup);
      walkChildren(node, pre);
      flush(listGroup !== undefined ? "list_item" : "paragraph", undefined, listGroup);
      return;
    }
    if (name === "TABLE") {
      flush();
      const g = ++group;
      for (const row of rowsOf(node)) {
        const cells = cellsOf(row).map((c) => tidy(inlineText(c)).replace(/\s+/g, " "));
        if (cells.some((c) => c)) blocks.push({ kind: "table_row", text: cells.join("\t"), group: g });
      }
      return;
    }
    if (name === "PRE") {
      flush();
      walkChildren(node, true);
      flush();
      return;
    }
    if (BLOCK.has(name) || name === "TR" || name === "TD" || name === "TH") {
      flush();
      walkChildren(node, pre);
      flush();
      return;
    }
    walkChildren(node, pre);
  };
  const walkChildren = (node: DomNode, pre: boolean) => {
    for (let i = 0; i < node.childNodes.length; i++) walk(node.childNodes[i]!, pre);
  };

  walk(root, false);
  flush();
  return blocks;
}

/** Text of a subtree with block boundaries read as spaces (a table cell is one line). */
function inlineText(node: DomNode): string {
  if (node.nodeType === 3) return node.textContent ?? "";
  if (node.nodeType !== 1) return "";
  const name = node.nodeName.toUpperCase();
  if (SKIP.has(name)) return "";
  if (name === "BR") return " ";
  let out = "";
  for (let i = 0; i < node.childNodes.length; i++) out += inlineText(node.childNodes[i]!);
  return BLOCK.has(name) || name === "LI" || HEADING.test(name) ? ` ${out} ` : out;
}

function rowsOf(table: DomNode): DomNode[] {
  const rows: DomNode[] = [];
  const visit = (n: DomNode) => {
    for (let i = 0; i < n.childNodes.length; i++) {
      const c = n.childNodes[i]!;
      if (c.nodeType !== 1) continue;
      const name = c.nodeName.toUpperCase();
      if (name === "TR") rows.push(c);
      else if (name === "THEAD" || name === "TBODY" || name === "TFOOT") visit(c);
    }
  };
  visit(table);
  return rows;
}

function cellsOf(row: DomNode): DomNode[] {
  const cells: DomNode[] = [];
  for (let i = 0; i < row.childNodes.length; i++) {
    const c = row.childNodes[i]!;
    if (c.nodeType === 1 && /^T[DH]$/i.test(c.nodeName)) cells.push(c);
  }
  return cells;
}

/** Collapse spaces around line breaks and at the ends; keep single `\n` from <br>. */
function tidy(s: string): string {
  return s
    .replace(/[ \t\u00a0]*\n[ \t\u00a0]*/g, "\n")
    .replace(/[ ]{2,}/g, " ")
    .replace(/\n{2,}/g, "\n")
    .trim();
}
