import type { JSONContent } from "@tiptap/core";
import { TextIndex } from "@/lib/offsets";

export type HeadingSegment = { startOffset: number; endOffset: number; level: number | null };
export type OutlineLine = { line: number; level: number; text: string; cp: number };

/**
 * The editor document for a canonical text: exactly ONE textblock per line (split at "\n"),
 * a heading where a heading segment starts on that line, a paragraph otherwise (an empty one
 * marked `blank`, and a line after two or more of them marked with their number as
 * `gapBefore`: see blank-lines.ts). This is the shape lib/offsets TextIndex assumes, so its
 * pm ↔ code point conversions are exact.
 */
export function buildEditorDoc(index: TextIndex, headings: readonly HeadingSegment[]): { doc: JSONContent; outline: OutlineLine[] } {
  const text = index.text;
  const headingLevel = new Map<number, number>();
  for (const h of headings) {
    const line = index.lineOfU16(index.cpToU16(Math.min(Math.max(h.startOffset, 0), index.lengthCp)));
    if (!headingLevel.has(line)) headingLevel.set(line, Math.min(Math.max(h.level ?? 1, 1), 6));
  }
  const content: JSONContent[] = [];
  const outline: OutlineLine[] = [];
  let from = 0;
  let line = 0;
  let blankRun = 0; // blank lines just before this one: two or more are kept as a gap
  for (;;) {
    const nl = text.indexOf("\n", from);
    const lineText = text.slice(from, nl < 0 ? text.length : nl);
    const inner = lineText.length > 0 ? [{ type: "text", text: lineText }] : undefined;
    const level = headingLevel.get(line);
    const gap = blankRun >= 2 ? { gapBefore: blankRun } : null;
    if (level !== undefined) {
      content.push({ type: "heading", attrs: { level, ...gap }, content: inner });
      outline.push({ line, level, text: lineText.replace(/\s+/g, " ").trim(), cp: index.u16ToCp(from) });
      blankRun = 0;
    } else if (inner) {
      content.push(gap ? { type: "paragraph", attrs: gap, content: inner } : { type: "paragraph", content: inner });
      blankRun = 0;
    } else {
      content.push({ type: "paragraph", attrs: { blank: true } });
      blankRun++;
    }
    if (nl < 0) break;
    from = nl + 1;
    line++;
  }
  return { doc: { type: "doc", content }, outline };
}

/**
 * Where a page separator goes for a page starting at UTF-16 offset `u16`: blank lines are not
 * drawn (blank-lines.ts), so a page that starts on one is marked at the next line with text.
 */
export function visibleLineStart(text: string, u16: number): number {
  let at = u16;
  while (at < text.length && text.charCodeAt(at) === 10 && (at === 0 || text.charCodeAt(at - 1) === 10)) at++;
  return at;
}
