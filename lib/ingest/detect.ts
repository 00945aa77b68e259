import { IngestError, quoteName } from "./errors";
import type { Format } from "./types";
import { isZip, listZipEntries, ZipProblem } from "./zip";

/**
 * What a file really is: magic bytes first, the extension second, the media type only when there
 * is no extension (browsers guess it from the extension anyway). A file whose content contradicts
 * its name is refused, naming what it looks like — an HTML page named .pdf, plain text named .docx.
 */

type Sniffed =
  | { kind: "pdf" }
  | { kind: "docx" }
  | { kind: "zip"; what: string }
  | { kind: "binary"; what: string }
  | { kind: "html" }
  | { kind: "text" };

const EXTENSIONS: Record<string, Format | "unsupported"> = {
  txt: "text",
  text: "text",
  md: "markdown",
  markdown: "markdown",
  mdown: "markdown",
  html: "html",
  htm: "html",
  xhtml: "html",
  docx: "docx",
  pdf: "pdf",
};

const UNSUPPORTED_HINT: Record<string, string> = {
  doc: "the old Word 97–2003 format: open it in Word or LibreOffice and save it as .docx",
  odt: "an OpenDocument text: save it as .docx or PDF",
  rtf: "Rich Text Format: save it as .docx or PDF",
  pages: "an Apple Pages document: export it as .docx or PDF",
  epub: "an e-book: export it as PDF or text",
  xlsx: "a spreadsheet",
  pptx: "a presentation",
};

const MEDIA_TYPES: Record<string, Format> = {
  "text/plain": "text",
  "text/markdown": "markdown",
  "text/x-markdown": "markdown",
  "text/html": "html",
  "application/xhtml+xml": "html",
  "application/pdf": "pdf",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
};

const DESCRIBE: Record<Sniffed["kind"], string> = {
  pdf: "a PDF",
  docx: "a Word document (.docx)",
  zip: "a ZIP archive",
  binary: "a binary file",
  html: "an HTML web page",
  text: "plain text",
};

export function extensionOf(fileName: string): string {
  const m = /\.([A-Za-z0-9]+)$/.exec(fileName.trim());
  return m ? m[1]!.toLowerCase() : "";
}

export function detectFormat(bytes: Uint8Array, fileName: string, mediaType?: string): { format: Format; warnings: string[] } {
  const ext = extensionOf(fileName);
  const sniffed = sniff(bytes);
  const named: Format | "unsupported" | undefined = EXTENSIONS[ext] ?? (ext ? "unsupported" : mediaType ? MEDIA_TYPES[mediaType.split(";")[0]!.trim().toLowerCase()] : undefined);
  const what = sniffed.kind === "zip" || sniffed.kind === "binary" ? sniffed.what : DESCRIBE[sniffed.kind];
  const name = quoteName(fileName);
  const warnings: string[] = [];

  if (named === "unsupported") {
    const hint = UNSUPPORTED_HINT[ext];
    throw new IngestError(
      "unsupported",
      `${name} is ${hint ? hint : `a .${ext} file`}, which cannot be imported. Supported formats: plain text (.txt), Markdown (.md), web pages (.html), Word (.docx) and PDF with a text layer.`,
      { fileName },
    );
  }
  if (sniffed.kind === "pdf" || sniffed.kind === "docx") {
    if (named && named !== sniffed.kind) throw mislabelled(name, fileName, ext, what);
    return { format: sniffed.kind, warnings };
  }
  if (sniffed.kind === "zip" || sniffed.kind === "binary") {
    if (named === "pdf" || named === "docx" || named === undefined) {
      throw new IngestError(
        named ? "mislabelled" : "unsupported",
        named
          ? `${name} is named .${ext} but is not ${named === "pdf" ? "a PDF" : "a Word document"}: it looks like ${what}. Check that you picked the right file.`
          : `${name} looks like ${what}, which cannot be imported.`,
        { fileName },
      );
    }
    throw mislabelled(name, fileName, ext, what);
  }
  // Text family from here on: the content is text (or HTML).
  if (named === "pdf" || named === "docx") throw mislabelled(name, fileName, ext, what);
  if (named === "html") {
    if (sniffed.kind === "html") return { format: "html", warnings };
    warnings.push(`The file is named .${ext} but contains no HTML; it was imported as plain text.`);
    return { format: "text", warnings };
  }
  if (named === "markdown") return { format: "markdown", warnings };
  if (named === "text") return { format: "text", warnings };
  return { format: sniffed.kind === "html" ? "html" : "text", warnings };
}

