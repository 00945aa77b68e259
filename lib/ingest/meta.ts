import type { Block, DocumentMeta, SourceType } from "./types";

/**
 * Metadata guesses shared by the formats: dates in the shapes documents print them, a language
 * guess, a source-type guess and a title from a file name. Guesses, clearly reported as such in
 * `report.metadataSources`; the researcher can correct them after import.
 */

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

function ymd(y: number, m: number, d: number): string | null {
  if (y < 1000 || y > 2999 || m < 1 || m > 12 || d < 1 || d > 31) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1) return null;
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** A day-precision date (YYYY-MM-DD) from ISO strings, PDF dates and English prose dates; null when unsure. */
export function parseDate(input: string | null | undefined): string | null {
  if (!input) return null;
  const s = input.trim();
  let m = /^D?:?(\d{4})(\d{2})(\d{2})/.exec(s); // PDF date D:YYYYMMDDHHmmSS
  if (m && s.startsWith("D:")) return ymd(+m[1]!, +m[2]!, +m[3]!);
  m = /(\d{4})-(\d{2})-(\d{2})/.exec(s);
  if (m) return ymd(+m[1]!, +m[2]!, +m[3]!);
  m = /\b(\d{1,2})\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+(\d{4})\b/i.exec(s);
  if (m) return ymd(+m[3]!, MONTHS.indexOf(m[2]!.toLowerCase()) + 1, +m[1]!);
  m = /\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b/i.exec(s);
  if (m) return ymd(+m[3]!, MONTHS.indexOf(m[1]!.toLowerCase()) + 1, +m[2]!);
  m = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/.exec(s);
  if (m) return ymd(+m[1]!, +m[2]!, +m[3]!);
  return null;
}

/** "us-vietnam_report-2022.final.pdf" → "us vietnam report 2022.final" */
export function titleFromFileName(fileName: string): string {
  const base = fileName.replace(/^.*[\\/]/, "").replace(/\.[A-Za-z0-9]{1,8}$/, "");
  const t = base.replace(CONTROLS, "").replace(/[_]+/g, " ").replace(/(?<=\S)-(?=\S)/g, " ").replace(/\s+/g, " ").trim();
  return t || "Untitled document";
}

/** Normalise "en-US", "EN_us" → "en"; null when it is not a language tag. */
export function normalizeLanguage(tag: string | null | undefined): string | null {
  if (!tag) return null;
  const m = /^([a-z]{2,3})(?:[-_]|$)/i.exec(tag.trim());
  return m ? m[1]!.toLowerCase() : null;
}

const STOPWORDS: Record<string, string[]> = {
  en: ["the", "and", "of", "to", "in", "is", "that", "for", "with", "as", "on", "are", "by", "this", "be"],
  fr: ["le", "la", "les", "et", "des", "du", "une", "est", "que", "dans", "pour", "qui", "sur", "pas", "au"],
  de: ["der", "die", "und", "das", "ist", "nicht", "mit", "den", "von", "sich", "auf", "für", "ein", "eine", "dem"],
  es: ["el", "la", "los", "las", "y", "que", "del", "en", "por", "con", "una", "para", "es", "se", "como"],
  pt: ["o", "a", "os", "as", "e", "que", "do", "da", "em", "para", "com", "uma", "não", "dos", "das"],
  it: ["il", "la", "di", "che", "e", "per", "una", "del", "della", "non", "sono", "con", "gli", "le", "nel"],
  nl: ["de", "het", "een", "en", "van", "is", "dat", "niet", "op", "te", "met", "voor", "zijn", "aan", "ook"],
  id: ["yang", "dan", "di", "dengan", "untuk", "dari", "ini", "itu", "dalam", "tidak", "pada", "akan", "adalah", "ke", "oleh"],
  vi: ["của", "và", "các", "là", "có", "được", "trong", "cho", "những", "với", "không", "người", "này", "một", "đã"],
};

/** A cheap language guess (ISO 639-1): script first, then the commonest function words. */
export function guessLanguage(text: string): string | null {
  const sample = text.length > 100_000 ? text.slice(0, 100_000) : text;
  const count = (re: RegExp) => (sample.match(re) ?? []).length;
  const letters = count(/\p{L}/gu);
  if (letters < 40) return null;
  const kana = count(/[\p{Script=Hiragana}\p{Script=Katakana}]/gu);
  const han = count(/\p{Script=Han}/gu);
  const hangul = count(/\p{Script=Hangul}/gu);
  if (hangul / letters > 0.3) return "ko";
  if ((kana + han) / letters > 0.3) return kana > 0.1 * (kana + han) ? "ja" : "zh";
  if (count(/\p{Script=Cyrillic}/gu) / letters > 0.3) return "ru";
  if (count(/\p{Script=Arabic}/gu) / letters > 0.3) return "ar";
  if (count(/\p{Script=Thai}/gu) / letters > 0.3) return "th";
  if (count(/\p{Script=Greek}/gu) / letters > 0.3) return "el";
  if (count(/\p{Script=Hebrew}/gu) / letters > 0.3) return "he";
  const words = sample.toLowerCase().match(/\p{L}+/gu) ?? [];
  const freq = new Map<string, number>();
  for (const w of words) freq.set(w, (freq.get(w) ?? 0) + 1);
  let best: string | null = null;
  let bestScore = 0;
  for (const [lang, list] of Object.entries(STOPWORDS)) {
    const score = list.reduce((n, w) => n + (freq.get(w) ?? 0), 0) / Math.max(1, words.length);
    if (score > bestScore) [best, bestScore] = [lang, score];
  }
  return bestScore >= 0.05 ? best : null;
}

