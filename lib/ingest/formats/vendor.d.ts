// pdf-lib's single-file ES build loads in ~35 ms instead of ~300–600 ms for its many CommonJS
// modules; it exports the same API, so it gets the package's own types.
declare module "pdf-lib/dist/pdf-lib.esm.min.js" {
  export * from "pdf-lib";
}

// PDF.js's worker code, imported so it runs in this thread (see pdf.ts); we only hand it over.
declare module "pdfjs-dist/legacy/build/pdf.worker.mjs" {
  export const WorkerMessageHandler: unknown;
}