function mislabelled(name: string, fileName: string, ext: string, what: string): IngestError {
  const article = ext === "html" || ext === "htm" ? "an" : "a";
  const expected = ext === "pdf" ? "a PDF" : ext === "docx" ? "a Word document" : `${article} .${ext} file`;
  return new IngestError("mislabelled", `${name} is named .${ext} but is not ${expected}: it looks like ${what}. Check that you picked the right file, or rename it.`, { fileName });
}

function sniff(bytes: Uint8Array): Sniffed {
  const head = bytes.subarray(0, 1024);
  const ascii = String.fromCharCode(...head.subarray(0, 16));
  if (indexOfAscii(head, "%PDF-") >= 0) return { kind: "pdf" };
  if (isZip(bytes)) return sniffZip(bytes);
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) return { kind: "binary", what: "an old Microsoft Office file (Word 97–2003 .doc?); save it as .docx" };
  if (ascii.startsWith("{\\rtf")) return { kind: "binary", what: "a Rich Text Format (RTF) document; save it as .docx or PDF" };
  if (bytes[0] === 0x89 && ascii.slice(1, 4) === "PNG") return { kind: "binary", what: "a PNG image" };
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return { kind: "binary", what: "a JPEG image" };
  if (ascii.startsWith("GIF8")) return { kind: "binary", what: "a GIF image" };
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return { kind: "binary", what: "a gzip-compressed file" };
  if (looksBinary(bytes)) return { kind: "binary", what: "a binary file, not text" };
  if (looksHtml(bytes)) return { kind: "html" };
  return { kind: "text" };
}

function sniffZip(bytes: Uint8Array): Sniffed {
  let names: string[];
  try {
    names = listZipEntries(bytes).map((e) => e.name);
  } catch (error) {
    if (error instanceof ZipProblem && error.kind === "bomb") return { kind: "docx" }; // the DOCX reader names the problem
    return { kind: "docx" }; // a damaged archive: let the DOCX reader report it
  }
  if (names.includes("word/document.xml") || names.some((n) => /^word\/[^/]+\.xml$/.test(n))) return { kind: "docx" };
  if (names.includes("mimetype") && names.some((n) => n === "content.xml")) return { kind: "zip", what: "an OpenDocument file (.odt); save it as .docx or PDF" };
  if (names.some((n) => n.startsWith("xl/"))) return { kind: "zip", what: "an Excel spreadsheet (.xlsx)" };
  if (names.some((n) => n.startsWith("ppt/"))) return { kind: "zip", what: "a PowerPoint presentation (.pptx)" };
  if (names.includes("META-INF/container.xml")) return { kind: "zip", what: "an e-book (EPUB)" };
  return { kind: "zip", what: "a ZIP archive, not a Word document" };
}

function indexOfAscii(bytes: Uint8Array, needle: string): number {
  outer: for (let i = 0; i + needle.length <= bytes.length; i++) {
    for (let k = 0; k < needle.length; k++) if (bytes[i + k] !== needle.charCodeAt(k)) continue outer;
    return i;
  }
  return -1;
}

/** Many control bytes (other than tab, line ends, form feed and ESC) in the first 8 KB, and no UTF-16 BOM. */
function looksBinary(bytes: Uint8Array): boolean {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return false;
  const sample = bytes.subarray(0, 8192);
  if (sample.length === 0) return false;
  let controls = 0;
  for (const b of sample) if (b < 0x20 && b !== 9 && b !== 10 && b !== 13 && b !== 12 && b !== 0x1b) controls++;
  return controls / sample.length > 0.1;
}

function looksHtml(bytes: Uint8Array): boolean {
  let start = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  let head = "";
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    try {
      head = new TextDecoder(bytes[0] === 0xff ? "utf-16le" : "utf-16be").decode(bytes.subarray(2, 2050));
    } catch {
      return false;
    }
  } else {
    head = new TextDecoder("latin1").decode(bytes.subarray(start, start + 2048));
  }
  const t = head.replace(/^\s+/, "").toLowerCase();
  if (t.startsWith("<!doctype html") || t.startsWith("<html") || (t.startsWith("<?xml") && t.includes("<html"))) return true;
  return /<(head|body)[\s>]/.test(t) && /<\/?(html|head|body|title|meta|div|p)[\s>]/.test(t);
}
