import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TextIndex } from "@/lib/offsets";
import { coveringSpans, MAX_CHUNK, searchChunksOf } from "./chunks";
import { matchesFromHeadline } from "./headline";
import { findMatches, keywordInContext } from "./matches";
import { matcherFor, phrasePattern, SearchQueryError } from "./query";

const cps = (s: string) => [...s];

describe("search chunks", () => {
  it("are the paragraphs, with long ones cut at whitespace into pieces of at most the maximum", () => {
    const long = Array.from({ length: 50 }, (_, i) => `word${i}`).join(" ");
    const text = `First paragraph.\n\n${long}`;
    const paragraphs = [
      { start: 0, end: 16 },
      { start: 18, end: cps(text).length },
    ];
    const chunks = searchChunksOf(text, paragraphs, 40);
    expect(chunks[0]).toEqual({ start: 0, end: 16, text: "First paragraph." });
    const rest = chunks.slice(1);
    expect(rest.every((c) => c.end - c.start <= 40)).toBe(true);
    // Contiguous, covering the paragraph, and no word is cut.
    expect(rest[0]!.start).toBe(18);
    for (let i = 1; i < rest.length; i++) expect(rest[i]!.start).toBe(rest[i - 1]!.end);
    expect(rest.at(-1)!.end).toBe(cps(text).length);
    expect(rest.map((c) => c.text).join("")).toBe(long);
    for (const c of rest.slice(0, -1)) expect(c.text.endsWith(" ")).toBe(true);
  });

  it("hold each chunk's exact text at its code-point offsets, over astral characters (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom("a", "b ", "😀", "👨‍👩‍👧", "é", "\n", "حق", " ", "中"), { maxLength: 200 }), fc.integer({ min: 3, max: 30 }), (parts, max) => {
        const text = parts.join("");
        const index = new TextIndex(text);
        const chunks = searchChunksOf(text, [{ start: 0, end: index.lengthCp }], max);
        for (const c of chunks) {
          expect(c.text).toBe(index.sliceCp(c.start, c.end));
          expect(c.end - c.start).toBeLessThanOrEqual(Math.max(max, 1));
        }
        expect(chunks.map((c) => c.text).join("")).toBe(text);
      }),
    );
  });

  it("cover every character that is not whitespace exactly once: nested blocks merged, text outside every block added", () => {
    // A heading, a paragraph with a list item inside it, a stray line no block covers, a table row.
    const text = "Title line\n\nA paragraph with\n- an item\n\n  stray words  \n\nrow\tcell";
    const at = (s: string) => text.indexOf(s);
    const blocks = [
      { start: 0, end: 10 },
      { start: at("A paragraph"), end: at("- an item") + 9 },
      { start: at("- an item"), end: at("- an item") + 9 },
      { start: at("row"), end: text.length },
    ];
    const spans = coveringSpans(new TextIndex(text), blocks);
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual(["Title line", "A paragraph with\n- an item", "stray words", "row\tcell"]);
    const covered = new Array(text.length).fill(0);
    for (const s of spans) for (let i = s.start; i < s.end; i++) covered[i]++;
    for (let i = 0; i < text.length; i++) if (/\S/.test(text[i]!)) expect(covered[i], `character ${i}`).toBe(1);
  });

  it("cover a text without paragraphs as one chunk (up to the maximum)", () => {
    expect(searchChunksOf("No structure here", [])).toEqual([{ start: 0, end: 17, text: "No structure here" }]);
    expect(MAX_CHUNK).toBeGreaterThan(1000);
  });
});

describe("search queries", () => {
  it("turn a phrase into its words in order with any whitespace between, escaped", () => {
    expect(phrasePattern("  national   sovereignty ")).toBe("national\\s+sovereignty");
    expect(phrasePattern("C++ (draft) a.b")).toBe("C\\+\\+\\s+\\(draft\\)\\s+a\\.b");
    const re = matcherFor("phrase", "national sovereignty");
    expect(findMatches("Its NATIONAL\n sovereignty and national sovereignty.", re)).toEqual([
      { start: 4, end: 25 },
      { start: 30, end: 50 },
    ]);
  });

  it("refuse empty, invalid, too long and empty-matching regular expressions with a message", () => {
    expect(() => matcherFor("regex", "  ")).toThrow(SearchQueryError);
    expect(() => matcherFor("regex", "(unclosed")).toThrow(/not a valid regular expression/);
    expect(() => matcherFor("regex", "a*")).toThrow(/matches empty text/);
    expect(() => matcherFor("regex", "x".repeat(501))).toThrow(/longer than 500/);
    expect(() => matcherFor("phrase", "   ")).toThrow(/Type the phrase/);
  });

  it("find regular-expression matches in code points, case-insensitive by default", () => {
    const text = "😀 Ratified in 1999; ratification 👨‍👩‍👧 RATIFIED.";
    const hits = findMatches(text, matcherFor("regex", "ratif\\w+"));
    const index = new TextIndex(text);
    expect(hits.map((h) => index.sliceCp(h.start, h.end))).toEqual(["Ratified", "ratification", "RATIFIED"]);
    expect(hits[0]).toEqual({ start: 2, end: 10 });
    expect(findMatches(text, matcherFor("regex", "ratif\\w+", true)).length).toBe(1);
  });
});

describe("headline marks", () => {
  it("give each marked word's offsets in the chunk, in code points", () => {
    const chunk = "😀 The states ratify; café\tstates.";
    const headline = "😀 The \u0001states\u0002 ratify; café\t\u0001states\u0002.";
    const found = matchesFromHeadline(headline, chunk)!;
    const index = new TextIndex(chunk);
    expect(found.map((m) => index.sliceCp(m.start, m.end))).toEqual(["states", "states"]);
    expect(found[0]).toEqual({ start: 6, end: 12 });
  });

  it("give nothing when the text without marks is not the chunk's text", () => {
    expect(matchesFromHeadline("the \u0001state\u0002", "the states")).toBeNull();
  });
});

describe("keyword in context", () => {
  it("shows the hit with whole words either side, on one line", () => {
    const text = "Officials in Hanoi said that outside pressure\nplayed no role in the decision to ratify the convention.";
    const index = new TextIndex(text);
    const start = text.indexOf("pressure");
    const kwic = keywordInContext(index, start, start + 8, 20);
    expect(kwic.hit).toBe("pressure");
    expect(kwic.before).toBe("…said that outside ");
    expect(kwic.after).toBe(" played no role in…");
  });
});
