import { zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { detectFormat } from "./detect";
import { IngestError } from "./errors";

const utf8 = (s: string) => new TextEncoder().encode(s);
const pdf = utf8("%PDF-1.4\n%%EOF\n");
const docx = zipSync({ "[Content_Types].xml": utf8("<Types/>"), "word/document.xml": utf8("<w:document/>") });
const xlsx = zipSync({ "[Content_Types].xml": utf8("<Types/>"), "xl/workbook.xml": utf8("<workbook/>") });
const html = utf8("<!DOCTYPE html><html><body><p>Not a PDF</p></body></html>");
const text = utf8("This is plain text pretending to be a Word document.\n");
const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

function refusal(bytes: Uint8Array, name: string): IngestError {
  try {
    detectFormat(bytes, name);
  } catch (error) {
    return error as IngestError;
  }
  throw new Error(`${name} was accepted`);
}

describe("detectFormat", () => {
  it.each([
    [pdf, "paper.pdf", "pdf"],
    [docx, "report.docx", "docx"],
    [html, "page.html", "html"],
    [html, "page.htm", "html"],
    [text, "notes.txt", "text"],
    [utf8("# Title\n\ntext"), "notes.md", "markdown"],
    [html, "page", "html"], // no extension: the content decides
    [text, "README", "text"],
  ] as const)("%#: %s is %s", (bytes, name, format) => {
    expect(detectFormat(bytes, name).format).toBe(format);
  });

  it("imports a .html file without HTML as plain text, with a warning", () => {
    const r = detectFormat(text, "page.html");
    expect(r.format).toBe("text");
    expect(r.warnings[0]).toMatch(/no HTML/);
  });

  it.each([
    [html, "not-really.pdf", /named \.pdf but is not a PDF: it looks like an HTML web page/],
    [text, "not-really.docx", /named \.docx but is not a Word document: it looks like plain text/],
    [pdf, "paper.docx", /named \.docx but is not a Word document: it looks like a PDF/],
    [xlsx, "sheet.docx", /Excel spreadsheet/],
    [png, "photo.txt", /PNG image/],
    [docx, "report.pdf", /not a PDF: it looks like a Word document/],
  ] as const)("refuses a mislabelled file: %#", (bytes, name, message) => {
    const e = refusal(bytes, name);
    expect(e.code).toBe("mislabelled");
    expect(e.message).toContain(`“${name}”`);
    expect(e.message).toMatch(message);
  });

  it.each([
    ["old.doc", /Word 97–2003/],
    ["paper.odt", /OpenDocument/],
    ["notes.rtf", /Rich Text Format/],
    ["data.xlsx", /spreadsheet/],
  ])("names unsupported formats: %s", (name, message) => {
    const e = refusal(text, name);
    expect(e.code).toBe("unsupported");
    expect(e.message).toMatch(message);
  });
});
