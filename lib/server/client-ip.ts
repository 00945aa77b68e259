/**
 * The client's address as the nearest proxy reports it; used only to throttle sign-ins.
 *
 * The *last* X-Forwarded-For entry: a reverse proxy appends the address it saw the request
 * come from, while everything before it is whatever the client chose to send. The first entry
 * let anyone rotate a made-up address per attempt and never reach the per-address limit.
 * Without a proxy, Next fills the header with the socket's address when the client sent none;
 * a client talking to `next start` directly can still name any address, so production runs
 * behind a proxy (the per-email limit does not depend on this at all).
 */
export function clientIp(headers: Headers): string | null {
  const forwarded = headers.get("x-forwarded-for");
  if (forwarded) return forwarded.split(",").at(-1)!.trim().slice(0, 64) || null;
  return headers.get("x-real-ip")?.trim().slice(0, 64) || null;
}
