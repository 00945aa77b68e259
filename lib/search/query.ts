/**
 * A search as researchers type it (docs/api.md `GET /search?q&mode`):
 * - `words`: PostgreSQL full-text search (websearch syntax: words, "quoted phrases", OR, -not),
 *   stemmed under the `english` configuration, ranked;
 * - `phrase`: the exact phrase, ignoring case and how much whitespace separates its words;
 * - `regex`: a JavaScript regular expression (Unicode, case-insensitive unless it says
 *   otherwise), run with a time limit.
 * Phrases and regular expressions become one RegExp here, so both are matched the same way.
 */
export const SEARCH_MODES = ["words", "phrase", "regex"] as const;
export type SearchMode = (typeof SEARCH_MODES)[number];

export const MAX_QUERY_LENGTH = 500;

export class SearchQueryError extends Error {}

/** The query text, NFC like every canonical text, trimmed. */
export function normalizeQuery(q: string): string {
  return q.normalize("NFC").trim();
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

/** A phrase as a pattern: its words in order, any run of whitespace between them. */
export function phrasePattern(phrase: string): string {
  const words = normalizeQuery(phrase).split(/\s+/u).filter(Boolean);
  if (words.length === 0) throw new SearchQueryError("Type the phrase to search for.");
  return words.map(escape).join("\\s+");
}

/**
 * The RegExp for a phrase or a user's regular expression: always global and Unicode-aware;
 * case-insensitive unless `caseSensitive`. Refuses what cannot compile and what matches empty
 * text (it would "hit" between every two characters).
 */
export function matcherFor(mode: "phrase" | "regex", q: string, caseSensitive = false): RegExp {
  const source = mode === "phrase" ? phrasePattern(q) : normalizeQuery(q);
  if (!source) throw new SearchQueryError("Type a regular expression to search for.");
  if (source.length > MAX_QUERY_LENGTH) throw new SearchQueryError(`The search is longer than ${MAX_QUERY_LENGTH} characters.`);
  let re: RegExp;
  try {
    re = new RegExp(source, caseSensitive ? "gu" : "giu");
  } catch (error) {
    const detail = error instanceof Error ? error.message.replace(/^Invalid regular expression: /, "") : "";
    throw new SearchQueryError(`That is not a valid regular expression${detail ? `: ${detail}` : ""}.`);
  }
  if (re.test("")) throw new SearchQueryError("That regular expression matches empty text; make it match at least one character.");
  re.lastIndex = 0;
  return re;
}
