import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SEGMENT_KINDS as SCHEMA_SEGMENT_KINDS, SOURCE_TYPES as SCHEMA_SOURCE_TYPES } from "@/db/schema";
import { canonicalize, codePointLength } from "./canonical";
import { IngestError, ingestFile, ingestPlainText } from "./index";
import { segmentProblems } from "./invariants";
import { SEGMENT_KINDS, SOURCE_TYPES } from "./types";

const utf8 = (s: string) => new TextEncoder().encode(s);

async function refusal(promise: Promise<unknown>): Promise<IngestError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(IngestError);
    return error as IngestError;
  }
  throw new Error("accepted");
}

describe("ingestFile", () => {
  it("matches the database's vocabularies", () => {
    expect([...SOURCE_TYPES]).toEqual([...SCHEMA_SOURCE_TYPES]);
    expect([...SEGMENT_KINDS]).toEqual([...SCHEMA_SEGMENT_KINDS]);
  });

  it("imports plain text exactly as uploaded, with the hash of the original bytes", async () => {
    const text = "Sovereignty Claims\n\nHanoi called the report slander. It rejected interference.\n";
    const r = await ingestFile({ bytes: utf8(text), fileName: "claims.txt" });
    expect(r.text).toBe(text);
    expect(r.length).toBe(codePointLength(text));
    expect(r.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(r.title).toBe("Sovereignty Claims");
    expect(r.format).toBe("text");
    expect(r.report).toMatchObject({ format: "text", encoding: "utf-8", dehyphenated: 0, looksOcr: false });
    expect(segmentProblems(r.text, r.segments)).toEqual([]);
  });

  it("detects encodings and normalises line ends", async () => {
    const cp1252 = new Uint8Array([0x56, 0x69, 0x65, 0x74, 0x6e, 0x61, 0x6d, 0x92, 0x73, 0x20, 0x63, 0x61, 0x66, 0xe9, 0x0d, 0x0a, 0x4e, 0x65, 0x78, 0x74]);
    const r = await ingestFile({ bytes: cp1252, fileName: "old.txt" });
    expect(r.text).toBe("Vietnam’s café\nNext");
    expect(r.report.encoding).toBe("windows-1252");
    expect(r.report.lineEndingsNormalized).toBe(1);
    const utf16 = new Uint8Array([0xff, 0xfe, ..."Pé 😀\r\n".split("").flatMap((c) => { const u = c.charCodeAt(0); return [u & 0xff, u >> 8]; })]);
    // split("") walks UTF-16 units, so the emoji goes in as its surrogate pair
    const r16 = await ingestFile({ bytes: utf16, fileName: "u16.txt" });
    expect(r16.text).toBe("Pé 😀\n");
    expect(r16.report.encoding).toBe("utf-16le");
  });

  it("removes control characters and reports them", async () => {
    const r = await ingestFile({ bytes: utf8("Reward\u0000based.\u0007 Fine."), fileName: "c.txt" });
    expect(r.text).toBe("Rewardbased. Fine.");
    expect(r.report.removedControls).toEqual({ "U+0000": 1, "U+0007": 1 });
    expect(r.report.warnings.join(" ")).toMatch(/2 control character/);
  });

  // Regression (issue 9): a NUL in a page's <title> or author reached the database, which cannot
  // store U+0000, and the upload failed with a 500.
  it("removes control characters from the metadata too", async () => {
    const html = '<html lang="en"><head><title>Port\u0000 report\u0007</title><meta name="author" content="Le\u0000 Van"></head><body><p>The body.</p></body></html>';
    const r = await ingestFile({ bytes: utf8(html), fileName: "page\u0001.html" });
    expect(r.title).toBe("Port report");
    expect(r.author).toBe("Le Van");
    for (const value of [r.title, r.author, r.url, r.language, r.publishedOn]) expect(value ?? "").not.toMatch(/[\u0000-\u0008\u000e-\u001f]/);
  });

  it.each([
    ["empty.txt", new Uint8Array(0), "empty", /the file has no text/],
    ["blank.txt", utf8("  \n\t\n"), "empty", /the file has no text/],
    ["bad.txt", new Uint8Array([0x61, 0xc3, 0xa9, 0x20, 0xff, 0x62]), "encoding", /offset 4/],
    ["x.pdf", utf8("<html><body>Not a PDF</body></html>"), "mislabelled", /looks like an HTML web page/],
    ["x.docx", utf8("Just text."), "mislabelled", /looks like plain text/],
    ["x.pages", utf8("text"), "unsupported", /Apple Pages/],
  ] as const)("refuses %s with a specific message", async (fileName, bytes, code, message) => {
    const e = await refusal(ingestFile({ bytes, fileName }));
    expect(e.code).toBe(code);
    expect(e.message).toContain(`“${fileName}”`);
    expect(e.message).toMatch(message);
  });

  it("names the limit it enforces", async () => {
    const big = await refusal(ingestFile({ bytes: utf8("x".repeat(2000)), fileName: "big.txt", options: { maxBytes: 1000 } }));
    expect(big).toMatchObject({ code: "too_large", details: { limit: "maxBytes" } });
    expect(big.message).toMatch(/per-file limit of 1000 bytes \(maxBytes\)/);
    const long = await refusal(ingestFile({ bytes: utf8("😀".repeat(101)), fileName: "long.txt", options: { maxCodePoints: 100 } }));
    expect(long).toMatchObject({ code: "too_large", details: { limit: "maxCodePoints" } });
    expect(long.message).toMatch(/101 characters .* limit of 100 characters \(maxCodePoints\)/);
  });

  it("de-hyphenates on request and reports text that looks OCR'd", async () => {
    const ocr = Array.from({ length: 6 }, () => "in US for-\neign policy the Se-\ncurity Strategy named\nthe partners.! It 1mplements").join("\n");
    const plain = await ingestFile({ bytes: utf8(ocr), fileName: "scan.txt" });
    expect(plain.report.looksOcr).toBe(true);
    expect(plain.report.dehyphenated).toBe(0);
    expect(plain.report.warnings.join(" ")).toMatch(/looks like OCR output/);
    const joined = await ingestFile({ bytes: utf8(ocr), fileName: "scan.txt", options: { dehyphenate: true } });
    expect(joined.text).toContain("in US foreign policy the Security Strategy");
    expect(joined.text).not.toMatch(/for-\s*eign/);
    expect(joined.report).toMatchObject({ dehyphenation: true, dehyphenated: 12, looksOcr: true });
  });
});

describe("ingestPlainText", () => {
  it("takes the given title and structures pasted text like a .txt file", async () => {
    const r = await ingestPlainText({ text: "First point.\r\nSecond line.\n\nNext paragraph.", title: "  Interview 3 " });
    expect(r.title).toBe("Interview 3");
    expect(r.text).toBe("First point.\nSecond line.\n\nNext paragraph.");
    expect(r.segments.filter((s) => s.kind === "paragraph")).toHaveLength(2);
  });

  it("falls back to a default title and refuses empty text", async () => {
    expect((await ingestPlainText({ text: "one sentence only." })).title).toBe("Pasted text");
    await expect(ingestPlainText({ text: " \n " })).rejects.toMatchObject({ code: "empty" });
  });

  it("produces canonical text, counted in code points, with exact segments (property)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: "binary", minLength: 1, maxLength: 200 }), async (s) => {
        if (!/\S/u.test(canonicalize(s).text)) return;
        const r = await ingestPlainText({ text: s });
        expect(canonicalize(r.text).text).toBe(r.text); // idempotent: already canonical
        expect(r.length).toBe(Array.from(r.text).length);
        expect(segmentProblems(r.text, r.segments)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});
