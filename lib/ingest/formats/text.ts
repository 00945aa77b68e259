import { decodeBytes } from "../decode";
import { looksLikePlainHeading } from "../structure";
import { clean, parseDate } from "../meta";
import type { DocumentMeta } from "../types";

/**
 * Plain text is kept exactly as uploaded (after the canonical clean-up), so offsets that other
 * tools computed over the same file still point at the same characters. Metadata comes from the
 * lines a scraped or typed document starts with: a title line, a date line, a byline, a URL.
 */

export function decodeText(bytes: Uint8Array): { text: string; encoding: string } {
  return decodeBytes(bytes);
}

const BREADCRUMB = /^(home|start)\s*[»>›/|]/i;
const BYLINE = /^(?:by|written by|author:?)\s+(.+)$/i;
const COUNTERS = /\b\d+\s+(comments?|views?|shares?|likes?)\b/i;

export function plainTextMeta(text: string): DocumentMeta {
  const lines = text.split("\n", 60).map((l) => l.trim()).filter(Boolean).slice(0, 20);
  let publishedOn: string | null = null;
  let author: string | null = null;
  let url: string | null = null;
  for (const line of lines) {
    if (!publishedOn && line.length <= 60) publishedOn = parseDate(line);
    const by = BYLINE.exec(line);
    if (!author && by) {
      const name = by[1]!.split(/\s+[·|•–—]\s+|\s{2,}/)[0]!.trim();
      if (name.split(/\s+/).length <= 6 && /^\p{Lu}/u.test(name)) author = clean(name);
    }
    const u = /^(?:(?:source|url|link|retrieved from)\s*:?\s*)?(https?:\/\/\S+)$/i.exec(line);
    if (!url && u) url = u[1]!;
  }
  // Title: the first heading-like block that is not a date, a breadcrumb, a byline or a counter.
  let title: string | null = null;
  let seen = 0;
  for (const block of text.slice(0, 20_000).split(/\n[ \t]*\n/, 40)) {
    const body = block.trim();
    if (!body) continue;
    const furniture = parseDate(body) || BREADCRUMB.test(body) || BYLINE.test(body) || COUNTERS.test(body) || /^https?:/.test(body);
    if (!furniture) {
      if (looksLikePlainHeading(body)) {
        title = clean(body);
        break;
      }
      // The title comes before the body text: stop at the third real paragraph.
      if (++seen >= 3) break;
    }
  }
  return { title, author, publishedOn, url };
}
