import "server-only";
import type { Database } from "@/db/client";
import { existingSpans, quotesOf, type PlannedCoding } from "@/db/queries/autocode";
import { expandToSegments } from "@/db/queries/search";
import { AppError } from "@/lib/errors";
import { AUTOCODE_LIMIT, searchProject, type SearchRequest } from "./search";

/**
 * What auto-coding would do (docs/api.md `POST /autocode`): the search's hits (all of them, or
 * those chosen), each widened to the extent asked — the match, its sentence(s) or its
 * paragraph(s) — with spans that coincide merged into one, and spans this coder already coded
 * with this code left out. The preview and the write use this same plan.
 */
export const AUTOCODE_EXTENTS = ["match", "sentence", "paragraph"] as const;
export type AutocodeExtent = (typeof AUTOCODE_EXTENTS)[number];

export type AutocodePlan = {
  codings: (PlannedCoding & { quote: string })[];
  hits: number;
  /** Spans the coder already had coded with this code. */
  alreadyCoded: number;
};

export async function planAutocode(
  db: Database,
  input: SearchRequest & { codeId: string; coderId: string; extent: AutocodeExtent; selected?: readonly PlannedCoding[] },
): Promise<AutocodePlan> {
  const result = await searchProject(db, input, AUTOCODE_LIMIT);
  if (result.truncated) throw new AppError("bad_request", `This search has more than ${AUTOCODE_LIMIT.toLocaleString("en")} hits: narrow it (fewer documents, a longer phrase) before auto-coding.`, { field: "q" });
  let hits = result.hits.map((h) => ({ documentId: h.documentId, start: h.start, end: h.end }));
  if (input.selected) {
    const key = (s: PlannedCoding) => `${s.documentId}:${s.start}:${s.end}`;
    const known = new Set(hits.map(key));
    const unknown = input.selected.filter((s) => !known.has(key(s)));
    if (unknown.length) throw new AppError("bad_request", `${unknown.length} of the chosen hits are not hits of this search: search again and choose from its results.`, { field: "hits" });
    const chosen = new Set(input.selected.map(key));
    hits = hits.filter((h) => chosen.has(key(h)));
  }
  const widened = input.extent === "match" ? hits : await expandToSegments(db, { kind: input.extent, spans: hits });
  const unique = new Map<string, PlannedCoding>();
  for (const s of widened) unique.set(`${s.documentId}:${s.start}:${s.end}`, s);
  const existing = await existingSpans(db, { projectId: input.projectId, codeId: input.codeId, coderId: input.coderId, documentIds: [...new Set(widened.map((s) => s.documentId))] });
  const planned = [...unique.entries()].filter(([k]) => !existing.has(k)).map(([, s]) => s);
  const quotes = await quotesOf(db, input.projectId, planned);
  return { codings: planned.map((s, i) => ({ ...s, quote: quotes[i]! })), hits: hits.length, alreadyCoded: unique.size - planned.length };
}
