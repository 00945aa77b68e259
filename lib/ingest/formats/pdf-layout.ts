import { buildVocabulary, joinLines } from "../dehyphenate";
import type { Block } from "../types";

/**
 * Lines → blocks for PDF. A PDF has no paragraphs, only positioned lines; we rebuild them the way
 * a reader sees them: a paragraph ends at a vertical gap larger than the line spacing, a change
 * of type size, a bullet, or a short line that ends a sentence. Across a page break a paragraph
 * goes on when its last line did not end a sentence and the next page starts with body text.
 * Lines repeated at the top or bottom of most pages (running heads, page numbers) are dropped.
 */

export type Line = { text: string; x: number; y: number; endX: number; size: number; font: string; page: number; pageHeight: number };

const BULLET = /^[•◦▪▫‣∙●○■□–·*]\s/;
const SENTENCE_END = /[.!?。！？:;]["'”’)\]]*$/;

export function dropRunningHeads(lines: Line[], pageCount: number): { lines: Line[]; dropped: number } {
  const key = (l: Line) => l.text.replace(/\d+/g, "#").replace(/\s+/g, " ").trim().toLowerCase();
  const edge = (l: Line) => l.y > l.pageHeight * 0.9 || l.y < l.pageHeight * 0.1;
  const pagesByKey = new Map<string, Set<number>>();
  for (const l of lines) if (edge(l)) pagesByKey.set(key(l), (pagesByKey.get(key(l)) ?? new Set()).add(l.page));
  const repeated = (l: Line) => {
    const n = pagesByKey.get(key(l))?.size ?? 0;
    return pageCount >= 3 && n >= 3 && n >= pageCount * 0.4;
  };
  const pageNumber = (l: Line) => /^(?:[-–—]\s*)?(?:page\s+)?\d{1,4}(?:\s*(?:of|\/)\s*\d{1,4})?(?:\s*[-–—])?$/i.test(l.text.trim());
  const kept = lines.filter((l) => !(edge(l) && (repeated(l) || pageNumber(l))));
  return { lines: kept, dropped: lines.length - kept.length };
}

export function linesToBlocks(lines: Line[], dehyphenate: boolean): { blocks: Block[]; joined: number } {
  const vocab = buildVocabulary(lines.map((l) => l.text).join("\n"));
  // Body text: the size and (per page) font carrying the most characters.
  const sizeChars = new Map<number, number>();
  for (const l of lines) sizeChars.set(round(l.size), (sizeChars.get(round(l.size)) ?? 0) + l.text.length);
  const bodySize = [...sizeChars.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 12;
  const bodyFont = new Map<number, string>();
  const fontChars = new Map<string, number>();
  for (const l of lines) fontChars.set(`${l.page}|${l.font}`, (fontChars.get(`${l.page}|${l.font}`) ?? 0) + l.text.length);
  for (const [k, v] of fontChars) {
    const [page, font] = [Number(k.split("|")[0]), k.split("|")[1]!];
    const current = bodyFont.get(page);
    if (!current || v > (fontChars.get(`${page}|${current}`) ?? 0)) bodyFont.set(page, font);
  }
  // Usual line spacing of body text: the commonest gap between consecutive body lines.
  const gaps: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const a = lines[i - 1]!;
    const b = lines[i]!;
    if (a.page === b.page && round(a.size) === bodySize && round(b.size) === bodySize && a.y > b.y) gaps.push(a.y - b.y);
  }
  gaps.sort((x, y) => x - y);
  const bodyGap = gaps[Math.floor(gaps.length / 4)] ?? bodySize * 1.2; // lower quartile: the in-paragraph spacing
  const width = Math.max(...lines.map((l) => l.endX)) - Math.min(...lines.map((l) => l.x));
  const left = Math.min(...lines.map((l) => l.x));

  type Draft = { lines: Line[]; runs: Array<{ text: string; page: number }> };
  const drafts: Draft[] = [];
  let joined = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const prev = i > 0 ? lines[i - 1]! : undefined;
    const draft = drafts[drafts.length - 1];
    if (!draft || !prev || startsNewBlock(prev, line)) {
      drafts.push({ lines: [line], runs: [{ text: line.text, page: line.page }] });
      continue;
    }
    const run = draft.runs[draft.runs.length - 1]!;
    const j = joinLines(run.text, line.text, dehyphenate, vocab);
    if (j.joined) joined++;
    if (line.page === run.page) run.text = j.text;
    else {
      // Keep the page boundary exact: the joint's space stays with the earlier page.
      const cut = j.text.lastIndexOf(line.text.trimStart());
      run.text = j.text.slice(0, cut);
      draft.runs.push({ text: j.text.slice(cut), page: line.page });
    }
    draft.lines.push(line);
  }

  function startsNewBlock(prev: Line, line: Line): boolean {
    if (BULLET.test(line.text)) return true;
    if (Math.abs(prev.size - line.size) > 0.6) return true;
    if (line.page !== prev.page) {
      if (round(line.size) !== bodySize || round(prev.size) !== bodySize) return true;
      if ((line.font !== bodyFont.get(line.page)) !== (prev.font !== bodyFont.get(prev.page))) return true;
      return SENTENCE_END.test(prev.text.trim());
    }
    const gap = prev.y - line.y;
    if (gap < -line.size || gap > Math.max(1.35 * bodyGap * (line.size / bodySize), line.size * 1.45)) return true;
    // A short line ending a sentence ends the paragraph; so does an indented first line.
    if (SENTENCE_END.test(prev.text.trim()) && prev.endX < left + width * 0.8 && /^[\p{Lu}\p{N}“"‘']/u.test(line.text.trim())) return true;
    if (line.x > prev.x + line.size * 1.5 && !BULLET.test(prev.text) && prev.x <= left + line.size) return true;
    return false;
  }

  // Kinds and heading levels.
  const headingSizes = new Set<number>();
  const kinds = drafts.map((d) => {
    const text = d.runs.map((r) => r.text).join("");
    if (BULLET.test(d.lines[0]!.text)) return "list_item" as const;
    const size = round(d.lines[0]!.size);
    const fontDiffers = d.lines.every((l) => l.font !== bodyFont.get(l.page));
    const short = d.lines.length <= 4 && text.length <= 250 && !/[.,;]["”’)]*$/.test(text.trim());
    if (short && (size > bodySize + 0.5 || (fontDiffers && d.lines.length <= 3 && text.length <= 160))) {
      headingSizes.add(size);
      return "heading" as const;
    }
    return "paragraph" as const;
  });
  const sizes = [...headingSizes].sort((a, b) => b - a);
  const blocks: Block[] = drafts.map((d, k) => {
    const kind = kinds[k]!;
    const text = d.runs.map((r) => r.text).join("");
    const level = kind === "heading" ? Math.min(6, sizes.indexOf(round(d.lines[0]!.size)) + 1) : undefined;
    return { kind, text, runs: d.runs, ...(level ? { level } : {}) };
  });
  return { blocks, joined };
}

function round(n: number): number {
  return Math.round(n * 2) / 2;
}
