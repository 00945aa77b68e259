import type { Nodes, Parents, PhrasingContent, Root, RootContent } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { gfm } from "micromark-extension-gfm";
import { parseHTML } from "linkedom";
import { decodeBytes } from "../decode";
import type { Block, FormatOutput } from "../types";
import { domToBlocks } from "./dom-blocks";

/**
 * Markdown → readable text. micromark is the CommonMark-exact parser of the unified ecosystem
 * (mdast-util-from-markdown builds the tree; micromark-extension-gfm + mdast-util-gfm add tables,
 * footnotes, strikethrough and autolinks). We read the tree: markup (`**`, `#`, links' URLs) and
 * inline HTML tags (`<sup>`, `<b>`) never reach the text; their content does.
 *
 * Documents converted from Word or PDF put tables in as tab-separated lines and indent with tabs;
 * so indented code is switched off (a tab-led line is text, not code) and a paragraph whose lines
 * carry tabs becomes table rows, one per line, cells joined by a tab.
 */

const NO_INDENTED_CODE = { disable: { null: ["codeIndented"] } };
const CELL_OPTIONS = { extensions: [gfm(), { disable: { null: ["codeIndented", "htmlFlow"] } }], mdastExtensions: [gfmFromMarkdown()] };

export function readMarkdown(bytes: Uint8Array): FormatOutput {
  const { text, encoding } = decodeBytes(bytes);
  return { ...readMarkdownString(text), encoding };
}

export function readMarkdownString(source: string): FormatOutput {
  const src = source.replace(/\r\n?/g, "\n");
  const tree = fromMarkdown(src, { extensions: [gfm(), NO_INDENTED_CODE], mdastExtensions: [gfmFromMarkdown()] });
  const blocks: Block[] = [];
  const footnotes: Block[] = [];
  let group = 0;

  const visit = (node: RootContent, topLevel: boolean, listGroup?: number) => {
    switch (node.type) {
      case "heading":
        blocks.push({ kind: "heading", level: node.depth, text: phrasing(node.children) });
        return;
      case "paragraph": {
        if (topLevel && node.position) {
          const lineStart = src.lastIndexOf("\n", node.position.start.offset! - 1) + 1;
          const raw = src.slice(lineStart, node.position.end.offset);
          if (raw.includes("\t")) {
            const g = ++group;
            for (const line of raw.split("\n")) {
              const row = line.split("\t").map(cellText).join("\t");
              if (row.replace(/\t/g, "").trim()) blocks.push({ kind: "table_row", text: row, group: g });
            }
            return;
          }
        }
        blocks.push({ kind: listGroup !== undefined ? "list_item" : "paragraph", text: phrasing(node.children), ...(listGroup !== undefined ? { group: listGroup } : {}) });
        return;
      }
      case "list": {
        const g = listGroup ?? ++group;
        for (const item of node.children) {
          // An item's own paragraphs make one list item; nested lists follow as items of their own.
          const own = item.children.filter((c) => c.type === "paragraph").map((c) => phrasing((c as { children: PhrasingContent[] }).children));
          if (own.some((t) => t.trim())) blocks.push({ kind: "list_item", text: own.join("\n"), group: g });
          for (const c of item.children) if (c.type !== "paragraph") visit(c, false, g);
        }
        return;
      }
      case "blockquote":
        for (const c of node.children) visit(c, false);
        return;
      case "code":
        blocks.push({ kind: "paragraph", text: node.value });
        return;
      case "html":
        blocks.push(...htmlBlocks(node.value));
        return;
      case "table": {
        const g = ++group;
        for (const row of node.children) blocks.push({ kind: "table_row", text: row.children.map((cell) => flat(phrasing(cell.children))).join("\t"), group: g });
        return;
      }
      case "footnoteDefinition":
        footnotes.push({ kind: "paragraph", text: `[${node.label ?? node.identifier}] ${node.children.map((c) => ("children" in c ? phrasing(c.children as PhrasingContent[]) : "")).join(" ")}` });
        return;
      default:
        // thematicBreak, definition, yaml: no readable text
        if ("children" in node) for (const c of (node as Parents).children as RootContent[]) visit(c, false, listGroup);
    }
  };
  for (const node of (tree as Root).children) visit(node, true);
  blocks.push(...footnotes);

  const title = blocks.find((b) => b.kind === "heading")?.text ?? null;
  return { blocks, warnings: [], meta: { title: title ? flat(title) : null } };
}

/** Inline content → text: markup dropped, HTML tags dropped (script/style content too), <br> → line break. */
function phrasing(nodes: PhrasingContent[]): string {
  let out = "";
  let skipUntil: string | null = null;
  const walk = (list: Nodes[]) => {
    for (const n of list) {
      if (n.type === "html") {
        const tag = /^<\s*(\/)?\s*([a-zA-Z][\w-]*)/.exec(n.value);
        if (!tag) continue; // comment, declaration
        const name = tag[2]!.toLowerCase();
        if (skipUntil) {
          if (tag[1] && name === skipUntil) skipUntil = null;
          continue;
        }
        if (!tag[1] && (name === "script" || name === "style") && !/\/>\s*$/.test(n.value)) skipUntil = name;
        else if (name === "br") out += "\n";
        else if (!tag[1] && /^(p|div|li|tr)$/.test(name) && out && !/\s$/.test(out)) out += " ";
        continue;
      }
      if (skipUntil) continue;
      switch (n.type) {
        case "text":
          out += n.value.replace(/[ \t]*\n[ \t]*/g, " ");
          break;
        case "inlineCode":
          out += n.value;
          break;
        case "break":
          out += "\n";
          break;
        case "image":
        case "imageReference":
          out += n.alt ?? "";
          break;
        case "footnoteReference":
          out += `[${n.label ?? n.identifier}]`;
          break;
        default:
          if ("children" in n) walk(n.children as Nodes[]);
      }
    }
  };
  walk(nodes);
  return out.replace(/[ ]{2,}/g, " ").replace(/ *\n */g, "\n").trim();
}

function flat(s: string): string {
  return s.replace(/\s+/g, " ").trim();
}

/** One cell of a tab-separated line: plain cells as they are, cells with markup through the parser. */
function cellText(cell: string): string {
  if (!/[*_`<>[\]\\&!~]/.test(cell)) return flat(cell);
  const tree = fromMarkdown(cell, CELL_OPTIONS);
  const parts: string[] = [];
  const collect = (n: Nodes) => {
    if (n.type === "paragraph" || n.type === "heading" || n.type === "tableCell") parts.push(phrasing(n.children));
    else if (n.type === "code" || n.type === "inlineCode") parts.push(n.value);
    else if ("children" in n) for (const c of n.children as Nodes[]) collect(c);
  };
  collect(tree);
  return flat(parts.join(" "));
}

/** A raw HTML block inside Markdown: read through the same DOM walker as web pages. */
function htmlBlocks(html: string): Block[] {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  return document.body ? domToBlocks(document.body as never) : [];
}
