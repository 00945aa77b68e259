import { canonicalize, codePointLength, type CanonicalReport } from "./canonical";
import { DecodeError } from "./decode";
import { dehyphenateText, looksLikeOcr } from "./dehyphenate";
import { detectFormat } from "./detect";
import { FormatProblem, IngestError, quoteName } from "./errors";
import { readDocx } from "./formats/docx";
import { readHtml } from "./formats/html";
import { readMarkdown } from "./formats/markdown";
import { readPdf } from "./formats/pdf";
import { decodeText, plainTextMeta } from "./formats/text";
import { checkCodePoints, checkFileSize, DEFAULT_LIMITS } from "./limits";
import { cleanMeta, guessLanguage, guessSourceType, looksLikeTitle, titleFromFileName } from "./meta";
import { assembleBlocks, segmentPlainText } from "./structure";
import type { Block, DocumentMeta, Format, FormatOutput, IngestOptions, IngestReport, IngestResult, Segment } from "./types";

/**
 * Document ingestion: bytes in, one canonical text with its structure and metadata out (or an
 * IngestError a researcher can act on). Pure: no database, no file system, nothing rendered.
 * The pipeline: size limit → magic-byte format detection → the format's reader → canonical text
 * (NFC, `\n`, no control characters; lib/ingest/canonical.ts) → segments in code points →
 * metadata guesses → length limit.
 */

export { IngestError } from "./errors";
export type { IngestErrorCode } from "./errors";
export { DEFAULT_LIMITS } from "./limits";
export type { Block, Format, IngestOptions, IngestReport, IngestResult, Segment, SegmentKind, SourceType } from "./types";

export type IngestFileInput = { bytes: Uint8Array; fileName: string; mediaType?: string; options?: IngestOptions };

export async function ingestFile(input: IngestFileInput): Promise<IngestResult> {
  const { bytes, fileName, mediaType, options = {} } = input;
  const limits = { maxBytes: options.maxBytes ?? DEFAULT_LIMITS.maxBytes, maxCodePoints: options.maxCodePoints ?? DEFAULT_LIMITS.maxCodePoints };
  checkFileSize(bytes.length, limits.maxBytes, fileName);
  if (bytes.length === 0) throw new IngestError("empty", `${quoteName(fileName)} is empty: the file has no text.`, { fileName });

  const { format, warnings } = detectFormat(bytes, fileName, mediaType);
  const dehyphenate = options.dehyphenate ?? format === "pdf";
  const sha256 = await sha256Hex(bytes);

  try {
    if (format === "text") {
      const { text, encoding } = decodeText(bytes);
      return finishPlain({ source: text, sha256, fileName, format, encoding, dehyphenate, limits, warnings });
    }
    let out: FormatOutput;
    if (format === "markdown") out = readMarkdown(bytes);
    else if (format === "html") out = readHtml(bytes);
    else if (format === "docx") out = await readDocx(bytes);
    else out = await readPdf(bytes, { dehyphenate });
    return finishBlocks({ out, sha256, fileName, format, dehyphenate, limits, warnings });
  } catch (error) {
    throw toIngestError(error, fileName, format);
  }
}

/** Pasted text: kept as typed (after the canonical clean-up), structured like a .txt file. */
export async function ingestPlainText(input: { text: string; title?: string | null; options?: IngestOptions }): Promise<IngestResult> {
  const { options = {} } = input;
  const limits = { maxBytes: options.maxBytes ?? DEFAULT_LIMITS.maxBytes, maxCodePoints: options.maxCodePoints ?? DEFAULT_LIMITS.maxCodePoints };
  const bytes = new TextEncoder().encode(input.text);
  checkFileSize(bytes.length, limits.maxBytes, undefined);
  const result = await finishPlain({
    source: input.text,
    sha256: await sha256Hex(bytes),
    fileName: undefined,
    format: "text",
    dehyphenate: options.dehyphenate ?? false,
    limits,
    warnings: [],
  });
  const title = input.title?.trim();
  if (title) return { ...result, title, report: { ...result.report, metadataSources: { ...result.report.metadataSources, title: "given" } } };
  return result;
}

