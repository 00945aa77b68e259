import { Extension } from "@tiptap/core";
import { Plugin, PluginKey } from "@tiptap/pm/state";
import { Decoration, DecorationSet } from "@tiptap/pm/view";

/** A coding as drawn: ProseMirror positions (converted through lib/offsets by the caller). */
export type DrawnCoding = { id: string; from: number; to: number; color: string; selected?: boolean; pending?: boolean };

/** A page break inside the text (PDF imports): a widget, so it takes no document position. */
export type PageMark = { pos: number; page: number };
export type HighlightsMeta = { codings: readonly DrawnCoding[]; pages: readonly PageMark[] };

function pageWidget(page: number): HTMLElement {
  const el = document.createElement("span");
  el.setAttribute("role", "separator");
  el.setAttribute("aria-label", `Page ${page}`);
  el.setAttribute("contenteditable", "false");
  el.dataset.page = String(page);
  el.className = "qc-page";
  el.textContent = `Page ${page}`;
  return el;
}

export const codingHighlightsKey = new PluginKey<DecorationSet>("codingHighlights");

/** `#rrggbb` → a translucent background, so overlapping codings blend instead of hiding each other. */
export function translucent(hex: string, alpha = 0.3): string {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return `rgb(250 204 21 / ${alpha})`;
  return `rgb(${parseInt(m[1]!, 16)} ${parseInt(m[2]!, 16)} ${parseInt(m[3]!, 16)} / ${alpha})`;
}

function decorationsFor(doc: import("@tiptap/pm/model").Node, { codings, pages }: HighlightsMeta): DecorationSet {
  const max = doc.content.size;
  const decos: Decoration[] = pages.map((p) => Decoration.widget(Math.min(p.pos, max), () => pageWidget(p.page), { side: -1, key: `page-${p.page}`, ignoreSelection: true }));
  for (const c of codings) {
    const from = Math.max(0, Math.min(c.from, max));
    const to = Math.max(0, Math.min(c.to, max));
    if (to <= from) continue;
    // nodeName gives each coding its own nested <span>: backgrounds stack and blend.
    decos.push(
      Decoration.inline(
        from,
        to,
        {
          nodeName: "span",
          class: c.selected ? "qc-coding qc-selected" : c.pending ? "qc-coding qc-pending" : "qc-coding",
          style: `background-color:${translucent(c.color)};--qc-color:${c.color}`,
          "data-cid": c.id,
        },
        { id: c.id },
      ),
    );
  }
  return DecorationSet.create(doc, decos);
}

/**
 * Codings are not part of the document (stack notes): they are decorations, replaced as a
 * whole with `tr.setMeta(codingHighlightsKey, { codings, pages })`. The same extension keeps the text
 * read-only while the view stays editable (so the caret and shift+arrow selection work):
 * every transaction that would change the document is dropped.
 */
export const CodingHighlights = Extension.create({
  name: "codingHighlights",
  addProseMirrorPlugins() {
    return [
      new Plugin<DecorationSet>({
        key: codingHighlightsKey,
        state: {
          init: () => DecorationSet.empty,
          apply(tr, set) {
            const next = tr.getMeta(codingHighlightsKey) as HighlightsMeta | undefined;
            if (next) return decorationsFor(tr.doc, next);
            return tr.docChanged ? set.map(tr.mapping, tr.doc) : set;
          },
        },
        props: {
          decorations(state) {
            return codingHighlightsKey.getState(state);
          },
        },
        filterTransaction: (tr) => !tr.docChanged,
      }),
    ];
  },
});
