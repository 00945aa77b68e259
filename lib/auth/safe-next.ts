/**
 * Where to send someone after signing in. Only same-site paths are accepted: anything else
 * (another host, a protocol-relative `//host`, a backslash trick) falls back to the default,
 * so a crafted link cannot turn the sign-in page into an open redirect.
 */
export const DEFAULT_AFTER_SIGN_IN = "/projects";

export function safeNextPath(raw: unknown, fallback: string = DEFAULT_AFTER_SIGN_IN): string {
  if (typeof raw !== "string" || raw.length === 0 || raw.length > 2000) return fallback;
  if (!raw.startsWith("/") || raw.startsWith("//") || raw.startsWith("/\\")) return fallback;
  // Control characters and backslashes have no place in our paths; browsers treat `\` as `/`.
  if (/[\u0000-\u001f\u007f\\]/.test(raw)) return fallback;
  try {
    const url = new URL(raw, "http://qualcode.invalid");
    if (url.host !== "qualcode.invalid") return fallback;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return fallback;
  }
}

/** The sign-in page, remembering where to come back to. */
export function signInHref(next?: string | null): string {
  const path = next ? safeNextPath(next, "") : "";
  return path && path !== DEFAULT_AFTER_SIGN_IN ? `/sign-in?next=${encodeURIComponent(path)}` : "/sign-in";
}
