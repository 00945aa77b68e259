import mammoth from "mammoth";
import { zipSync } from "fflate";
import { parseHTML } from "linkedom";
import { FormatProblem } from "../errors";
import { clean, normalizeLanguage, parseDate } from "../meta";
import type { FormatOutput } from "../types";
import { checkDeclaredSizes, listZipEntries, readEntry, ZipProblem, type ZipEntry } from "../zip";
import { domToBlocks } from "./dom-blocks";

/**
 * Word (.docx) → readable text. mammoth is the well-kept DOCX reader that maps Word's structure
 * (heading styles, lists, tables, footnotes) to clean semantic HTML rather than to looks; we read
 * that HTML with the same DOM walker as web pages. mammoth inflates archives through JSZip with no
 * size guard, so the archive first goes through our guarded reader (zip.ts): declared sizes and
 * ratios are checked before anything is inflated, only the XML parts are inflated (capped), and
 * mammoth gets a re-packed, uncompressed archive of just those parts — images never load.
 */

const LITERAL_TAG = /<\/?(?:sup|sub|b|i|em|strong|u|p|br|span|div|small|mark|s|strike|del|ins|font)(?:\s[^<>]*)?\/?>/gi;
const WANTED = (e: ZipEntry) => /\.(xml|rels)$/i.test(e.name) && !e.name.endsWith("/");

export async function readDocx(bytes: Uint8Array): Promise<FormatOutput> {
  let entries: ZipEntry[];
  const parts: Record<string, Uint8Array> = {};
  try {
    entries = listZipEntries(bytes);
    checkDeclaredSizes(entries, WANTED);
    if (!entries.some((e) => e.name === "word/document.xml") && !entries.some((e) => /^word\/[^/]+\.xml$/.test(e.name))) {
      throw new FormatProblem("mislabelled", "it is a ZIP archive but holds no Word document (word/document.xml is missing)");
    }
    for (const e of entries) if (WANTED(e)) parts[e.name] = readEntry(bytes, e);
  } catch (error) {
    if (error instanceof ZipProblem) throw new FormatProblem(error.kind === "bomb" ? "too_large" : error.kind, error.message, error.kind === "bomb" ? "zip" : undefined);
    throw error;
  }

  const repacked = zipSync(Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, [v, { level: 0 }]])) as never);
  const warnings: string[] = [];
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(repacked.buffer, repacked.byteOffset, repacked.byteLength) },
      {
        // Images are not text: never read them (they were not even inflated).
        convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: "" })),
        styleMap: ["p[style-name='Title'] => h1:fresh", "p[style-name='Subtitle'] => h2:fresh"],
      },
    );
    html = result.value;
    const unknownStyles = result.messages.filter((m) => m.type === "warning" && /unrecognised|unrecognized/i.test(m.message)).length;
    if (unknownStyles > 0) warnings.push(`${unknownStyles} Word style(s) were not recognised and were read as plain paragraphs.`);
  } catch (error) {
    throw new FormatProblem("damaged", `Word could not be read from it (${error instanceof Error ? error.message.split("\n")[0] : "unknown error"})`);
  }
  if (Object.keys(parts).some((n) => n.startsWith("word/media/")) || entriesHaveMedia(bytes)) warnings.push("Images in the document were skipped.");

  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  // Footnote back-links ("↑") are navigation, not text.
  for (const a of Array.from(document.querySelectorAll('a[href^="#footnote-ref"], a[href^="#endnote-ref"], a[href^="#comment-ref"]'))) a.remove();
  const blocks = document.body ? domToBlocks(document.body as never, { keepTabs: true }) : [];
  // Documents converted from Markdown or the web often carry HTML tags as literal text
  // ("13<sup>th</sup>"): conversion debris, not content. Keep what they enclose; say so.
  let literalTags = 0;
  for (const b of blocks) {
    b.text = b.text.replace(LITERAL_TAG, (tag) => {
      literalTags++;
      return /^<br/i.test(tag) ? " " : "";
    });
  }
  if (literalTags > 0) warnings.push(`${literalTags} HTML tag(s) written as literal text in the document (such as <sup>) were removed; their content was kept.`);

  const core = coreProperties(parts["docProps/core.xml"]);
  return {
    blocks,
    warnings,
    meta: {
      title: core.title ?? blocks.find((b) => b.kind === "heading")?.text ?? null,
      author: core.author,
      language: core.language,
      publishedOn: null,
    },
    fileDates: { ...(core.created ? { created: core.created } : {}), ...(core.modified ? { modified: core.modified } : {}) },
  };
}

function entriesHaveMedia(bytes: Uint8Array): boolean {
  try {
    return listZipEntries(bytes).some((e) => e.name.startsWith("word/media/"));
  } catch {
    return false;
  }
}

/** docProps/core.xml: Dublin Core title, creator, language and dates. */
function coreProperties(xml: Uint8Array | undefined): { title: string | null; author: string | null; language: string | null; created?: string; modified?: string } {
  if (!xml) return { title: null, author: null, language: null };
  const { document } = parseHTML(new TextDecoder().decode(xml), "text/xml" as never);
  const get = (tag: string) => clean(document.getElementsByTagName(tag)[0]?.textContent);
  const created = parseDate(get("dcterms:created"));
  const modified = parseDate(get("dcterms:modified"));
  return {
    title: get("dc:title"),
    author: get("dc:creator"),
    language: normalizeLanguage(get("dc:language")),
    ...(created ? { created } : {}),
    ...(modified ? { modified } : {}),
  };
}
