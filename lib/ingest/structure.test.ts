import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { segmentProblems } from "./invariants";
import { assembleBlocks, looksLikePlainHeading, segmentPlainText, sentenceRanges } from "./structure";
import type { Block, Segment } from "./types";

const cpSlice = (text: string, s: Segment) => Array.from(text).slice(s.start, s.end).join("");
const of = (segments: Segment[], kind: Segment["kind"]) => segments.filter((s) => s.kind === kind);

describe("assembleBlocks", () => {
  it("joins blocks with a blank line, rows of one table and items of one list with one line break", () => {
    const blocks: Block[] = [
      { kind: "heading", level: 1, text: "Title" },
      { kind: "paragraph", text: "First paragraph. Second sentence." },
      { kind: "table_row", text: "Strong\tProtection", group: 1 },
      { kind: "table_row", text: "\tPeer review", group: 1 },
      { kind: "list_item", text: "one", group: 2 },
      { kind: "list_item", text: "two", group: 2 },
    ];
    const { text, segments } = assembleBlocks(blocks);
    expect(text).toBe("Title\n\nFirst paragraph. Second sentence.\n\nStrong\tProtection\n\tPeer review\n\none\ntwo");
    expect(of(segments, "table_row").map((s) => cpSlice(text, s))).toEqual(["Strong\tProtection", "\tPeer review"]);
    expect(of(segments, "heading")).toEqual([{ kind: "heading", start: 0, end: 5, level: 1, ordinal: 0 }]);
    expect(of(segments, "sentence").map((s) => cpSlice(text, s)).slice(0, 3)).toEqual(["Title", "First paragraph.", "Second sentence."]);
    expect(segmentProblems(text, segments)).toEqual([]);
  });

  it("counts offsets in code points across emoji, flags and ZWJ sequences", () => {
    const blocks: Block[] = [
      { kind: "paragraph", text: "😀 Emoji first. 🇻🇳 Flag second." },
      { kind: "paragraph", text: "👨‍👩‍👧 family. Done." },
    ];
    const { text, segments } = assembleBlocks(blocks);
    const p = of(segments, "paragraph")[1]!;
    expect(p.start).toBe(Array.from("😀 Emoji first. 🇻🇳 Flag second.\n\n").length);
    expect(cpSlice(text, p)).toBe("👨‍👩‍👧 family. Done.");
    expect(of(segments, "sentence").map((s) => cpSlice(text, s))).toEqual(["😀 Emoji first.", "🇻🇳 Flag second.", "👨‍👩‍👧 family.", "Done."]);
  });

  it("canonicalises block text and reports what it removed", () => {
    const { text, canonical } = assembleBlocks([{ kind: "paragraph", text: "Cafe\u0301\u0000 bell\u0007\r\nnext" }]);
    expect(text).toBe("Caf\u00e9 bell\nnext");
    expect(canonical.removedControls).toEqual({ "U+0000": 1, "U+0007": 1 });
    expect(canonical.normalized).toBe(true);
  });

  it("maps page runs to page segments, splitting a paragraph that crosses a page break", () => {
    const { text, segments } = assembleBlocks([
      { kind: "paragraph", text: "", runs: [{ text: "On page one and ", page: 1 }, { text: "continued on page two.", page: 2 }] },
      { kind: "paragraph", text: "", runs: [{ text: "Still page two.", page: 2 }] },
      { kind: "heading", level: 1, text: "", runs: [{ text: "Page three", page: 3 }] },
    ]);
    expect(text).toBe("On page one and continued on page two.\n\nStill page two.\n\nPage three");
    expect(of(segments, "page").map((s) => [s.level, cpSlice(text, s)])).toEqual([
      [1, "On page one and"],
      [2, "continued on page two.\n\nStill page two."],
      [3, "Page three"],
    ]);
  });

  it("keeps every segment slicing the text exactly (property)", () => {
    const piece = fc.string({ unit: "grapheme", minLength: 1, maxLength: 40 });
    const block = fc.record({
      kind: fc.constantFrom<Block["kind"]>("paragraph", "heading", "list_item", "table_row"),
      text: fc.array(piece, { minLength: 1, maxLength: 4 }).map((parts) => parts.join(". ")),
      group: fc.constantFrom(undefined, 1, 2),
    });
    fc.assert(
      fc.property(fc.array(block, { maxLength: 8 }), (blocks) => {
        const { text, segments } = assembleBlocks(blocks.map((b) => ({ ...b, ...(b.group === undefined ? { group: undefined } : {}) })));
        expect(segmentProblems(text, segments)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});

describe("segmentPlainText", () => {
  it("finds paragraphs between blank lines and bare-line headings, without changing the text", () => {
    const text = "Why Dialogue Fails\n\nFirst line of a paragraph\nwrapped here. Another sentence.\n   \nLast one.\n";
    const segments = segmentPlainText(text);
    expect(of(segments, "heading").map((s) => cpSlice(text, s))).toEqual(["Why Dialogue Fails"]);
    expect(of(segments, "paragraph").map((s) => cpSlice(text, s))).toEqual(["First line of a paragraph\nwrapped here. Another sentence.", "Last one."]);
    // A line break inside a paragraph does not end a sentence.
    expect(of(segments, "sentence").map((s) => cpSlice(text, s))).toContain("First line of a paragraph\nwrapped here.");
    expect(segmentProblems(text, segments)).toEqual([]);
  });

  it("is linear on long paragraphs (windowed segmentation gives the same sentences)", () => {
    const sentence = "The committee met again. ";
    const long = sentence.repeat(4000).trim();
    const ranges = sentenceRanges(long);
    expect(ranges).toHaveLength(4000);
    expect(ranges.every(([a, b]) => long.slice(a, b) === "The committee met again.")).toBe(true);
  });

  it("keeps segments exact over any text (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 300 }), (s) => {
        const text = s.replace(/\r/g, "");
        expect(segmentProblems(text, segmentPlainText(text))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});

describe("looksLikePlainHeading", () => {
  it.each([
    ["Why U.S. Human Rights Conversations with Vietnam Do Not Work", true],
    ["Forging a Constructive Human Rights Dialogue: An Action Plan", true],
    ["A sentence that ends with a period.", false],
    ["Wednesday, April 24, 2024", false],
    ["lowercase start is not a heading", false],
  ])("%s → %s", (line, expected) => {
    expect(looksLikePlainHeading(line)).toBe(expected);
  });
});
