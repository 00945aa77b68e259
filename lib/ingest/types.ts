/**
 * Shapes shared by the ingestion pipeline. Offsets in `Segment` are Unicode code points over the
 * canonical text, half-open [start, end) — the unit of `documents.text` (ARCHITECTURE.md).
 */
export const SOURCE_TYPES = ["academic_article", "ngo_report", "news", "policy_brief", "government_document", "other"] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];

export const SEGMENT_KINDS = ["paragraph", "sentence", "heading", "page", "list_item", "table_row"] as const;
export type SegmentKind = (typeof SEGMENT_KINDS)[number];

export type Format = "text" | "markdown" | "html" | "docx" | "pdf";

export type Segment = {
  kind: SegmentKind;
  /** Code point offset of the first character. */
  start: number;
  /** Code point offset just past the last character. */
  end: number;
  /** Heading level (1 = top), or the page number for `page` segments; null otherwise. */
  level: number | null;
  /** 0-based position among the segments of the same kind. */
  ordinal: number;
};

/**
 * One block of readable text as a format module produces it, before the document is assembled.
 * `text` may contain `\n` (a hard line break) and `\t` (between table cells).
 */
export type Block = {
  kind: "paragraph" | "heading" | "list_item" | "table_row";
  text: string;
  /** Heading level (1–6) for headings. */
  level?: number;
  /**
   * PDF: the block's text split by the page it sits on (1-based). When present, `text` is the
   * concatenation of the runs' texts.
   */
  runs?: Array<{ text: string; page: number }>;
  /** Consecutive blocks with the same group (rows of one table, items of one list) are separated by one `\n`, not a blank line. */
  group?: number;
};

export type DocumentMeta = {
  title?: string | null;
  author?: string | null;
  /** YYYY-MM-DD */
  publishedOn?: string | null;
  url?: string | null;
  language?: string | null;
  sourceType?: SourceType | null;
};

export type IngestOptions = {
  /** Join words hyphenated across line ends. Default: on for PDF, off for everything else. */
  dehyphenate?: boolean;
  /** Largest accepted file, in bytes (default 25 MB). */
  maxBytes?: number;
  /** Longest accepted canonical text, in code points (default 5 million). */
  maxCodePoints?: number;
};

export type IngestReport = {
  format: Format;
  /** Detected character encoding, for text formats. */
  encoding?: string;
  /** Words re-joined across line ends (0 when de-hyphenation was off). */
  dehyphenated: number;
  /** Whether de-hyphenation was applied. */
  dehyphenation: boolean;
  /** Whether the text shows the marks of OCR (broken hyphenation, stray digits in words, hard-wrapped short lines). */
  looksOcr: boolean;
  /** Control characters removed, by code point (e.g. "U+0000": 2). */
  removedControls: Record<string, number>;
  lineEndingsNormalized: number;
  /** Whether NFC normalisation changed anything. */
  normalized: boolean;
  /** U+FFFD characters in the text (from a lossy source). */
  replacementCharacters: number;
  /** PDF: number of pages, and the pages that had no text. */
  pages?: number;
  emptyPages?: number[];
  /** Where each metadata field came from ("file", "page", "heading", "file name", "guess"). */
  metadataSources: Record<string, string>;
  /** Dates the file carries that are not publication dates (PDF/DOCX creation), for reference. */
  fileDates?: { created?: string; modified?: string };
  /** The import options in force. */
  options: { dehyphenate: boolean; maxBytes: number; maxCodePoints: number };
  /** Things a researcher may want to check (removed boilerplate, skipped images, …). */
  warnings: string[];
};

export type IngestResult = {
  text: string;
  /** Length of `text` in code points. */
  length: number;
  /** SHA-256 of the original bytes, hex. */
  sha256: string;
  title: string;
  author: string | null;
  publishedOn: string | null;
  url: string | null;
  language: string | null;
  sourceType: SourceType;
  format: Format;
  segments: Segment[];
  report: IngestReport;
};

/** What a format module hands back to the pipeline. */
export type FormatOutput = {
  blocks: Block[];
  /** Signals for the source-type guess ("article-page", …). */
  hints?: string[];
  meta: DocumentMeta;
  warnings: string[];
  encoding?: string;
  pages?: number;
  emptyPages?: number[];
  dehyphenated?: number;
  fileDates?: { created?: string; modified?: string };
};
