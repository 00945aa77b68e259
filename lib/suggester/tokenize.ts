/**
 * Text → feature terms, the same way at training and at suggestion time.
 *
 * - NFKC folds compatibility forms (full-width Latin, ligatures, circled digits) onto their plain
 *   letters, then `toLowerCase` (locale-independent, unlike `toLocaleLowerCase`: a Turkish server
 *   must not learn different features from the same text).
 * - A word token is a run of letters, digits and combining marks, with inner apostrophes kept
 *   ("don't", "people's"); hyphens and all other punctuation separate words, so
 *   "non-interference" yields "non" and "interference" and matches the plain word.
 * - Chinese, Japanese and Korean characters (Han, Hiragana, Katakana, Hangul) are each their own
 *   token: these scripts are not written with spaces, and character unigrams plus bigrams are the
 *   usual dictionary-free representation for them.
 * - Tokens of one character are dropped unless they are CJK: "a", "s", stray digits carry no signal.
 * - Features are unigrams (minus a short English stop-word list, which would only add noise) and
 *   bigrams of adjacent tokens (stop words included: "internal affairs", "the conditions").
 */

const CJK = String.raw`\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}`;
const WORD_CHAR = String.raw`(?:(?![${CJK}])[\p{L}\p{N}\p{M}])`;
const TOKEN = new RegExp(String.raw`[${CJK}]|${WORD_CHAR}+(?:['’ʼ]${WORD_CHAR}+)*`, "gu");
const IS_CJK = new RegExp(String.raw`^[${CJK}]$`, "u");
const APOSTROPHES = /[’ʼ]/g;

/** The joiner between the two tokens of a bigram; tokens never contain it. */
export const BIGRAM_JOINER = " ";

export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    "an and are as at be been but by for from had has have he her his if in into is it its of on or " +
    "our she so than that the their them then there these they this those to was we were which who " +
    "will with would you your"
  ).split(" "),
);

/** The text as the tokenizer sees it: NFKC, lower case, one kind of apostrophe. */
export function normalizeForFeatures(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(APOSTROPHES, "'");
}

/** Word tokens in text order (see the file comment for what counts as one). */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const match of normalizeForFeatures(text).matchAll(TOKEN)) {
    const token = match[0];
    // One UTF-16 unit, or one astral code point (two units): a single character.
    const singleCharacter = token.length === 1 || (token.length === 2 && token.codePointAt(0)! > 0xffff);
    if (singleCharacter && !IS_CJK.test(token)) continue;
    tokens.push(token);
  }
  return tokens;
}

/** Unigrams (minus stop words) then bigrams, with repeats: the counts become term frequencies. */
export function featureTerms(tokens: readonly string[]): string[] {
  const terms: string[] = [];
  for (const token of tokens) if (!STOP_WORDS.has(token)) terms.push(token);
  for (let i = 1; i < tokens.length; i++) terms.push(tokens[i - 1] + BIGRAM_JOINER + tokens[i]);
  return terms;
}

/** `featureTerms(tokenize(text))`. */
export function textFeatures(text: string): string[] {
  return featureTerms(tokenize(text));
}
