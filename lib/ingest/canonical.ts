/**
 * The canonical text every offset points into (docs/domain.md): Unicode NFC, `\n` line ends,
 * and no control characters other than `\n` and `\t`. What was removed is counted and reported,
 * never silent. Idempotent: canonicalize(canonicalize(x).text).text === canonicalize(x).text.
 */
export type CanonicalReport = {
  /** Control characters removed, by code point (e.g. "U+0000": 2). */
  removedControls: Record<string, number>;
  lineEndingsNormalized: number;
  /** Whether NFC normalisation changed anything. */
  normalized: boolean;
  /** U+FFFD replacement characters present in the result (from a lossy source). */
  replacementCharacters: number;
};

// C0 controls except \t and \n, DEL, C1 controls; plus a lone CR is handled as a line end first.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
// Escape sequences (ANSI colours and the like) are removed whole, not just their ESC byte.
// eslint-disable-next-line no-control-regex
const ANSI_ESCAPE = /\u001b\[[0-?]*[ -/]*[@-~]/g;

export function canonicalize(input: string): { text: string; report: CanonicalReport } {
  const removedControls: Record<string, number> = {};
  const count = (ch: string) => {
    const key = `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
    removedControls[key] = (removedControls[key] ?? 0) + 1;
  };
  let text = input.startsWith("\ufeff") ? input.slice(1) : input;
  let lineEndingsNormalized = 0;
  text = text.replace(/\r\n?|\u2028|\u2029|\u0085/g, () => {
    lineEndingsNormalized++;
    return "\n";
  });
  text = text.replace(ANSI_ESCAPE, () => {
    count("\u001b");
    return "";
  });
  text = text.replace(CONTROL, (ch) => {
    count(ch);
    return "";
  });
  // Stray BOMs / zero-width no-break spaces inside the text are formatting, not content.
  text = text.replace(/\ufeff/g, () => {
    count("\ufeff");
    return "";
  });
  const nfc = text.normalize("NFC");
  const normalized = nfc !== text;
  const replacementCharacters = (nfc.match(/\ufffd/g) ?? []).length;
  return { text: nfc, report: { removedControls, lineEndingsNormalized, normalized, replacementCharacters } };
}

/** Length in Unicode code points (what offsets count), not UTF-16 units. */
export function codePointLength(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // A high surrogate followed by a low surrogate is one code point.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}
