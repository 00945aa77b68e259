/**
 * Headers for handing an uploaded file back. Uploads are untrusted: whatever they contain must
 * download, never render in our origin. So every original is an attachment, sniffing is off,
 * a sandbox CSP applies if a browser shows it anyway, and markup is never labelled as markup.
 */

/** Types a browser may be told as they are: none of them renders as a page of our origin. */
const SAFE_TYPES = new Set([
  "application/pdf",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "text/plain",
  "text/markdown",
]);

/** The content type to serve an original with: HTML (and anything unknown) as opaque bytes. */
export function downloadContentType(mediaType: string): string {
  const type = mediaType.split(";")[0]!.trim().toLowerCase();
  if (!SAFE_TYPES.has(type)) return "application/octet-stream";
  // Text originals keep their bytes as uploaded (possibly Windows-1252 or UTF-16): no charset claim.
  return type;
}

/**
 * `attachment` with an ASCII fallback `filename` and the exact name as RFC 5987 `filename*`.
 * Quotes, backslashes, control characters and path separators cannot break out of the header.
 */
export function contentDisposition(fileName: string): string {
  const name = fileName.split(/[/\\]/).pop() || "download";
  const printable = name.replace(/[\u0000-\u001f\u007f-\u009f]/g, "");
  const ascii = printable
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^A-Za-z0-9._ ()+,-]/g, "_")
    .replace(/^[.\s]+/, "")
    .slice(0, 200) || "download";
  const encoded = encodeURIComponent(printable || "download").replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

export function downloadHeaders(file: { fileName: string; mediaType: string; size: number }): Headers {
  return new Headers({
    "content-type": downloadContentType(file.mediaType),
    "content-disposition": contentDisposition(file.fileName),
    "content-length": String(file.size),
    "x-content-type-options": "nosniff",
    "content-security-policy": "sandbox; default-src 'none'",
    "cache-control": "private, no-store",
  });
}
