import { describe, expect, it } from "vitest";
import { FormatProblem } from "../errors";
import { segmentProblems } from "../invariants";
import { assembleBlocks } from "../structure";
import { readPdf } from "./pdf";

/**
 * A tiny, valid PDF written here (objects, cross-reference table, trailer), so the tests need no
 * fixture file. Each page is a list of text lines: [x, y, size, text-operators].
 */
function buildPdf(pages: Array<Array<[number, number, number, string]>>, info = "/Title (A Tiny Test) /Author (Test Author)"): Uint8Array {
  const objects: string[] = [];
  const add = (body: string) => objects.push(body) - 1 + 1; // returns the object number
  const catalog = add("");
  const pagesObj = add("");
  const font = add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
  const kids: number[] = [];
  for (const lines of pages) {
    const content = lines.map(([x, y, size, ops]) => `BT /F1 ${size} Tf 1 0 0 1 ${x} ${y} Tm ${ops} ET`).join("\n");
    const stream = add(`<< /Length ${content.length} >>\nstream\n${content}\nendstream`);
    kids.push(add(`<< /Type /Page /Parent ${pagesObj} 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 ${font} 0 R >> >> /Contents ${stream} 0 R >>`));
  }
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${pagesObj} 0 R /Lang (en-GB) >>`;
  objects[pagesObj - 1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(" ")}] /Count ${kids.length} >>`;
  const infoObj = add(`<< ${info} >>`);
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R /Info ${infoObj} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(out); // ASCII only, so string length = byte length
}

const body = (y: number, text: string): [number, number, number, string] => [72, y, 12, `(${text}) Tj`];

describe("readPdf", () => {
  const pdf = buildPdf([
    [
      [72, 720, 18, "(Pressure and Rewards) Tj"],
      body(690, "The first paragraph has two lines and US for-"),
      body(676, "eign policy joins across the break."),
      body(650, "A second paragraph starts after a gap and"),
      body(636, "goes on to the next page without ending"),
    ],
    [body(720, "its sentence, which continues here."), body(694, "A paragraph wholly on page two."), [300, 40, 10, "(2) Tj"]],
  ]);

  it("rebuilds paragraphs from lines, joins hyphenated words and maps every character to its page", async () => {
    const out = await readPdf(pdf, { dehyphenate: true });
    const { text, segments } = assembleBlocks(out.blocks);
    expect(text).toBe(
      "Pressure and Rewards\n\nThe first paragraph has two lines and US foreign policy joins across the break.\n\nA second paragraph starts after a gap and goes on to the next page without ending its sentence, which continues here.\n\nA paragraph wholly on page two.",
    );
    expect(out.dehyphenated).toBe(1);
    expect(out.blocks[0]).toMatchObject({ kind: "heading", level: 1 });
    const cps = Array.from(text);
    const pages = segments.filter((s) => s.kind === "page").map((s) => [s.level, cps.slice(s.start, s.end).join("")]);
    expect(pages).toEqual([
      [1, "Pressure and Rewards\n\nThe first paragraph has two lines and US foreign policy joins across the break.\n\nA second paragraph starts after a gap and goes on to the next page without ending"],
      [2, "its sentence, which continues here.\n\nA paragraph wholly on page two."],
    ]);
    expect(segmentProblems(text, segments)).toEqual([]);
    expect(out.meta).toMatchObject({ title: "A Tiny Test", author: "Test Author", language: "en" });
    expect(out.pages).toBe(2);
  });

  it("keeps the hyphen (without a space) when de-hyphenation is off", async () => {
    const { text } = assembleBlocks((await readPdf(pdf, { dehyphenate: false })).blocks);
    expect(text).toContain("US for-eign policy");
  });

  it("restores characters given as /ActualText (glyph fallback for CJK)", async () => {
    const spans = ["5BB6", "4E3B"].map((hex) => `/Span <</ActualText <FEFF${hex}>>> BDC (X) Tj EMC`).join(" ");
    const out = await readPdf(buildPdf([[[72, 700, 12, `(Before ) Tj ${spans} ( after) Tj`]]]), { dehyphenate: true });
    expect(assembleBlocks(out.blocks).text).toBe("Before 家主 after");
  });

  it("refuses a truncated PDF, naming the problem", async () => {
    const whole = buildPdf([[body(700, "Some text.")]]);
    const cut = whole.subarray(0, whole.length - 40);
    await expect(readPdf(cut, { dehyphenate: true })).rejects.toBeInstanceOf(FormatProblem);
    await expect(readPdf(cut, { dehyphenate: true })).rejects.toThrow(/cut short/);
  });

  it("refuses a PDF without a text layer", async () => {
    await expect(readPdf(buildPdf([[]]), { dehyphenate: true })).rejects.toThrow(/no text layer/);
  });
});