/**
 * Source type from the document's own signals: an abstract and a reference list make an academic
 * article; a byline and a dateline a news story; ministries and decrees a government document; an
 * assessment or annex by a centre or NGO a report; recommendations to a government a policy brief.
 */
export function guessSourceType(input: { text: string; blocks?: Block[]; title?: string | null; author?: string | null; url?: string | null; hints?: string[] }): SourceType {
  const head = input.text.slice(0, 6000).toLowerCase();
  const all = input.text.toLowerCase();
  const headings = (input.blocks ?? []).filter((b) => b.kind === "heading").map((b) => b.text.toLowerCase());
  const hasHeading = (re: RegExp) => headings.some((h) => re.test(h)) || re.test(head);
  const score: Record<SourceType, number> = { academic_article: 0, ngo_report: 0, news: 0, policy_brief: 0, government_document: 0, other: 0 };
  if (hasHeading(/\babstract\b/)) score.academic_article += 2;
  if (headings.some((h) => /^(references|bibliography|works cited)$/.test(h.trim())) || /\n(references|bibliography)\n/.test(all)) score.academic_article += 2;
  if (/\b(literature review|methodology|research questions?)\b/.test(all)) score.academic_article += 1;
  if (/\b(university|graduate school|journal)\b/.test(head)) score.academic_article += 1;
  if (input.hints?.includes("article-page")) score.news += 2;
  if (/^\s*by [\p{Lu}][\p{L}.'-]+(?: [\p{Lu}][\p{L}.'-]+){0,3}\s*$/mu.test(input.text.slice(0, 3000))) score.news += 2;
  if (/\b(said|told|reported|stated)\b/.test(all) && (all.match(/\b(said|told|stated|wrote)\b/g) ?? []).length >= 5) score.news += 1;
  if (/\b(comment|views|share|home\s*»)\b/.test(head)) score.news += 1;
  if (/\b(assessment|annex|annual report|country report|monitoring report)\b/.test(head) && /\b(centre|center|watch|amnesty|institute|foundation|ngo|network)\b/.test(head)) score.ngo_report += 3;
  if (/\b(score|indicator)s?\b/.test(head)) score.ngo_report += 1;
  if (/\b(ministry of|decree no|circular no|the government of|national assembly resolution)\b/.test(head) && !/\b(university|journal)\b/.test(head)) score.government_document += 2;
  if (input.url && /\.gov(\.[a-z]{2})?\//.test(input.url)) score.government_document += 2;
  if (/\b(policy brief|recommendations?|action plan)\b/.test(all)) score.policy_brief += 1;
  if ((all.match(/\b(should|must)\b/g) ?? []).length >= 5) score.policy_brief += 1;
  if (/\b(washington|policy|strategy|dialogue)\b/.test(head)) score.policy_brief += 1;
  let best: SourceType = "other";
  let bestScore = 1;
  for (const [k, v] of Object.entries(score) as Array<[SourceType, number]>) if (v > bestScore) [best, bestScore] = [k, v];
  return best;
}

// Control characters other than whitespace (the canonical text drops the same ones).
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f]/g;

/**
 * Collapse runs of whitespace and trim; null for nothing. Control characters go: metadata is
 * shown as text, and PostgreSQL cannot even store U+0000 (PDF metadata often ends in NULs).
 */
export function clean(s: string | null | undefined, max = 500): string | null {
  if (!s) return null;
  const t = s.replace(CONTROLS, "").replace(/\s+/g, " ").trim();
  return t ? t.slice(0, max) : null;
}

/** The metadata a format reader found, with every value cleaned as above, whichever path it took. */
export function cleanMeta(meta: DocumentMeta): DocumentMeta {
  const text = (v: string | null | undefined) => (v == null ? v : (v.replace(CONTROLS, "") || null));
  return { ...meta, title: text(meta.title), author: text(meta.author), publishedOn: text(meta.publishedOn), url: text(meta.url), language: text(meta.language) };
}

/** Whether a first paragraph can stand as a title: one short line without closing punctuation. */
export function looksLikeTitle(s: string): boolean {
  const t = s.trim();
  return !t.includes("\n") && t.length >= 3 && t.length <= 200 && !/[.,;:]$/.test(t);
}
