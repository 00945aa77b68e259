import { describe, expect, it } from "vitest";
import { EMPTY_MEMO_DOC, memoDocFromText, memoExcerpt, memoPlainText, type MemoDoc } from "./doc";
import { memoDocSchema } from "./schema";

const rich: MemoDoc = {
  type: "doc",
  content: [
    { type: "heading", attrs: { level: 2 }, content: [{ type: "text", text: "Why merge" }] },
    { type: "paragraph", content: [{ type: "text", text: "Both codes ", marks: [{ type: "bold" }] }, { type: "text", text: "overlap." }] },
    {
      type: "bulletList",
      content: [
        { type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "EU bills" }] }] },
        { type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "UN reports" }] }] },
      ],
    },
    { type: "paragraph", content: [{ type: "text", text: "line one" }, { type: "hardBreak" }, { type: "text", text: "line two" }] },
  ],
};

describe("memoPlainText", () => {
  it.each([
    ["a rich memo", rich, "Why merge\nBoth codes overlap.\nEU bills\nUN reports\nline one\nline two"],
    ["an empty document", EMPTY_MEMO_DOC, ""],
    ["nothing", null, ""],
    ["blank paragraphs between text", memoDocFromText("a\n\n\n\nb"), "a\n\nb"],
  ])("%s", (_name, doc, expected) => {
    expect(memoPlainText(doc)).toBe(expected);
  });

  it("round-trips plain text through memoDocFromText", () => {
    expect(memoPlainText(memoDocFromText("first\nsecond"))).toBe("first\nsecond");
  });
});

describe("memoDocSchema", () => {
  it("accepts what the editor makes", () => {
    expect(memoDocSchema.parse(rich)).toEqual(rich);
  });

  it.each([
    ["a link mark", { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "x", marks: [{ type: "link", attrs: { href: "javascript:alert(1)" } }] }] }] }],
    ["an unknown node", { type: "doc", content: [{ type: "iframe", attrs: { src: "https://evil.example" } }] }],
    ["a root that is not a doc", { type: "paragraph", content: [] }],
    ["not an object", "<p>hi</p>"],
    ["a heading level out of range", { type: "doc", content: [{ type: "heading", attrs: { level: 9 } }] }],
  ])("refuses %s", (_name, value) => {
    expect(memoDocSchema.safeParse(value).success).toBe(false);
  });

  it("drops attributes and keys it does not know", () => {
    const parsed = memoDocSchema.parse({
      type: "doc",
      onclick: "x",
      content: [{ type: "paragraph", attrs: { style: "color:red", class: "x" }, content: [{ type: "text", text: "hi", marks: [{ type: "bold", attrs: { x: 1 } }] }] }],
    });
    expect(parsed).toEqual({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "hi", marks: [{ type: "bold" }] }] }] });
  });

  it("refuses documents nested absurdly deep", () => {
    let node: Record<string, unknown> = { type: "paragraph" };
    for (let i = 0; i < 30; i++) node = { type: "blockquote", content: [node] };
    expect(memoDocSchema.safeParse({ type: "doc", content: [node] }).success).toBe(false);
  });
});

describe("memoExcerpt", () => {
  it.each([
    ["short text stays", "A short memo.", 240, "A short memo."],
    ["blank lines and runs of spaces collapse, line breaks stay", "one\n\n\ntwo   three\n  four", 240, "one\ntwo three\nfour"],
    ["long text is cut at a word", "alpha beta gamma delta", 12, "alpha beta…"],
  ])("%s", (_name, text, max, expected) => {
    expect(memoExcerpt(text, max)).toBe(expected);
  });
});
