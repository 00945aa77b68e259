import { describe, expect, it } from "vitest";
import { buildReaderBlocks, previewBlocks, type ReaderBlock, type SegmentInput } from "./reader-blocks";

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

describe("previewBlocks", () => {
  const para = (text: string): ReaderBlock => ({ type: "paragraph", pieces: [{ text }] });

  it("keeps whole blocks up to the budget and says whether it kept them all", () => {
    const blocks = [para("a".repeat(40)), { type: "page", page: 2 } as ReaderBlock, para("b".repeat(40)), para("c".repeat(40))];
    expect(previewBlocks(blocks, 85)).toEqual({ blocks: blocks.slice(0, 3), complete: false });
    expect(previewBlocks(blocks, 1000)).toEqual({ blocks, complete: true });
  });

  it("always keeps the first block, however long", () => {
    const blocks = [para("x".repeat(5000)), para("y")];
    expect(previewBlocks(blocks, 100)).toEqual({ blocks: blocks.slice(0, 1), complete: false });
  });

  it("counts headings, lists and tables by their text", () => {
    const blocks: ReaderBlock[] = [
      { type: "heading", id: "h", level: 1, text: "12345" },
      { type: "list", items: [[{ text: "123" }], [{ text: "45" }]] },
      { type: "table", rows: [["12", "345"]], columns: 2 },
      para("1"),
    ];
    expect(previewBlocks(blocks, 15).blocks).toHaveLength(3);
  });
});
