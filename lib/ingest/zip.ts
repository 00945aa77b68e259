import { Inflate } from "fflate";
import { formatBytes, ZIP_LIMITS } from "./limits";

/**
 * A guarded ZIP reader for Office files. mammoth (through JSZip) inflates whatever an archive
 * holds, so a 1 MB file that inflates to 1 GiB would take the server down. We read the central
 * directory ourselves (it is a fixed, documented layout), refuse on the sizes and ratios the
 * archive declares BEFORE inflating anything, then inflate only the parts we need with fflate's
 * streaming inflater, stopping the moment an entry outgrows what it declared (archives can lie).
 */

export type ZipEntry = {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
};

export class ZipProblem extends Error {
  constructor(
    readonly kind: "damaged" | "bomb" | "unsupported",
    message: string,
  ) {
    super(message);
    this.name = "ZipProblem";
  }
}

const u16 = (b: Uint8Array, o: number) => b[o]! | (b[o + 1]! << 8);
const u32 = (b: Uint8Array, o: number) => (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
const u64 = (b: Uint8Array, o: number) => u32(b, o) + u32(b, o + 4) * 2 ** 32;

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5) && (bytes[3] === 4 || bytes[3] === 6);
}

/** The central directory, read without inflating anything. */
export function listZipEntries(bytes: Uint8Array): ZipEntry[] {
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (bytes[i] === 0x50 && bytes[i + 1] === 0x4b && bytes[i + 2] === 5 && bytes[i + 3] === 6) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipProblem("damaged", "the archive's table of contents is missing (the file is truncated or damaged)");
  let count = u16(bytes, eocd + 10);
  let cdSize = u32(bytes, eocd + 12);
  let cdOffset = u32(bytes, eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff) {
    // ZIP64: the real numbers sit in the ZIP64 end record the locator points to.
    const loc = eocd - 20;
    if (loc < 0 || u32(bytes, loc) !== 0x07064b50) throw new ZipProblem("damaged", "the archive's ZIP64 table of contents is missing");
    const rec = u64(bytes, loc + 8);
    if (rec + 56 > bytes.length || u32(bytes, rec) !== 0x06064b50) throw new ZipProblem("damaged", "the archive's ZIP64 table of contents is damaged");
    count = u64(bytes, rec + 32);
    cdSize = u64(bytes, rec + 40);
    cdOffset = u64(bytes, rec + 48);
  }
  if (count > ZIP_LIMITS.maxEntries) throw new ZipProblem("bomb", `the archive holds ${count} entries (limit ${ZIP_LIMITS.maxEntries})`);
  if (cdOffset + cdSize > bytes.length) throw new ZipProblem("damaged", "the archive's table of contents points past the end of the file (truncated?)");

  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > bytes.length || u32(bytes, p) !== 0x02014b50) throw new ZipProblem("damaged", "the archive's table of contents is damaged");
    const nameLen = u16(bytes, p + 28);
    const extraLen = u16(bytes, p + 30);
    const commentLen = u16(bytes, p + 32);
    const name = new TextDecoder().decode(bytes.subarray(p + 46, p + 46 + nameLen));
    let compressedSize = u32(bytes, p + 20);
    let uncompressedSize = u32(bytes, p + 24);
    let localHeaderOffset = u32(bytes, p + 42);
    // ZIP64 extra field (0x0001) carries whichever of the three sizes overflowed, in this order.
    let e = p + 46 + nameLen;
    const extraEnd = e + extraLen;
    while (e + 4 <= extraEnd) {
      const id = u16(bytes, e);
      const size = u16(bytes, e + 2);
      if (id === 1) {
        let q = e + 4;
        if (uncompressedSize === 0xffffffff) (uncompressedSize = u64(bytes, q)), (q += 8);
        if (compressedSize === 0xffffffff) (compressedSize = u64(bytes, q)), (q += 8);
        if (localHeaderOffset === 0xffffffff) localHeaderOffset = u64(bytes, q);
      }
      e += 4 + size;
    }
    entries.push({ name, method: u16(bytes, p + 10), flags: u16(bytes, p + 8), compressedSize, uncompressedSize, localHeaderOffset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** Refuse an archive on what it declares, before inflating a byte. */
export function checkDeclaredSizes(entries: ZipEntry[], wanted: (e: ZipEntry) => boolean): void {
  let total = 0;
  for (const e of entries) {
    if (!wanted(e)) continue;
    if (e.flags & 1) throw new ZipProblem("unsupported", `the part ${e.name} is encrypted (password-protected document)`);
    if (e.method !== 0 && e.method !== 8) throw new ZipProblem("unsupported", `the part ${e.name} uses an unsupported compression method (${e.method})`);
    if (e.uncompressedSize > ZIP_LIMITS.maxEntryBytes) {
      throw new ZipProblem("bomb", `the part ${e.name} would inflate to ${formatBytes(e.uncompressedSize)} (limit ${formatBytes(ZIP_LIMITS.maxEntryBytes)} per part)`);
    }
    const ratio = e.uncompressedSize / Math.max(1, e.compressedSize);
    if (e.uncompressedSize > 1024 * 1024 && ratio > ZIP_LIMITS.maxRatio) {
      throw new ZipProblem("bomb", `the part ${e.name} would inflate ${Math.round(ratio)}-fold, to ${formatBytes(e.uncompressedSize)} (a "zip bomb"; limit ${ZIP_LIMITS.maxRatio}-fold)`);
    }
    total += e.uncompressedSize;
  }
  if (total > ZIP_LIMITS.maxTotalBytes) {
    throw new ZipProblem("bomb", `its parts would inflate to ${formatBytes(total)} in all (limit ${formatBytes(ZIP_LIMITS.maxTotalBytes)})`);
  }
}

/** Inflate one entry, never producing more than it declared. */
export function readEntry(bytes: Uint8Array, entry: ZipEntry): Uint8Array {
  const h = entry.localHeaderOffset;
  if (h + 30 > bytes.length || u32(bytes, h) !== 0x04034b50) throw new ZipProblem("damaged", `the part ${entry.name} is damaged`);
  const start = h + 30 + u16(bytes, h + 26) + u16(bytes, h + 28);
  const end = start + entry.compressedSize;
  if (end > bytes.length) throw new ZipProblem("damaged", `the part ${entry.name} is cut short (the file is truncated)`);
  const data = bytes.subarray(start, end);
  if (entry.method === 0) {
    if (entry.compressedSize !== entry.uncompressedSize) throw new ZipProblem("damaged", `the part ${entry.name} is damaged`);
    return data.slice();
  }
  const cap = entry.uncompressedSize;
  const out = new Uint8Array(cap);
  let written = 0;
  let overflow = false;
  const inflater = new Inflate((chunk) => {
    if (written + chunk.length > cap) {
      overflow = true;
      throw new ZipProblem("bomb", `the part ${entry.name} inflates past the ${formatBytes(cap)} it declares`);
    }
    out.set(chunk, written);
    written += chunk.length;
  });
  const CHUNK = 16 * 1024; // one push can inflate at most ~1000× this: bounded memory
  try {
    for (let i = 0; i < data.length; i += CHUNK) inflater.push(data.subarray(i, i + CHUNK), i + CHUNK >= data.length);
    if (data.length === 0) inflater.push(new Uint8Array(0), true);
  } catch (error) {
    if (error instanceof ZipProblem) throw error;
    if (overflow) throw error;
    throw new ZipProblem("damaged", `the part ${entry.name} is damaged and cannot be decompressed`);
  }
  if (written !== cap) throw new ZipProblem("damaged", `the part ${entry.name} is shorter than it declares (damaged)`);
  return out;
}