type Limits = { maxBytes: number; maxCodePoints: number };

async function finishPlain(args: {
  source: string;
  sha256: string;
  fileName: string | undefined;
  format: Format;
  encoding?: string;
  dehyphenate: boolean;
  limits: Limits;
  warnings: string[];
}): Promise<IngestResult> {
  const { fileName, dehyphenate, limits, warnings } = args;
  const canonical = canonicalize(args.source);
  let text = canonical.text;
  const ocr = looksLikeOcr(text);
  let joined = 0;
  if (dehyphenate) {
    const d = dehyphenateText(text);
    text = canonicalize(d.text).text;
    joined = d.joined;
  } else if (ocr.looksOcr) {
    warnings.push(`This text looks like OCR output (${ocr.signals.join(", ")}). Import it again with de-hyphenation on to join words broken across lines.`);
  }
  ensureText(text, fileName);
  const length = codePointLength(text);
  checkCodePoints(length, limits.maxCodePoints, fileName);
  const language = guessLanguage(text);
  const segments = segmentPlainText(text, { language, headings: !ocr.looksOcr });
  const meta = plainTextMeta(text);
  return result({
    text,
    length,
    segments,
    meta: { ...meta, language },
    sources: { language: "guess" },
    blocks: undefined,
    headingTitle: false, // plainTextMeta already looked for a title line at the top
    sha256: args.sha256,
    fileName,
    format: args.format,
    canonical: canonical.report,
    report: { encoding: args.encoding, dehyphenated: joined, dehyphenation: dehyphenate, looksOcr: ocr.looksOcr },
    limits,
    warnings,
  });
}

function finishBlocks(args: { out: FormatOutput; sha256: string; fileName: string; format: Format; dehyphenate: boolean; limits: Limits; warnings: string[] }): IngestResult {
  const { out, fileName, format, limits } = args;
  const warnings = [...args.warnings, ...out.warnings];
  const guessed = out.meta.language ?? null;
  const assembled = assembleBlocks(out.blocks, { language: guessed });
  const { text, segments } = assembled;
  ensureText(text, fileName);
  const length = codePointLength(text);
  checkCodePoints(length, limits.maxCodePoints, fileName);
  const language = guessed ?? guessLanguage(text);
  const ocr = format === "markdown" ? looksLikeOcr(text) : { looksOcr: false, signals: [] };
  return result({
    text,
    length,
    segments,
    meta: { ...out.meta, language },
    sources: { language: guessed ? "file" : "guess" },
    blocks: out.blocks,
    hints: out.hints,
    sha256: args.sha256,
    fileName,
    format,
    canonical: assembled.canonical,
    report: {
      encoding: out.encoding,
      dehyphenated: out.dehyphenated ?? 0,
      dehyphenation: format === "pdf" && args.dehyphenate,
      looksOcr: ocr.looksOcr,
      ...(out.pages !== undefined ? { pages: out.pages, emptyPages: out.emptyPages ?? [] } : {}),
      ...(out.fileDates && Object.keys(out.fileDates).length ? { fileDates: out.fileDates } : {}),
    },
    limits,
    warnings,
  });
}

