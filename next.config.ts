import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Loaded from node_modules at run time, not bundled: PGlite finds its WASM and data files
  // relative to its own module, and the document readers (pdf.js, pdf-lib, mammoth, linkedom)
  // are large, lazily loaded and gain nothing from bundling.
  serverExternalPackages: ["@electric-sql/pglite", "pdfjs-dist", "pdf-lib", "mammoth", "linkedom", "@mozilla/readability"],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
