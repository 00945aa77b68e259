/** The client's address as the nearest proxy reports it; used only to throttle sign-ins. */
export function clientIp(headers: Headers): string | null {
  const forwarded = headers.get("x-forwarded-for");
  if (forwarded) return forwarded.split(",")[0]!.trim().slice(0, 64) || null;
  return headers.get("x-real-ip")?.trim().slice(0, 64) || null;
}
