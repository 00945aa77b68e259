/**
 * The evidence dataset (docs/domain.md): one row per coding, with its project, document (and
 * every document attribute), code, coder, layer, offsets in code points, quote, memo and times.
 * The database side (db/queries/export.ts) fills a `DatasetContext` once and streams
 * `CodingRecord`s; the writers in this folder turn them into files. Pure: no I/O here.
 */
export type DatasetDocument = {
  id: string;
  title: string;
  sourceType: string;
  publishedOn: string | null;
  author: string | null;
  url: string | null;
  length: number;
  wordCount: number | null;
  /** Attribute name → canonical text value. */
  attributes: Record<string, string>;
};

export type DatasetCode = { id: string; name: string; path: string; parentPath: string | null; color: string; definition: string; depth: number };

export type DatasetContext = {
  project: { id: string; name: string };
  /** Every attribute of the project, in its order: each becomes a column. */
  attributeNames: string[];
  documents: Map<string, DatasetDocument>;
  /** The exported documents' ids, in project order. */
  documentOrder: string[];
  codes: Map<string, DatasetCode>;
  users: Map<string, string>;
};

export type CodingRecord = {
  id: string;
  documentId: string;
  codeId: string;
  coderId: string;
  layer: "coder" | "consensus";
  /** Code points, half-open [start, end). */
  start: number;
  end: number;
  quote: string;
  memo: string;
  /** First and last page the passage is on, for paginated sources (PDF). */
  pageFirst: number | null;
  pageLast: number | null;
  createdAt: Date;
  updatedAt: Date;
};
