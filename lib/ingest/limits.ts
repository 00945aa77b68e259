import { IngestError, quoteName } from "./errors";

/**
 * Size limits, each with the name a message quotes so a researcher (or an admin reading a log)
 * knows which limit to raise. The ZIP limits are checked on the sizes an archive declares BEFORE
 * anything is inflated, and enforced again while inflating, since a hostile archive can lie.
 */
export const DEFAULT_LIMITS = {
  maxBytes: 25 * 1024 * 1024,
  maxCodePoints: 5_000_000,
} as const;

export const ZIP_LIMITS = {
  /** Entries in one archive. */
  maxEntries: 5_000,
  /** Inflated size of one XML part. */
  maxEntryBytes: 128 * 1024 * 1024,
  /** Inflated size of all parts read. */
  maxTotalBytes: 256 * 1024 * 1024,
  /** Inflated/compressed ratio beyond which an entry is treated as a bomb (once it is over 1 MB). */
  maxRatio: 100,
} as const;

export const PDF_LIMITS = {
  maxPages: 5_000,
  /** Wall-clock budget for reading a PDF's text. */
  maxMillis: 60_000,
} as const;

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024 * 1024) return `${(n / 1024 / 1024 / 1024).toFixed(1)} GiB`;
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1).replace(/\.0$/, "")} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1).replace(/\.0$/, "")} KB`;
  return `${n} bytes`;
}

export function checkFileSize(size: number, maxBytes: number, fileName: string | undefined): void {
  if (size > maxBytes) {
    throw new IngestError(
      "too_large",
      `${quoteName(fileName)} is ${formatBytes(size)}, over the per-file limit of ${formatBytes(maxBytes)} (maxBytes). Split it into smaller files or ask an administrator to raise the limit.`,
      { fileName, limit: "maxBytes" },
    );
  }
}

export function checkCodePoints(length: number, maxCodePoints: number, fileName: string | undefined): void {
  if (length > maxCodePoints) {
    throw new IngestError(
      "too_large",
      `${quoteName(fileName)} has ${length.toLocaleString("en-US")} characters of text, over the per-document limit of ${maxCodePoints.toLocaleString("en-US")} characters (maxCodePoints). Split it into smaller documents.`,
      { fileName, limit: "maxCodePoints" },
    );
  }
}
