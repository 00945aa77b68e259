/**
 * The JSON API as the browser calls it (same-origin, session cookie): one place for the fetch,
 * the JSON body and the error, so every page shows the server's own message when a call fails.
 */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code?: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export async function fetchJson<T>(url: string, init: RequestInit = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, headers: { "content-type": "application/json", ...(init.headers ?? {}) }, credentials: "same-origin" });
  } catch {
    throw new ApiError("The server could not be reached. Check your connection and try again.");
  }
  if (res.status === 204) return undefined as T;
  const body = (await res.json().catch(() => null)) as { error?: { message?: string; code?: string; details?: Record<string, unknown> } } | null;
  if (!res.ok) throw new ApiError(body?.error?.message ?? `The server answered ${res.status}.`, body?.error?.code, body?.error?.details);
  return body as T;
}
