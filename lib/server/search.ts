import "server-only";
import type { Database } from "@/db/client";
import { getAttributeDefinitions } from "@/db/queries/attributes";
import { documentTextsInScope, documentTitles, ensureSearchIndex, rankedChunks, tsqueryHasTerms, type SearchScope } from "@/db/queries/search";
import { AppError } from "@/lib/errors";
import { TextIndex } from "@/lib/offsets";
import { matchesFromHeadline } from "@/lib/search/headline";
import { findMatches, keywordInContext } from "@/lib/search/matches";
import { matcherFor, normalizeQuery, SearchQueryError, type SearchMode } from "@/lib/search/query";
import { regexWorker, RegexTimeoutError } from "./regex-worker";

/**
 * Search across a project's documents (docs/api.md `GET /search`), the same for the page, the
 * API and auto-coding: hits in code points with their keyword-in-context, grouped by document,
 * documents best first. `words` and `phrase` use the full-text index (phrases are then matched
 * exactly in the candidate chunks); regular expressions, and phrases of only common words the
 * index leaves out, are run over the texts in a worker with a time limit.
 */
export type SearchRequest = {
  projectId: string;
  q: string;
  mode: SearchMode;
  caseSensitive?: boolean;
  documentIds?: readonly string[];
  /** An attribute (name or id) and its value ("" = documents without one). */
  attribute?: { name: string; value: string };
};

export type SearchHit = { documentId: string; start: number; end: number; text: string; context: string; before: string; after: string };
export type SearchDocument = { id: string; title: string; hits: number };
export type SearchResult = {
  q: string;
  mode: SearchMode;
  hits: SearchHit[];
  documents: SearchDocument[];
  /** More hits exist than were returned (the limit was reached). */
  truncated: boolean;
  /** How the search was run, for the page to say (e.g. a phrase of common words read every text). */
  method: "index" | "scan";
};

/** Hits a search returns by default (the best, in ranked order), and at most when asked. */
export const SEARCH_LIMIT = 500;
export const MAX_SEARCH_LIMIT = 1_000;
export const AUTOCODE_LIMIT = 10_000;
export const REGEX_TIME_LIMIT_MS = 5_000;

async function scopeFor(db: Database, req: SearchRequest): Promise<SearchScope> {
  let attribute: SearchScope["attribute"];
  if (req.attribute) {
    const definition = (await getAttributeDefinitions(db, { projectId: req.projectId })).find((a) => a.id === req.attribute!.name || a.name === req.attribute!.name);
    if (!definition) throw new AppError("bad_request", `There is no attribute “${req.attribute.name}” in this project.`, { field: "attribute" });
    attribute = { id: definition.id, value: req.attribute.value };
  }
  return { projectId: req.projectId, documentIds: req.documentIds, attribute };
}

function hitAt(documentId: string, index: TextIndex, offset: number, start: number, end: number): SearchHit {
  const kwic = keywordInContext(index, start, end);
  return { documentId, start: start + offset, end: end + offset, text: index.sliceCp(start, end), context: kwic.before + kwic.hit + kwic.after, before: kwic.before, after: kwic.after };
}

/** Groups hits by document in the order the documents first appear (best first), each document's hits in text order. */
function grouped(hits: SearchHit[], order: string[], titles: Map<string, string>): { hits: SearchHit[]; documents: SearchDocument[] } {
  const byDoc = new Map<string, SearchHit[]>();
  for (const id of order) byDoc.set(id, []);
  for (const h of hits) byDoc.get(h.documentId)?.push(h);
  const documents: SearchDocument[] = [];
  const out: SearchHit[] = [];
  for (const [id, list] of byDoc) {
    if (list.length === 0) continue;
    list.sort((a, b) => a.start - b.start || a.end - b.end);
    documents.push({ id, title: titles.get(id) ?? "Untitled", hits: list.length });
    out.push(...list);
  }
  return { hits: out, documents };
}

