import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DecodeError, decodeBytes, firstInvalidUtf8 } from "./decode";

const bytes = (...values: number[]) => new Uint8Array(values);
const utf8 = (s: string) => new TextEncoder().encode(s);

describe("decodeBytes", () => {
  it("reads UTF-8 without and with a BOM", () => {
    expect(decodeBytes(utf8("Việt Nam"))).toEqual({ text: "Việt Nam", encoding: "utf-8" });
    expect(decodeBytes(bytes(0xef, 0xbb, 0xbf, ...utf8("né")))).toEqual({ text: "né", encoding: "utf-8-bom" });
  });

  it("reads UTF-16 LE and BE with a BOM", () => {
    expect(decodeBytes(bytes(0xff, 0xfe, 0x50, 0x00, 0xe9, 0x00))).toEqual({ text: "Pé", encoding: "utf-16le" });
    expect(decodeBytes(bytes(0xfe, 0xff, 0x00, 0x50, 0x00, 0xe9))).toEqual({ text: "Pé", encoding: "utf-16be" });
  });

  it("falls back to Windows-1252 for smart quotes and accented letters", () => {
    // "Vietnam’s “sovereignty” — café" as Windows-1252 bytes.
    const input = bytes(0x56, 0x69, 0x65, 0x74, 0x6e, 0x61, 0x6d, 0x92, 0x73, 0x20, 0x93, 0x73, 0x94, 0x20, 0x97, 0x20, 0x63, 0x61, 0x66, 0xe9);
    expect(decodeBytes(input)).toEqual({ text: "Vietnam\u2019s \u201cs\u201d \u2014 caf\u00e9", encoding: "windows-1252" });
  });

  it("refuses damaged UTF-8 with the byte offset instead of mangling it", () => {
    // Valid "é" (c3 a9) proves the file is UTF-8; the truncated e2 82 at offset 5 is damage.
    const input = bytes(0xc3, 0xa9, 0x20, 0x61, 0x20, 0xe2, 0x82, 0x20, 0x62);
    expect(() => decodeBytes(input)).toThrow(DecodeError);
    try {
      decodeBytes(input);
    } catch (error) {
      expect((error as DecodeError).byteOffset).toBe(5);
      expect((error as Error).message).toContain("offset 5");
    }
  });
});

describe("firstInvalidUtf8", () => {
  it("finds overlongs, surrogates and truncations", () => {
    expect(firstInvalidUtf8(bytes(0x61, 0xc0, 0x80))).toBe(1); // overlong
    expect(firstInvalidUtf8(bytes(0xed, 0xa0, 0x80))).toBe(0); // UTF-16 surrogate
    expect(firstInvalidUtf8(bytes(0x61, 0x62, 0xf0, 0x9f))).toBe(2); // truncated at end
    expect(firstInvalidUtf8(bytes(0xf4, 0x90, 0x80, 0x80))).toBe(0); // beyond U+10FFFF
  });

  it("accepts everything TextEncoder produces (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 100 }), (s) => {
        expect(firstInvalidUtf8(utf8(s))).toBe(-1);
      }),
    );
  });
});
