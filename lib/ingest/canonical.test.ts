import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalize, codePointLength } from "./canonical";

describe("canonicalize", () => {
  it("normalises line endings to \\n and counts them", () => {
    const { text, report } = canonicalize("a\r\nb\rc\nd\u2028e");
    expect(text).toBe("a\nb\nc\nd\ne");
    expect(report.lineEndingsNormalized).toBe(3);
  });

  it("composes to NFC", () => {
    const { text, report } = canonicalize("Cafe\u0301");
    expect(text).toBe("Caf\u00e9");
    expect(report.normalized).toBe(true);
  });

  it("removes control characters but keeps tabs and newlines, and reports them", () => {
    const { text, report } = canonicalize("Reward\u0000based.\u0007 Bell\t\u001b[31mred\u001b[0m.\n");
    expect(text).toBe("Rewardbased. Bell\tred.\n");
    expect(report.removedControls).toEqual({ "U+0000": 1, "U+0007": 1, "U+001B": 2 });
  });

  it("drops a leading BOM and counts U+FFFD replacements", () => {
    const { text, report } = canonicalize("\ufeffbad \ufffd byte");
    expect(text).toBe("bad \ufffd byte");
    expect(report.replacementCharacters).toBe(1);
  });

  it("is idempotent (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), (s) => {
        const once = canonicalize(s).text;
        expect(canonicalize(once).text).toBe(once);
      }),
      { numRuns: 500 },
    );
  });

  it("leaves no control characters but \\n and \\t (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), (s) => {
        // eslint-disable-next-line no-control-regex
        expect(canonicalize(s).text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\r]/);
      }),
      { numRuns: 500 },
    );
  });
});

describe("codePointLength", () => {
  it("counts code points, not UTF-16 units", () => {
    expect(codePointLength("abc")).toBe(3);
    expect(codePointLength("😀")).toBe(1);
    expect(codePointLength("🇻🇳")).toBe(2); // a flag is two regional indicators
    expect(codePointLength("👨‍👩‍👧")).toBe(5); // three people joined by two ZWJ
  });

  it("agrees with Array.from for any string (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), (s) => {
        expect(codePointLength(s)).toBe(Array.from(s).length);
      }),
      { numRuns: 500 },
    );
  });
});
