import { describe, expect, it } from "vitest";
import { buildReaderBlocks, type SegmentInput } from "./reader-blocks";

const seg = (text: string, kind: string, needle: string, level: number | null = null, ordinal = 0): SegmentInput => {
  const u = text.indexOf(needle);
  const start = Array.from(text.slice(0, u)).length;
  return { kind, startOffset: start, endOffset: start + Array.from(needle).length, level, ordinal };
};

describe("buildReaderBlocks", () => {
  it("cuts blocks by code-point segments even after astral characters", () => {
    const text = "Title 😀\n\nFirst 🇻🇳 paragraph.\n\nSecond paragraph.";
    const { blocks, outline } = buildReaderBlocks(text, [
      seg(text, "heading", "Title 😀", 1),
      seg(text, "paragraph", "First 🇻🇳 paragraph.", null, 0),
      seg(text, "paragraph", "Second paragraph.", null, 1),
    ]);
    expect(outline.map((o) => o.text)).toEqual(["Title 😀"]);
    const paragraphs = blocks.filter((b) => b.type === "paragraph").map((b) => (b.type === "paragraph" ? b.pieces.map((p) => ("text" in p ? p.text : "")).join("") : ""));
    expect(paragraphs).toEqual(["First 🇻🇳 paragraph.", "Second paragraph."]);
  });

  it("still shows text that no segment covers", () => {
    const text = "Only text, no structure.";
    const { blocks } = buildReaderBlocks(text, []);
    expect(JSON.stringify(blocks)).toContain("Only text, no structure.");
  });
});
