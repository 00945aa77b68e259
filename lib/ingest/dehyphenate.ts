/**
 * Words broken across line ends ("for-\neign") and how to tell them from real compounds
 * ("ill-\nfounded"). Print and OCR output hyphenate at syllables; word processors break only at
 * real hyphens. With no dictionary at hand we let the document vote: if it spells the word closed
 * elsewhere ("foreign") the hyphen goes; if it spells it hyphenated ("ill-founded") the hyphen
 * stays; a break inside an already hyphenated word ("pro-de-\nmocracy") and common compound heads
 * ("self-", "well-", "all-") decide the rest, and otherwise the hyphen goes.
 */

export type Vocabulary = Map<string, number>;

const WORD = /\p{L}+(?:[-‐]\p{L}+)*/gu;

export function buildVocabulary(text: string): Vocabulary {
  const vocab: Vocabulary = new Map();
  for (const m of text.matchAll(WORD)) {
    const w = m[0].toLowerCase();
    vocab.set(w, (vocab.get(w) ?? 0) + 1);
  }
  return vocab;
}

/** Words that usually head a real compound ("self-reliant", "well-known", "all-sided"). */
const COMPOUND_HEADS = new Set(["self", "well", "ill", "all", "non", "anti", "cross", "half", "semi", "quasi", "counter", "multi"]);

/** Whether the hyphen between `left` (may itself contain hyphens) and `right` is a real one to keep. */
export function keepHyphen(left: string, right: string, vocab: Vocabulary): boolean {
  if (!/^\p{Ll}/u.test(right)) return true; // "Indo-⏎Pacific", "Vietnam-⏎US": a capital follows a real hyphen
  const closed = (left + right).toLowerCase();
  const closedSeen = vocab.has(closed) || vocab.has(closed.replace(/[-‐]/g, ""));
  if (closedSeen) return false;
  if (vocab.has(`${left}-${right}`.toLowerCase())) return true;
  if (/[-‐]/.test(left)) return false; // "pro-de-" + "mocracy"
  return COMPOUND_HEADS.has(left.toLowerCase());
}

/**
 * De-hyphenate a plain text that keeps its line structure (OCR output): `word-⏎word` becomes one
 * word, joined onto the first line; one blank line between the halves (a column or page break in
 * the scan) is bridged too. Returns the new text and how many words were joined.
 */
export function dehyphenateText(text: string): { text: string; joined: number } {
  const vocab = buildVocabulary(text);
  let joined = 0;
  const out = text.replace(
    /((?:\p{L}+[-‐])*\p{L}+)[-‐][ \t]*\n(?:[ \t]*\n)?[ \t]*(\p{L}+)/gu,
    (whole, left: string, right: string) => {
      joined++;
      return keepHyphen(left, right, vocab) ? `${left}-${right}` : `${left}${right}`;
    },
  );
  return { text: out, joined };
}

/**
 * Join two lines of one paragraph (PDF): a hyphen at the end of `prev` joins the word when
 * `dehyphenate` is on (and is kept, without a space, when it is off: "for-eign", never "for- eign");
 * CJK text joins without a space; anything else with one.
 */
export function joinLines(prev: string, next: string, dehyphenate: boolean, vocab: Vocabulary): { text: string; joined: boolean } {
  const a = prev.replace(/\s+$/, "");
  const b = next.replace(/^\s+/, "");
  if (!a) return { text: b, joined: false };
  if (!b) return { text: a, joined: false };
  const hy = /((?:\p{L}+[-‐])*\p{L}+)[-‐]$/u.exec(a);
  const first = /^\p{L}+/u.exec(b);
  if (hy && first) {
    if (!dehyphenate) return { text: a + b, joined: false };
    const keep = keepHyphen(hy[1]!, first[0], vocab);
    return { text: keep ? a + b : a.slice(0, -1) + b, joined: true };
  }
  if (CJK_END.test(a) && CJK_START.test(b)) return { text: a + b, joined: false };
  return { text: `${a} ${b}`, joined: false };
}

const CJK = "\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\u3000-\\u303f\\uff00-\\uffef\\u30fc—";
const CJK_END = new RegExp(`[${CJK}]$`, "u");
const CJK_START = new RegExp(`^[${CJK}]`, "u");

/**
 * Whether a text looks like OCR output of a printed page: many lines ending in a broken word,
 * short hard-wrapped lines, digits standing in for letters ("1mplements"), stray marks after
 * sentences. Two signals must agree, so an ordinary text file with a few hyphens is not flagged.
 */
export function looksLikeOcr(text: string): { looksOcr: boolean; signals: string[] } {
  const lines = text.split("\n").filter((l) => l.trim().length > 0);
  const signals: string[] = [];
  if (lines.length < 10) return { looksOcr: false, signals };
  const hyphenEnds = lines.filter((l) => /\p{Ll}[-‐]\s*$/u.test(l)).length;
  if (hyphenEnds >= 3 && hyphenEnds / lines.length >= 0.04) signals.push("words broken across line ends");
  const lengths = lines.map((l) => l.length).sort((x, y) => x - y);
  const median = lengths[Math.floor(lengths.length / 2)]!;
  const wrapped = lines.filter((l) => !/[.!?:;"”’)]\s*$/.test(l)).length / lines.length;
  if (median >= 15 && median <= 70 && wrapped >= 0.6) signals.push("short hard-wrapped lines");
  const digitInWord = (text.match(/(?<![\p{L}\p{N}])[01]\p{Ll}{3,}|\p{Ll}{2,}[01]\p{Ll}{2,}/gu) ?? []).length;
  if (digitInWord >= 1) signals.push("digits in place of letters");
  const stray = (text.match(/\p{Ll}[.,]["”]?[!?>*®©°]+(?=\s|$)/gu) ?? []).length + lines.filter((l) => /^ \S/.test(l)).length;
  if (stray >= 2) signals.push("stray marks from the scan");
  return { looksOcr: signals.length >= 2 && signals.includes("words broken across line ends"), signals };
}
