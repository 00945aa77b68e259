import { createRequire } from "node:module";
import path from "node:path";
import { FormatProblem } from "../errors";
import { PDF_LIMITS } from "../limits";
import { clean, normalizeLanguage, parseDate } from "../meta";
import type { FormatOutput } from "../types";
import { dropRunningHeads, linesToBlocks, type Line } from "./pdf-layout";

/**
 * PDF (text layer) → text in reading order with the page of every character.
 * pdfjs-dist (Mozilla's PDF.js, legacy build for Node, run in-process with no worker thread) is
 * the most complete and best-kept JavaScript PDF reader: fonts, ToUnicode maps, CMaps, broken
 * xref recovery. It gives positioned text runs; pdf-layout.ts rebuilds lines and paragraphs and
 * pdf-actualtext.ts supplies /ActualText spans PDF.js does not report. Version 5.6 is the newest
 * that runs on Node 20 (5.7+ need Node 22).
 * Scripts in a PDF never run: isEvalSupported is off and we only read text.
 */

type PdfJs = typeof import("pdfjs-dist/legacy/build/pdf.mjs");
type TextItem = { str: string; transform: number[]; width: number; height: number; fontName: string; hasEOL: boolean };
type Marked = { type: "beginMarkedContent" | "beginMarkedContentProps" | "endMarkedContent"; tag?: string | null };

let pdfjsPromise: Promise<PdfJs> | null = null;
async function loadPdfJs(): Promise<PdfJs> {
  pdfjsPromise ??= (async () => {
    const g = globalThis as { pdfjsWorker?: unknown };
    // Run PDF.js's worker code in this thread: no worker file to locate, nothing to spawn.
    g.pdfjsWorker ??= await import("pdfjs-dist/legacy/build/pdf.worker.mjs");
    return import("pdfjs-dist/legacy/build/pdf.mjs");
  })();
  return pdfjsPromise;
}

/** Where PDF.js's character maps live (needed for CJK fonts without a ToUnicode map). */
function cMapUrl(): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    return path.join(path.dirname(require.resolve("pdfjs-dist/package.json")), "cmaps") + path.sep;
  } catch {
    return undefined;
  }
}

export function checkPdfEnvelope(bytes: Uint8Array): void {
  const tail = new TextDecoder("latin1").decode(bytes.subarray(Math.max(0, bytes.length - 2048)));
  if (!tail.includes("%%EOF")) {
    throw new FormatProblem("damaged", "the PDF is cut short: it lacks the end-of-file marker every complete PDF has (was the download or copy interrupted?). Please upload the complete file");
  }
}

export async function readPdf(bytes: Uint8Array, options: { dehyphenate: boolean }): Promise<FormatOutput> {
  checkPdfEnvelope(bytes);
  const started = Date.now();
  const pdfjs = await loadPdfJs();
  const task = pdfjs.getDocument({
    data: bytes.slice(), // PDF.js takes ownership of the buffer it is given
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    enableXfa: false,
    verbosity: 0,
    cMapUrl: cMapUrl(),
    cMapPacked: true,
  });
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch (error) {
    await task.destroy().catch(() => undefined);
    const name = (error as { name?: string }).name;
    if (name === "PasswordException") throw new FormatProblem("unsupported", "the PDF is password-protected. Remove the password (print to PDF) and upload it again");
    throw new FormatProblem("damaged", `the PDF is damaged and cannot be read (${(error as Error).message ?? "unknown error"})`);
  }

  try {
    if (doc.numPages > PDF_LIMITS.maxPages) {
      throw new FormatProblem("too_large", `the PDF has ${doc.numPages} pages, over the limit of ${PDF_LIMITS.maxPages} pages per document (maxPages)`, "maxPages");
    }
    const lines: Line[] = [];
    const emptyPages: number[] = [];
    const warnings: string[] = [];
    let actual: Array<Array<string | null> | null> | undefined;
    let failedPages = 0;

    for (let p = 1; p <= doc.numPages; p++) {
      if (Date.now() - started > PDF_LIMITS.maxMillis) {
        throw new FormatProblem("too_large", `reading the PDF took longer than ${PDF_LIMITS.maxMillis / 1000} s (stopped at page ${p} of ${doc.numPages})`, "maxMillis");
      }
      let items: Array<TextItem | Marked>;
      let pageHeight: number;
      try {
        const page = await doc.getPage(p);
        pageHeight = page.view[3]! - page.view[1]!;
        items = (await page.getTextContent({ includeMarkedContent: true })).items as Array<TextItem | Marked>;
        page.cleanup();
      } catch {
        failedPages++;
        emptyPages.push(p);
        continue;
      }
      if (items.some((it) => "type" in it && it.type === "beginMarkedContentProps" && it.tag === "Span")) {
        if (!actual) {
          const { actualTextByPage } = await import("./pdf-actualtext");
          actual = await actualTextByPage(bytes, doc.numPages).catch(() => []);
        }
        const sections = actual[p - 1];
        if (sections && !applyActualText(items, sections)) warnings.push(`Page ${p}: some characters drawn with substitute glyphs could not be restored.`);
      }
      const pageLines = toLines(items.filter((it): it is TextItem => "str" in it), p, pageHeight);
      if (pageLines.length === 0) emptyPages.push(p);
      lines.push(...pageLines);
    }
    if (failedPages === doc.numPages) throw new FormatProblem("damaged", "none of the PDF's pages could be read (the file is damaged)");
    if (failedPages > 0) warnings.push(`${failedPages} page(s) could not be read and were skipped.`);
    if (lines.length === 0) {
      throw new FormatProblem("empty", "the PDF has no text layer — it is probably a scan. Run it through OCR (e.g. in Acrobat or ocrmypdf) and upload the result");
    }
    if (emptyPages.length > 0) warnings.push(`Page(s) ${emptyPages.join(", ")} have no text (images or scans only).`);

    const { lines: kept, dropped } = dropRunningHeads(lines, doc.numPages);
    if (dropped > 0) warnings.push(`${dropped} running header, footer or page-number line(s) were left out.`);
    const { blocks, joined } = linesToBlocks(kept, options.dehyphenate);

    const { info, metadata } = (await doc.getMetadata().catch(() => ({ info: {}, metadata: null }))) as {
      info: Record<string, unknown>;
      metadata: { get(name: string): unknown } | null;
    };
    const str = (v: unknown) => (typeof v === "string" ? v : null);
    const created = parseDate(str(info.CreationDate));
    const modified = parseDate(str(info.ModDate));
    return {
      blocks,
      warnings,
      pages: doc.numPages,
      emptyPages,
      dehyphenated: joined,
      meta: {
        title: usableTitle(str(info.Title) ?? str(metadata?.get("dc:title"))),
        author: clean(str(info.Author) ?? str(metadata?.get("dc:creator"))),
        language: normalizeLanguage(str(info.Language)),
        publishedOn: null,
      },
      fileDates: { ...(created ? { created } : {}), ...(modified ? { modified } : {}) },
    };
  } finally {
    await doc.destroy().catch(() => undefined);
  }
}

