/**
 * Evidence retrieval queries, as a researcher states them: every passage of code A, or of A
 * combined with B — A AND B (together in one scope), A NOT B (A where B is absent from that
 * scope), A NEAR B (within N sentences) — narrowed by document, attribute value, coder and
 * layer. Pure: the query's shape, its wording and its URL form. The SQL is in
 * db/queries/retrieval.ts; validation of untrusted input in lib/validation/retrieval.ts.
 */
export const RETRIEVAL_OPERATORS = ["only", "and", "not", "near"] as const;
export type RetrievalOperator = (typeof RETRIEVAL_OPERATORS)[number];

/** Where "together" is judged for AND and NOT: the codings overlap, share a paragraph, or share a document. */
export const RETRIEVAL_SCOPES = ["overlap", "paragraph", "document"] as const;
export type RetrievalScope = (typeof RETRIEVAL_SCOPES)[number];

export const RETRIEVAL_SORTS = ["document", "code", "coder", "length", "date"] as const;
export type RetrievalSort = (typeof RETRIEVAL_SORTS)[number];

/** The most sentences apart NEAR accepts: beyond that, "same document" says it better. */
export const MAX_SENTENCE_DISTANCE = 20;

export type RetrievalQuery = {
  a: string;
  op: RetrievalOperator;
  /** The second code; required unless `op` is "only". */
  b?: string;
  scope: RetrievalScope;
  /** For NEAR: at most this many sentences between the two codings' sentences (0 = the same sentence). */
  within: number;
  /** Count codings of sub-codes as codings of A (and of B). */
  rollup: boolean;
  /** "all", "consensus" or one coder's user id; the viewer's own codings in a blind project. */
  layer?: string;
  document?: string;
  /** A coder's user id; narrows the coder layer to one person (both A and B). */
  coder?: string;
  /** An attribute (name or id) and the value documents must have ("" = documents without a value). */
  attribute?: string;
  value?: string;
  sort: RetrievalSort;
};

export const OPERATOR_LABELS: Record<RetrievalOperator, string> = {
  only: "every passage of A",
  and: "A AND B",
  not: "A NOT B",
  near: "A NEAR B",
};
export const SCOPE_LABELS: Record<RetrievalScope, string> = { overlap: "in overlapping passages", paragraph: "in the same paragraph", document: "in the same document" };
export const SORT_LABELS: Record<RetrievalSort, string> = {
  document: "Document order",
  code: "Code",
  coder: "Coder",
  length: "Longest first",
  date: "Publication date",
};

/** The query in words, for headings and saved-query lists: “pressure” AND “reward” in the same paragraph. */
export function describeQuery(q: RetrievalQuery, nameOf: (codeId: string) => string): string {
  const a = `“${nameOf(q.a)}”`;
  if (q.op === "only" || !q.b) return `Every passage of ${a}`;
  const b = `“${nameOf(q.b)}”`;
  if (q.op === "near") return `${a} within ${q.within === 0 ? "the same sentence as" : `${q.within} sentence${q.within === 1 ? "" : "s"} of`} ${b}`;
  return `${a} ${q.op === "and" ? "AND" : "NOT"} ${b} ${SCOPE_LABELS[q.scope]}`;
}

const DEFAULTS: Partial<Record<keyof RetrievalQuery, string>> = { op: "only", scope: "paragraph", within: "1", rollup: "false", sort: "document" };

/** The query as URL parameters (defaults left out), so a query is a link and a saved query opens as one. */
export function queryToParams(q: RetrievalQuery): URLSearchParams {
  const out = new URLSearchParams();
  const entries: [keyof RetrievalQuery, string | undefined][] = [
    ["a", q.a],
    ["op", q.op],
    ["b", q.op === "only" ? undefined : q.b],
    ["scope", q.op === "and" || q.op === "not" ? q.scope : undefined],
    ["within", q.op === "near" ? String(q.within) : undefined],
    ["rollup", String(q.rollup)],
    ["layer", q.layer],
    ["document", q.document],
    ["coder", q.coder],
    ["attribute", q.attribute],
    ["value", q.attribute !== undefined ? q.value : undefined],
    ["sort", q.sort],
  ];
  for (const [key, value] of entries) if (value !== undefined && value !== DEFAULTS[key]) out.set(key, value);
  if (q.attribute !== undefined && q.value === "") out.set("value", "");
  return out;
}
