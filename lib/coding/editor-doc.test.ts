import { getSchema } from "@tiptap/core";
import { Node } from "@tiptap/pm/model";
import StarterKit from "@tiptap/starter-kit";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TextIndex } from "@/lib/offsets";
import { BlankLines } from "./blank-lines";
import { buildEditorDoc, visibleLineStart } from "./editor-doc";

const schema = getSchema([StarterKit.configure({ undoRedo: false, trailingNode: false }), BlankLines]);
const docOf = (text: string, headings: { startOffset: number; endOffset: number; level: number | null }[] = []) => {
  const index = new TextIndex(text);
  const { doc, outline } = buildEditorDoc(index, headings);
  return { index, node: Node.fromJSON(schema, doc), outline };
};

describe("buildEditorDoc", () => {
  it("makes one textblock per line, headings where heading segments start", () => {
    const text = "Title\n\nFirst 🇻🇳 paragraph.\nSecond";
    const { node, outline } = docOf(text, [{ startOffset: 0, endOffset: 5, level: 1 }]);
    expect(node.childCount).toBe(4);
    expect(node.child(0).type.name).toBe("heading");
    expect(node.child(1).content.size).toBe(0);
    expect(node.child(1).attrs.blank).toBe(true);
    expect(node.child(2).attrs.blank).toBe(false);
    expect(node.child(2).textContent).toBe("First 🇻🇳 paragraph.");
    expect(outline).toEqual([{ line: 0, level: 1, text: "Title", cp: 0 }]);
  });

  it("agrees with TextIndex: the text between two converted positions is the code-point slice", () => {
    const char = fc.constantFrom("a", " ", "\n", "é", "😀", "🇻🇳", "ا", "\t", "字");
    fc.assert(
      fc.property(fc.array(char, { maxLength: 40 }).map((cs) => cs.join("")), fc.nat(), fc.nat(), (text, x, y) => {
        const { index, node } = docOf(text);
        expect(node.content.size).toBe(index.maxPm + 1);
        const a = index.lengthCp === 0 ? 0 : x % (index.lengthCp + 1);
        const b = index.lengthCp === 0 ? 0 : y % (index.lengthCp + 1);
        const [s, e] = a <= b ? [a, b] : [b, a];
        expect(node.textBetween(index.cpToPm(s), index.cpToPm(e), "\n")).toBe(index.sliceCp(s, e));
        // And back: pm → cp is the inverse on every converted position.
        expect(index.pmToCp(index.cpToPm(s), "start")).toBe(s);
      }),
      { numRuns: 300 },
    );
  });

  it("keeps a run of two or more blank lines as that many lines' gap above the next line", () => {
    const text = "one\n\ntwo\n\n\n\nthree\n\n\nHeading\nfour";
    const { node } = docOf(text, [{ startOffset: text.indexOf("Heading"), endOffset: text.indexOf("Heading") + 7, level: 2 }]);
    const byText = (t: string) => node.content.content.find((child) => child.textContent === t)!;
    expect(byText("one").attrs.gapBefore).toBeNull();
    expect(byText("two").attrs.gapBefore).toBeNull(); // one blank line: the CSS rule's single gap
    expect(byText("three").attrs.gapBefore).toBe(3);
    expect(byText("Heading").type.name).toBe("heading");
    expect(byText("Heading").attrs.gapBefore).toBe(2);
    expect(byText("four").attrs.gapBefore).toBeNull();
    // Drawn as a margin of that many lines; the blank lines themselves are still there (offsets).
    const dom = schema.nodes.paragraph!.spec.toDOM!(byText("three")) as [string, Record<string, string>, number];
    expect(dom[1]).toMatchObject({ "data-gap": "3", style: "margin-top: 3lh" });
    expect(node.childCount).toBe(text.split("\n").length);
  });

  it("marks a page that starts on a blank line at the next line with text", () => {
    const text = "one\n\n\ntwo\nthree";
    expect(visibleLineStart(text, 0)).toBe(0);
    expect(visibleLineStart(text, 3)).toBe(3); // the "\n" ending "one" is that line's end
    expect(visibleLineStart(text, 4)).toBe(6);
    expect(visibleLineStart(text, 6)).toBe(6);
    expect(visibleLineStart(text, 10)).toBe(10);
    expect(visibleLineStart("\n\nx", 0)).toBe(2);
    expect(visibleLineStart("a\n\n", 2)).toBe(3); // only blank lines left: the text's end
  });
});