/** Word processors put file names and placeholders in the Title field; those are not titles. */
function usableTitle(t: string | null): string | null {
  const c = clean(t);
  if (!c || /^(untitled|microsoft word\b|document\d*$)/i.test(c) || /\.(docx?|pdf|odt|rtf|txt|indd|tex)$/i.test(c)) return null;
  return c;
}

/**
 * Replace the placeholder glyphs inside each ActualText span by the span's text (on the first
 * item; the others are emptied). False when PDF.js's sections and ours do not line up.
 */
function applyActualText(items: Array<TextItem | Marked>, sections: Array<string | null>): boolean {
  const begins = items.filter((it) => "type" in it && it.type !== "endMarkedContent").length;
  if (begins !== sections.length) return false;
  let k = 0;
  const stack: Array<{ text: string | null; used: boolean }> = [];
  for (const it of items) {
    if ("type" in it) {
      if (it.type === "endMarkedContent") stack.pop();
      else stack.push({ text: sections[k++] ?? null, used: false });
      continue;
    }
    const frame = [...stack].reverse().find((f) => f.text !== null);
    if (!frame) continue;
    if (it.str === "" && it.hasEOL) continue;
    // PDF.js emits the space before a glyph inside the glyph's span: leave it where it is.
    if (!frame.used && it.str.trim() === "") continue;
    it.str = frame.used ? "" : frame.text!;
    frame.used = true;
  }
  return true;
}

/** Text runs → lines: a new line at an end-of-line mark or when the baseline moves. */
function toLines(items: TextItem[], page: number, pageHeight: number): Line[] {
  const lines: Line[] = [];
  let cur: Line | null = null;
  let breakNext = false;
  for (const it of items) {
    const size = Math.hypot(it.transform[2]!, it.transform[3]!) || it.height || 1;
    const x = it.transform[4]!;
    const y = it.transform[5]!;
    if (it.str === "") {
      if (it.hasEOL) breakNext = true;
      continue;
    }
    const sameLine = cur && !breakNext && Math.abs(cur.y - y) < Math.max(cur.size, size) * 0.5 && x >= cur.x - 1;
    if (!sameLine || !cur) {
      if (cur && cur.text.trim()) lines.push(cur);
      cur = { text: it.str, x, y, endX: x + it.width, size, font: it.fontName, page, pageHeight };
    } else {
      const gap = x - cur.endX;
      if (gap > size * 0.15 && !/\s$/.test(cur.text) && !/^\s/.test(it.str)) cur.text += " ";
      cur.text += it.str;
      cur.endX = Math.max(cur.endX, x + it.width);
      if (it.str.trim() && size > cur.size) cur.size = size;
    }
    breakNext = it.hasEOL;
  }
  if (cur && cur.text.trim()) lines.push(cur);
  return lines.map((l) => ({ ...l, text: l.text.replace(/\s+/g, " ").trim() })).filter((l) => l.text);
}
