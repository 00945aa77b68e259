/**
 * The browser-security headers, as data. Pure: `proxy.ts` builds each page's CSP from
 * `pageCsp` with a fresh nonce, and `next.config.ts` serves `STATIC_HEADERS` (and the JSON API's
 * CSP) without running any code per request — the API is throughput-measured (bench P1).
 */

/**
 * The Content-Security-Policy of an HTML page. Scripts run only with this response's nonce
 * (Next puts it on its own scripts) or when loaded by such a script ('strict-dynamic', for the
 * chunks Next loads on demand); no 'unsafe-inline' for scripts, so an injected `<script>` or
 * `onerror=` never runs, and no 'unsafe-eval' outside `next dev` (React's dev tools need it).
 * Styles keep 'unsafe-inline': React's `style` attributes and Radix/sonner's injected styles.
 * Images may be data: and blob: (the chart PNG is drawn from a blob: SVG in the browser).
 */
export function pageCsp({ nonce, dev = false }: { nonce: string; dev?: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** JSON, SSE and downloads are never meant to render: nothing may load, nothing may frame them. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/**
 * On every response, pages, API and static files alike. `same-origin` referrers: a link to a
 * document's source URL must not tell the outside site which project (ids in our paths) it sat in.
 */
export const STATIC_HEADERS: readonly { key: string; value: string }[] = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

/**
 * HSTS, only on requests that arrived over HTTPS (as the TLS-terminating proxy says in
 * `X-Forwarded-Proto`): on plain http://localhost it would be ignored at best, and it must never
 * pin a local install to HTTPS. Two years, the preload list's minimum, without `preload`.
 */
export const HSTS = { key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" } as const;

/** A nonce per response: 128 random bits, base64 (CSP allows base64 in nonce-source). */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}
