import "server-only";
import { AppError } from "@/lib/errors";

/**
 * Reads a request body, but never more than `maxBytes` of it: a declared Content-Length over the
 * cap is refused before a byte is read, and a body without one (chunked) is cut off as soon as it
 * passes the cap. Either way the answer is 413 with `message`.
 */
export async function readBodyCapped(request: Request, maxBytes: number, message: (declared?: number) => string): Promise<Uint8Array> {
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw new AppError("payload_too_large", message(declared));
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new AppError("payload_too_large", message());
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.byteLength;
  }
  return body;
}

/** "2.5 MB" for a byte count, as limits are configured (MAX_UPLOAD_MB). */
export function megabytes(bytes: number): string {
  const mb = bytes / 1024 / 1024;
  return `${mb >= 10 ? Math.round(mb) : Number(mb.toFixed(mb >= 1 ? 1 : 3))} MB`;
}
