import { describe, expect, it } from "vitest";
import { canonicalPositions } from "./positions";

const slice = (text: string, start: number, end: number) => [...text].slice(start, end).join("");

describe("canonicalPositions", () => {
  it("keeps positions in text that is already canonical, astral characters included", () => {
    const raw = "Flags 🇨🇭 and 👨‍👩‍👧 families, 条约.";
    const m = canonicalPositions(raw)!;
    expect(m.text).toBe(raw);
    for (let i = 0; i <= [...raw].length; i++) expect(m.map(i)).toBe(i);
  });

  it("moves positions after each CRLF, a lone CR and a removed control character", () => {
    const raw = "one\r\ntwo\rthree\u0007four";
    const m = canonicalPositions(raw)!;
    expect(m.text).toBe("one\ntwo\nthreefour");
    const at = (needle: string) => [...raw.slice(0, raw.indexOf(needle))].length;
    for (const word of ["two", "three", "four"]) {
      const start = m.map(at(word))!;
      expect(slice(m.text, start, start + word.length)).toBe(word);
    }
  });

  it("composes a base and its combining mark into one code point (NFC), and ignores a BOM", () => {
    const raw = "\ufeffcafe\u0301 au lait";
    const m = canonicalPositions(raw)!;
    expect(m.text).toBe("café au lait");
    // REFI positions count the decomposed text: "au" starts at 7 there, 6 here.
    expect(m.map(7)).toBe(6);
    expect(slice(m.text, m.map(0)!, m.map(5)!)).toBe("café");
    expect(m.map(999)).toBeNull();
  });
});
