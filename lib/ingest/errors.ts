/**
 * The one error the ingestion pipeline throws. Its message is written for the researcher who
 * uploaded the file: it names the file and says what is wrong and, where possible, what to do.
 * `code` lets a caller map it to an HTTP status (too_large → 413, unsupported → 415, the rest → 422).
 */
export type IngestErrorCode = "empty" | "too_large" | "damaged" | "mislabelled" | "unsupported" | "encoding";

export class IngestError extends Error {
  constructor(
    readonly code: IngestErrorCode,
    message: string,
    readonly details: { fileName?: string; byteOffset?: number; limit?: string } = {},
  ) {
    super(message);
    this.name = "IngestError";
  }
}

/** “name.pdf” as messages quote it; pasted text has no file name. */
export function quoteName(fileName: string | undefined): string {
  return fileName ? `“${fileName}”` : "The pasted text";
}

/**
 * A format module's finding, without the file name: `message` completes the sentence
 * "“file.pdf” cannot be imported: …". The pipeline turns it into an IngestError.
 */
export class FormatProblem extends Error {
  constructor(
    readonly code: IngestErrorCode,
    message: string,
    readonly limit?: string,
  ) {
    super(message);
    this.name = "FormatProblem";
  }
}
