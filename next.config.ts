import type { NextConfig } from "next";
import { API_CSP, HSTS, STATIC_HEADERS } from "./lib/security/headers";

const nextConfig: NextConfig = {
  // Loaded from node_modules at run time, not bundled: PGlite finds its WASM and data files
  // relative to its own module, and the document readers (pdf.js, pdf-lib, mammoth, linkedom)
  // are large, lazily loaded and gain nothing from bundling.
  serverExternalPackages: ["@electric-sql/pglite", "pdfjs-dist", "pdf-lib", "mammoth", "linkedom", "@mozilla/readability"],
  poweredByHeader: false,
  typedRoutes: false,
  // Fixed headers, matched by Next's router: no code of ours runs per request (the JSON API is
  // throughput-measured). Pages get their nonce CSP from proxy.ts. A header set here wins over
  // the same header set by a route handler (Next only adds a handler's header if it is absent),
  // so the two routes with their own sandboxing CSP — the original-file download and the chart
  // SVG — are left out of the API's CSP rule.
  async headers() {
    return [
      { source: "/:path*", headers: [...STATIC_HEADERS] },
      { source: "/:path*", has: [{ type: "header", key: "x-forwarded-proto", value: "https" }], headers: [HSTS] },
      {
        source: "/api/:path((?!v1/projects/[^/]+/matrix$|v1/projects/[^/]+/documents/[^/]+/original$).*)",
        headers: [{ key: "Content-Security-Policy", value: API_CSP }],
      },
      // The matrix route answers JSON and CSV too; only its SVG keeps the route's own policy.
      {
        source: "/api/v1/projects/:projectId/matrix",
        missing: [{ type: "query", key: "format", value: "svg" }],
        headers: [{ key: "Content-Security-Policy", value: API_CSP }],
      },
    ];
  },
};

export default nextConfig;
