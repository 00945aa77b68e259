import { describe, expect, it } from "vitest";
import { assembleBlocks } from "../structure";
import { readMarkdownString } from "./markdown";

const read = (md: string) => {
  const out = readMarkdownString(md);
  return { ...out, text: assembleBlocks(out.blocks).text };
};

describe("readMarkdownString", () => {
  it("turns tab-separated lines into table rows without <b> tags, keeping empty leading cells", () => {
    const md = ["# Assessment", "", "Assessment\tIndicator", "<b>Strong</b>\tProtection of populations", "\tPeer review", "<b>Very Weak</b>\tAppoint a *focal point*", "", "\tConduct a national assessment"].join("\n");
    const { blocks, text } = read(md);
    expect(text).toBe("Assessment\n\nAssessment\tIndicator\nStrong\tProtection of populations\n\tPeer review\nVery Weak\tAppoint a focal point\n\n\tConduct a national assessment");
    expect(blocks.filter((b) => b.kind === "table_row")).toHaveLength(5);
    expect(text).not.toMatch(/<\/?b>/);
  });

  it("drops markup and inline tags but keeps their content", () => {
    const { text } = read("Huan Tuong Vo<sup>\\*</sup> wrote **bold** and _it_ with a [link](https://x.org) and `code`; 13<sup>th</sup>.");
    expect(text).toBe("Huan Tuong Vo* wrote bold and it with a link and code; 13th.");
  });

  it("keeps hard line breaks (two trailing spaces) and reads soft ones as spaces", () => {
    const { text } = read("国家主権侵害の恐れは社会主義国家が市民  \n及び政治的権利\n\nsoft\nwrap");
    expect(text).toBe("国家主権侵害の恐れは社会主義国家が市民\n及び政治的権利\n\nsoft wrap");
  });

  it("reads headings, lists, GFM tables and footnotes", () => {
    const md = "## Section\n\n- one\n- two\n  - nested\n\n| a | b |\n|---|---|\n| <b>1</b> | 2 |\n\nText[^n].\n\n[^n]: The note.";
    const { blocks, text } = read(md);
    expect(blocks.map((b) => b.kind)).toEqual(["heading", "list_item", "list_item", "list_item", "table_row", "table_row", "paragraph", "paragraph"]);
    expect(text).toBe("Section\n\none\ntwo\nnested\n\na\tb\n1\t2\n\nText[n].\n\n[n] The note.");
  });

  it("never lets HTML blocks or scripts into the text", () => {
    const { text } = read('<div class="x">Kept <b>text</b></div>\n\n<script>alert("x")</script>\n\nInline <script>evil()</script> gone.');
    expect(text).toBe("Kept text\n\nInline gone.");
  });

  it("does not treat tab-indented lines as code", () => {
    const { blocks } = read("Intro paragraph.\n\n\tIndented line is text");
    expect(blocks.at(-1)).toMatchObject({ kind: "table_row", text: "\tIndented line is text" });
  });
});
