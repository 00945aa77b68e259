/**
 * Words in a text, for "codings per 1,000 words": runs of letters, digits and marks (joined by
 * an apostrophe or a hyphen: "state's", "follow-up"), and — as Microsoft Word counts them — each
 * Chinese or Japanese character on its own, since those scripts put no spaces between words.
 * A regular expression, not Intl.Segmenter: the segmenter's dictionary lookup took ~3.5 s per
 * megabyte, which imports cannot afford; this takes milliseconds.
 */
const CJK = String.raw`\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}`;
const LETTER = String.raw`[[\p{L}\p{N}\p{M}]--[${CJK}]]`;
// Built with RegExp because the `v` flag's set subtraction (Node 20+) is newer than tsconfig's target.
const WORD = new RegExp(String.raw`[${CJK}]|${LETTER}+(?:['’\-]${LETTER}+)*`, "gv");

export function countWords(text: string): number {
  let n = 0;
  WORD.lastIndex = 0;
  while (WORD.exec(text) !== null) n++;
  return n;
}
