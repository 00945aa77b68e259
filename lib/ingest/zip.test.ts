import { zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { ZIP_LIMITS } from "./limits";
import { checkDeclaredSizes, listZipEntries, readEntry, ZipProblem } from "./zip";

const utf8 = (s: string) => new TextEncoder().encode(s);

/** Overwrite the uncompressed size an archive declares for its first entry (central directory and local header). */
function lieAboutSize(zip: Uint8Array, size: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  for (let i = 0; i + 4 <= out.length; i++) {
    const sig = view.getUint32(i, true);
    if (sig === 0x02014b50) view.setUint32(i + 24, size, true);
    if (sig === 0x04034b50) view.setUint32(i + 22, size, true);
  }
  return out;
}

describe("guarded ZIP reading", () => {
  const xml = utf8("<w:document>" + "<w:p>text</w:p>".repeat(1000) + "</w:document>");
  const zip = zipSync({ "word/document.xml": [xml, { level: 9 }], "word/media/image1.png": [new Uint8Array(100), { level: 0 }] });

  it("lists entries from the central directory and inflates one exactly", () => {
    const entries = listZipEntries(zip);
    expect(entries.map((e) => e.name)).toEqual(["word/document.xml", "word/media/image1.png"]);
    expect(entries[0]!.uncompressedSize).toBe(xml.length);
    expect(readEntry(zip, entries[0]!)).toEqual(xml);
  });

  it("refuses on declared size before inflating anything", () => {
    const bomb = lieAboutSize(zip, 1024 * 1024 * 1024);
    const entries = listZipEntries(bomb);
    expect(() => checkDeclaredSizes(entries, () => true)).toThrow(/would inflate to 1\.0 GiB/);
  });

  it("refuses an extreme compression ratio", () => {
    const zeros = zipSync({ "word/document.xml": [new Uint8Array(8 * 1024 * 1024), { level: 9 }] });
    const entries = listZipEntries(zeros);
    expect(entries[0]!.uncompressedSize / entries[0]!.compressedSize).toBeGreaterThan(ZIP_LIMITS.maxRatio);
    expect(() => checkDeclaredSizes(entries, () => true)).toThrow(/zip bomb/);
  });

  it("stops inflating an entry that outgrows the size it declared", () => {
    const liar = lieAboutSize(zip, 100);
    const entry = listZipEntries(liar)[0]!;
    expect(() => readEntry(liar, entry)).toThrow(ZipProblem);
    expect(() => readEntry(liar, entry)).toThrow(/inflates past/);
  });

  it("reports a truncated archive as damaged", () => {
    expect(() => listZipEntries(zip.subarray(0, zip.length - 30))).toThrow(/table of contents/);
  });
});
