import { zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { FormatProblem } from "../errors";
import { assembleBlocks } from "../structure";
import { readDocx } from "./docx";

const utf8 = (s: string) => new TextEncoder().encode(s);
const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
const para = (text: string, style?: string) =>
  `<w:p>${style ? `<w:pPr><w:pStyle w:val="${style}"/></w:pPr>` : ""}<w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;
const cell = (text: string, bold = false) => `<w:tc><w:p><w:r>${bold ? "<w:rPr><w:b/></w:rPr>" : ""}<w:t>${text}</w:t></w:r></w:p></w:tc>`;

/** A minimal but real .docx, built here so no document text is copied into the repository. */
function buildDocx(parts: Record<string, string> = {}): Uint8Array {
  const body = [
    para("Pressure and Sovereignty", "Heading1"),
    para("The first paragraph says the state rejected criticism."),
    `<w:p><w:r><w:t>Before tab</w:t></w:r><w:r><w:tab/><w:t>after tab</w:t></w:r></w:p>`,
    `<w:tbl><w:tr>${cell("Assessment")}${cell("Indicator")}</w:tr><w:tr>${cell("Strong", true)}${cell("Peer review")}</w:tr></w:tbl>`,
    para("Closing words."),
  ].join("");
  return zipSync({
    "[Content_Types].xml": utf8(
      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    ),
    "_rels/.rels": utf8(
      '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    ),
    "word/document.xml": utf8(`<?xml version="1.0"?><w:document ${W}><w:body>${body}</w:body></w:document>`),
    "word/styles.xml": utf8(`<?xml version="1.0"?><w:styles ${W}><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style></w:styles>`),
    "docProps/core.xml": utf8(
      '<?xml version="1.0"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"><dc:title>Test Report</dc:title><dc:creator>A. Researcher</dc:creator><dc:language>en-US</dc:language><dcterms:created>2023-05-01T10:00:00Z</dcterms:created></cp:coreProperties>',
    ),
    ...Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, utf8(v)])),
  });
}

describe("readDocx", () => {
  it("reads headings, paragraphs, tabs and table rows, and the core properties", async () => {
    const out = await readDocx(buildDocx());
    const { text } = assembleBlocks(out.blocks);
    expect(text).toBe("Pressure and Sovereignty\n\nThe first paragraph says the state rejected criticism.\n\nBefore tab\tafter tab\n\nAssessment\tIndicator\nStrong\tPeer review\n\nClosing words.");
    expect(out.blocks[0]).toMatchObject({ kind: "heading", level: 1 });
    expect(out.meta).toMatchObject({ title: "Test Report", author: "A. Researcher", language: "en" });
    expect(out.fileDates).toEqual({ created: "2023-05-01" });
  });

  it("removes HTML tags that a conversion left as literal text, keeping their content", async () => {
    const out = await readDocx(buildDocx({ "word/document.xml": `<?xml version="1.0"?><w:document ${W}><w:body>${para("The 13&lt;sup&gt;th&lt;/sup&gt; Congress, &lt;b&gt;Strong&lt;/b&gt;; 3 &lt; 4.")}</w:body></w:document>` }));
    expect(assembleBlocks(out.blocks).text).toBe("The 13th Congress, Strong; 3 < 4.");
    expect(out.warnings.join(" ")).toMatch(/4 HTML tag\(s\)/);
  });

  it("refuses a zip bomb on its declared size, before inflating anything", async () => {
    const bomb = buildDocx().slice();
    // Claim that word/document.xml inflates to 1 GiB (what a real bomb declares).
    const view = new DataView(bomb.buffer);
    const name = utf8("word/document.xml");
    for (let i = 0; i + 46 < bomb.length; i++) {
      if (view.getUint32(i, true) === 0x02014b50 && name.every((b, k) => bomb[i + 46 + k] === b)) view.setUint32(i + 24, 1024 ** 3, true);
    }
    await expect(readDocx(bomb)).rejects.toThrow(/would inflate to 1\.0 GiB/);
  });

  it("refuses a ZIP that holds no Word document", async () => {
    const notWord = zipSync({ "notes.txt": utf8("hello") });
    await expect(readDocx(notWord)).rejects.toBeInstanceOf(FormatProblem);
    await expect(readDocx(notWord)).rejects.toThrow(/no Word document/);
  });

  it("reports a truncated archive as damaged", async () => {
    const whole = buildDocx();
    await expect(readDocx(whole.subarray(0, Math.floor(whole.length / 2)))).rejects.toMatchObject({ code: "damaged" });
  });
});