export async function searchProject(db: Database, req: SearchRequest, limit = SEARCH_LIMIT): Promise<SearchResult> {
  const q = normalizeQuery(req.q);
  if (!q) throw new AppError("bad_request", "Type something to search for.", { field: "q" });
  const scope = await scopeFor(db, req);
  try {
    await ensureSearchIndex(db, req.projectId);
    if (req.mode === "words") return await wordsSearch(db, q, scope, limit);
    const re = matcherFor(req.mode, q, req.caseSensitive);
    if (req.mode === "phrase" && (await tsqueryHasTerms(db, "phrase", q))) return await phraseSearch(db, q, re, scope, limit);
    return await scanSearch(db, q, req.mode, re, scope, limit);
  } catch (error) {
    if (error instanceof SearchQueryError || error instanceof RegexTimeoutError) throw new AppError("bad_request", error.message, { field: "q" });
    throw error;
  }
}

async function wordsSearch(db: Database, q: string, scope: SearchScope, limit: number): Promise<SearchResult> {
  if (!(await tsqueryHasTerms(db, "websearch", q))) {
    throw new SearchQueryError("Those are all words too common to be indexed (the, of, and…): search for the exact phrase instead.");
  }
  const { chunks, total } = await rankedChunks(db, { scope, q, kind: "websearch", limit, headline: true });
  const hits: SearchHit[] = [];
  const order = new Set<string>();
  for (const chunk of chunks) {
    order.add(chunk.documentId);
    const found = chunk.headline === null ? null : matchesFromHeadline(chunk.headline, chunk.text);
    if (!found) continue;
    const index = new TextIndex(chunk.text);
    for (const m of found) hits.push(hitAt(chunk.documentId, index, chunk.start, m.start, m.end));
  }
  const kept = hits.slice(0, limit);
  return { q, mode: "words", ...grouped(kept, [...order], await documentTitles(db, [...order])), truncated: hits.length > limit || total > chunks.length, method: "index" };
}

async function phraseSearch(db: Database, q: string, re: RegExp, scope: SearchScope, limit: number): Promise<SearchResult> {
  // Candidates from the index (stemmed, so a few hold no exact match); the phrase is matched exactly in each.
  const { chunks, total } = await rankedChunks(db, { scope, q, kind: "phrase", limit: Math.max(limit, 5_000), headline: false });
  const hits: SearchHit[] = [];
  const order = new Set<string>();
  for (const chunk of chunks) {
    const index = new TextIndex(chunk.text);
    const found = findMatches(chunk.text, re, limit + 1 - hits.length, index);
    if (found.length) order.add(chunk.documentId);
    for (const m of found) hits.push(hitAt(chunk.documentId, index, chunk.start, m.start, m.end));
    if (hits.length > limit) break;
  }
  const kept = hits.slice(0, limit);
  return { q, mode: "phrase", ...grouped(kept, [...order], await documentTitles(db, [...order])), truncated: hits.length > limit || total > chunks.length, method: "index" };
}

/** Every text in scope through the worker; documents ordered by their number of hits. */
async function scanSearch(db: Database, q: string, mode: "phrase" | "regex", re: RegExp, scope: SearchScope, limit: number): Promise<SearchResult> {
  const worker = regexWorker(re, REGEX_TIME_LIMIT_MS);
  const hits: SearchHit[] = [];
  let truncated = false;
  // The next batch is read from the database while the worker matches this one.
  const batches = documentTextsInScope(db, scope)[Symbol.asyncIterator]();
  let pending = batches.next();
  try {
    for (;;) {
      const step = await pending;
      if (step.done) break;
      const batch = step.value;
      pending = batches.next();
      const room = limit - hits.length;
      const { found, total } = await worker.run(
        batch.map((d) => d.text),
        Math.max(room, 0),
      );
      if (total > found.length) truncated = true;
      const indexes = new Map<number, TextIndex>();
      for (const [t, u16Start, u16End] of found) {
        let index = indexes.get(t);
        if (!index) indexes.set(t, (index = new TextIndex(batch[t]!.text)));
        hits.push(hitAt(batch[t]!.id, index, 0, index.u16ToCp(u16Start, "start"), index.u16ToCp(u16End, "end")));
      }
      if (hits.length >= limit && truncated) break;
    }
  } finally {
    await worker.close();
    // A batch read ahead and no longer wanted: its outcome does not matter.
    pending.catch(() => undefined);
    await batches.return?.(undefined);
  }
  const counts = new Map<string, number>();
  for (const h of hits) counts.set(h.documentId, (counts.get(h.documentId) ?? 0) + 1);
  const order = [...counts.keys()].sort((a, b) => counts.get(b)! - counts.get(a)!);
  return { q, mode, ...grouped(hits, order, await documentTitles(db, order)), truncated, method: "scan" };
}
