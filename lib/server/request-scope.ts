/**
 * Whether an error is Next's "called outside a request scope": `headers()` and `cookies()` (and so
 * next-auth's `auth()` and `signOut()`) throw it when server code runs without an HTTP request —
 * integration tests and scripts that call actions and route handlers directly.
 */
export function isOutsideRequestScope(error: unknown): boolean {
  return error instanceof Error && /outside a request scope/i.test(error.message);
}
