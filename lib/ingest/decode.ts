import iconv from "iconv-lite";

/**
 * Bytes → string, with the encoding detected and reported. Order: a BOM decides (UTF-8,
 * UTF-16 LE/BE); otherwise strict UTF-8; otherwise Windows-1252 — unless the bytes carry
 * UTF-8's own structure (a lead byte followed by a continuation byte), in which case the file is
 * damaged UTF-8 and decoding it as Windows-1252 would silently mangle it, so we refuse and name
 * the byte offset of the first bad sequence.
 */
export type DetectedEncoding = "utf-8" | "utf-8-bom" | "utf-16le" | "utf-16be" | "windows-1252";

export class DecodeError extends Error {
  constructor(
    message: string,
    readonly byteOffset?: number,
  ) {
    super(message);
    this.name = "DecodeError";
  }
}

export type Decoded = { text: string; encoding: DetectedEncoding };

export function decodeBytes(bytes: Uint8Array): Decoded {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: strictDecode("utf-8", bytes.subarray(3), 3), encoding: "utf-8-bom" };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: strictDecode("utf-16le", bytes.subarray(2), 2), encoding: "utf-16le" };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: strictDecode("utf-16be", bytes.subarray(2), 2), encoding: "utf-16be" };
  }
  const invalidAt = firstInvalidUtf8(bytes);
  if (invalidAt === -1) return { text: new TextDecoder("utf-8").decode(bytes), encoding: "utf-8" };
  if (hasUtf8Structure(bytes)) {
    throw new DecodeError(
      `The file is not valid UTF-8: the bytes at offset ${invalidAt} are damaged. Re-save it as UTF-8 and upload it again.`,
      invalidAt,
    );
  }
  // Not TextDecoder: Node's "windows-1252" decodes 0x80–0x9F as Latin-1 control characters
  // (smart quotes and dashes would vanish); iconv-lite maps them as Windows does.
  return { text: iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), "windows-1252"), encoding: "windows-1252" };
}

function strictDecode(label: "utf-8" | "utf-16le" | "utf-16be", bytes: Uint8Array, bomLength: number): string {
  try {
    return new TextDecoder(label, { fatal: true }).decode(bytes);
  } catch {
    const offset = label === "utf-8" ? firstInvalidUtf8(bytes) : -1;
    throw new DecodeError(
      `The file starts with a ${label.toUpperCase()} byte-order mark but is not valid ${label.toUpperCase()}` +
        (offset >= 0 ? ` (damaged bytes at offset ${offset + bomLength}).` : "."),
      offset >= 0 ? offset + bomLength : undefined,
    );
  }
}

/** Byte offset of the first invalid UTF-8 sequence, or -1 when the bytes are valid UTF-8. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let cp = b & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** Whether some lead byte is followed by a continuation byte: UTF-8's fingerprint. */
function hasUtf8Structure(bytes: Uint8Array): boolean {
  for (let i = 0; i + 1 < bytes.length; i++) {
    const b = bytes[i]!;
    if (b >= 0xc2 && b <= 0xf4 && (bytes[i + 1]! & 0xc0) === 0x80) return true;
  }
  return false;
}