function result(args: {
  text: string;
  length: number;
  segments: Segment[];
  meta: DocumentMeta;
  sources: Record<string, string>;
  blocks: Block[] | undefined;
  /** Whether the first heading may serve as the title. */
  headingTitle?: boolean;
  hints?: string[];
  sha256: string;
  fileName: string | undefined;
  format: Format;
  canonical: CanonicalReport;
  report: Pick<IngestReport, "encoding" | "dehyphenated" | "dehyphenation" | "looksOcr"> & Partial<IngestReport>;
  limits: Limits;
  warnings: string[];
}): IngestResult {
  const { text, segments } = args;
  const meta = cleanMeta(args.meta);
  const sources: Record<string, string> = { ...args.sources };
  // Title: from the file, else the first heading, else the file name.
  let title = meta.title ?? null;
  if (title) sources.title = "file";
  if (!title && args.headingTitle !== false) {
    const h = segments.find((s) => s.kind === "heading");
    const first = segments.find((s) => s.kind === "heading" || s.kind === "paragraph");
    const candidate = h ? sliceCp(text, h) : first ? sliceCp(text, first) : null;
    if (candidate && (h || looksLikeTitle(candidate))) {
      title = candidate.replace(/\s+/g, " ").trim().slice(0, 300);
      sources.title = "heading";
    }
  }
  if (!title) {
    title = args.fileName ? titleFromFileName(args.fileName) : "Pasted text";
    sources.title = args.fileName ? "file name" : "default";
  }
  for (const k of ["author", "publishedOn", "url"] as const) if (meta[k]) sources[k] = "file";
  const sourceType = meta.sourceType ?? guessSourceType({ text, blocks: args.blocks, title, author: meta.author, url: meta.url, hints: args.hints });
  sources.sourceType = meta.sourceType ? "file" : "guess";
  const { removedControls, lineEndingsNormalized, normalized, replacementCharacters } = args.canonical;
  const warnings = [...args.warnings];
  const removed = Object.values(removedControls).reduce((a, b) => a + b, 0);
  if (removed > 0) warnings.push(`${removed} control character(s) were removed (${Object.keys(removedControls).join(", ")}).`);
  if (replacementCharacters > 0) warnings.push(`The text contains ${replacementCharacters} replacement character(s) (�) where the source had unreadable characters.`);
  const report: IngestReport = {
    format: args.format,
    ...(args.report.encoding ? { encoding: args.report.encoding } : {}),
    dehyphenated: args.report.dehyphenated,
    dehyphenation: args.report.dehyphenation,
    looksOcr: args.report.looksOcr,
    removedControls,
    lineEndingsNormalized,
    normalized,
    replacementCharacters,
    ...(args.report.pages !== undefined ? { pages: args.report.pages, emptyPages: args.report.emptyPages ?? [] } : {}),
    ...(args.report.fileDates ? { fileDates: args.report.fileDates } : {}),
    metadataSources: sources,
    options: { dehyphenate: args.report.dehyphenation, maxBytes: args.limits.maxBytes, maxCodePoints: args.limits.maxCodePoints },
    warnings,
  };
  return {
    text,
    length: args.length,
    sha256: args.sha256,
    title,
    author: meta.author ?? null,
    publishedOn: meta.publishedOn ?? null,
    url: meta.url ?? null,
    language: meta.language ?? null,
    sourceType,
    format: args.format,
    segments,
    report,
  };
}

function sliceCp(text: string, s: Segment): string {
  // Segments near the start: walk code points only as far as needed.
  let out = "";
  let i = 0;
  for (const ch of text) {
    if (i >= s.end) break;
    if (i >= s.start) out += ch;
    i++;
  }
  return out;
}

function ensureText(text: string, fileName: string | undefined): void {
  if (!/\S/.test(text)) {
    throw new IngestError("empty", `${quoteName(fileName)} cannot be imported: the file has no text${text.length ? " (only spaces, line breaks or control characters)" : ""}.`, { fileName });
  }
}

const FORMAT_NAMES: Record<Format, string> = { text: "text file", markdown: "Markdown file", html: "web page", docx: "Word document", pdf: "PDF" };

function toIngestError(error: unknown, fileName: string, format: Format): IngestError {
  if (error instanceof IngestError) return error;
  const name = quoteName(fileName);
  if (error instanceof DecodeError) {
    const at = error.byteOffset !== undefined ? ` — the bytes at offset ${error.byteOffset} are damaged` : "";
    return new IngestError(
      "encoding",
      `${name} cannot be imported: it is not valid text in its encoding${at}. Nothing was replaced or guessed; re-save the file as UTF-8 and upload it again.`,
      { fileName, ...(error.byteOffset !== undefined ? { byteOffset: error.byteOffset } : {}) },
    );
  }
  if (error instanceof FormatProblem) {
    return new IngestError(error.code, `${name} cannot be imported: ${error.message}.`, { fileName, ...(error.limit ? { limit: error.limit } : {}) });
  }
  const detail = error instanceof Error ? error.message.split("\n")[0] : String(error);
  return new IngestError("damaged", `${name} cannot be imported: the ${FORMAT_NAMES[format]} could not be read (${detail}).`, { fileName });
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}
