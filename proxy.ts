import { NextResponse, type NextRequest } from "next/server";
import { newNonce, pageCsp } from "@/lib/security/headers";

/**
 * A fresh CSP nonce for every HTML page. Next reads the nonce from the request's
 * Content-Security-Policy header while rendering and puts it on its own scripts; the same
 * policy goes out on the response. Pages only: the matcher keeps this function off the JSON API
 * (throughput-measured, bench P1) and off static files, which get their fixed headers from
 * next.config.ts without any code running.
 */
export function proxy(request: NextRequest) {
  const csp = pageCsp({ nonce: newNonce(), dev: process.env.NODE_ENV === "development" });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", csp);
  return response;
}

export const config = {
  matcher: [
    {
      // Everything but /api/…, Next's static files and image optimiser, and the icon.
      source: "/((?!api/|_next/static/|_next/image|favicon\\.ico|icon\\.svg).*)",
      // Prefetches fetch RSC payloads, never rendered as a document: no policy needed.
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
