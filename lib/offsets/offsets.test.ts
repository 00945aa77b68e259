import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { snapToWords, TextIndex } from "./index";

// Characters where a wrong unit shows: astral emoji, a flag (two regional indicators), a ZWJ
// family, combining marks, Arabic (RTL), CJK, newlines and tabs.
const tricky = fc.constantFrom("a", "Z", " ", "\n", "\t", "é", "e\u0301", "😀", "🇻🇳", "👨‍👩‍👧", "ب", "حقوق", "国", "𠀀", "\u200d", ".");
const trickyText = fc.array(tricky, { maxLength: 60 }).map((parts) => parts.join(""));
const anyText = fc.oneof(trickyText, fc.string({ unit: "binary", maxLength: 80 }).map((s) => s.replace(/[\ud800-\udfff]/g, "x")));

/** A reference model of the editor document: one textblock per line, as lib/offsets assumes. */
function pmPositionsOf(text: string): number[] {
  const positions: number[] = []; // positions[u16] = pm position
  let pos = 0;
  for (const line of text.split("\n")) {
    pos += 1; // open token
    for (let i = 0; i < line.length; i++) positions.push(pos + i);
    positions.push(pos + line.length); // the "\n" or the end of text sits at content end
    pos += line.length + 1; // content + close token
  }
  return positions;
}

describe("TextIndex", () => {
  it("converts code points to UTF-16 and back (property)", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const index = new TextIndex(text);
        const cps = Array.from(text);
        expect(index.lengthCp).toBe(cps.length);
        for (let cp = 0; cp <= cps.length; cp++) {
          const u = index.cpToU16(cp);
          expect(u).toBe(cps.slice(0, cp).join("").length);
          expect(index.u16ToCp(u)).toBe(cp);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("slices by code points exactly like Array.from (property)", () => {
    fc.assert(
      fc.property(anyText, fc.nat(), fc.nat(), (text, a, b) => {
        const index = new TextIndex(text);
        const n = index.lengthCp;
        const start = n === 0 ? 0 : a % (n + 1);
        const end = n === 0 ? 0 : start + (b % (n - start + 1));
        expect(index.sliceCp(start, end)).toBe(Array.from(text).slice(start, end).join(""));
      }),
      { numRuns: 500 },
    );
  });

  it("maps UTF-16 offsets to ProseMirror positions of a one-block-per-line document and back (property)", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const index = new TextIndex(text);
        const model = pmPositionsOf(text);
        for (let u = 0; u <= text.length; u++) {
          expect(index.u16ToPm(u)).toBe(model[u]);
          expect(index.pmToU16(index.u16ToPm(u))).toBe(u);
        }
        expect(index.maxPm).toBe(model[text.length]);
      }),
      { numRuns: 300 },
    );
  });

  it("round-trips code points through ProseMirror positions (property)", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const index = new TextIndex(text);
        for (let cp = 0; cp <= index.lengthCp; cp++) expect(index.pmToCp(index.cpToPm(cp))).toBe(cp);
      }),
      { numRuns: 300 },
    );
  });

  it("resolves positions between two blocks to the line break's sides", () => {
    const index = new TextIndex("ab\ncd");
    // <p>ab</p><p>cd</p>: 0 <p> 1 a 2 b 3 </p> 4 <p> 5 c 6 d 7 </p>
    expect(index.u16ToPm(0)).toBe(1);
    expect(index.u16ToPm(2)).toBe(3); // the "\n" sits at the end of line 0
    expect(index.u16ToPm(3)).toBe(5);
    expect(index.pmToU16(4, "start")).toBe(3);
    expect(index.pmToU16(4, "end")).toBe(2);
    expect(index.pmToU16(0)).toBe(0);
  });

  it("moves an offset inside a surrogate pair to the pair's start or end", () => {
    const index = new TextIndex("a😀b");
    expect(index.u16ToCp(2, "start")).toBe(1);
    expect(index.u16ToCp(2, "end")).toBe(2);
  });

  it("refuses offsets out of range", () => {
    const index = new TextIndex("abc");
    expect(() => index.cpToU16(4)).toThrow(RangeError);
    expect(() => index.u16ToCp(-1)).toThrow(RangeError);
    expect(() => index.cpToU16(1.5)).toThrow(RangeError);
  });

  it("counts the unicode edge cases in code points: flags, ZWJ sequences, combining marks", () => {
    const text = "x 🇻🇳 y 👨‍👩‍👧 z e\u0301";
    const index = new TextIndex(text);
    expect(index.lengthCp).toBe(Array.from(text).length);
    const flagStart = Array.from(text).indexOf("🇻");
    expect(index.sliceCp(flagStart, flagStart + 2)).toBe("🇻🇳");
  });
});

describe("snapToWords", () => {
  it("widens a selection to whole words and trims spaces", () => {
    const text = "States ratify treaties under pressure.";
    // "tify trea" → "ratify treaties"
    expect(snapToWords(text, 9, 18)).toEqual({ start: 7, end: 22 });
    expect(snapToWords(text, 6, 14)).toEqual({ start: 7, end: 13 });
  });

  it("works with astral characters before the selection", () => {
    const text = "😀😀 sovereignty claim";
    const r = snapToWords(text, 5, 9);
    expect(Array.from(text).slice(r.start, r.end).join("")).toBe("sovereignty");
  });
});
