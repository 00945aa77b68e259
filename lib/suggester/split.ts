/**
 * The held-out split: which documents the evaluation model does not see.
 *
 * Whole documents are held out, never single sentences: sentences of one document share topic,
 * names and phrasing (and often one coder), so a split by sentence would measure how well the model
 * recalls a document it has half read, not how it does on a new one.
 *
 * Documents are taken in id order (code-unit order, independent of input order and locale), shuffled
 * with the seed's "suggester:holdout" stream, and the first round(share · documents) held out —
 * but at least one when there are two or more documents and the share is above 0, and never all of
 * them: the evaluation model needs a document to learn from. With a single document nothing can be
 * held out; the caller reports that instead of metrics.
 */
import { compareIds, rngFor, shuffle } from "@/lib/sampling/prng";

export type DocumentSplit = { training: Set<string>; heldOut: Set<string>; note: string | null };

export function splitDocuments(documentIds: Iterable<string>, holdoutShare: number, seed: number): DocumentSplit {
  const documents = [...new Set(documentIds)].sort(compareIds);
  if (holdoutShare <= 0) {
    return { training: new Set(documents), heldOut: new Set(), note: "holdoutShare is 0: nothing was held out, so there is no evaluation." };
  }
  if (documents.length < 2) {
    return {
      training: new Set(documents),
      heldOut: new Set(),
      note: "Only one document has units: a document must be held out whole, so there is no evaluation. Code passages in a second document to get one.",
    };
  }
  const wanted = Math.round(holdoutShare * documents.length);
  const count = Math.min(documents.length - 1, Math.max(1, wanted));
  const shuffled = shuffle(documents, rngFor(seed, "suggester:holdout"));
  const note =
    count !== wanted
      ? `${documents.length} documents: held out ${count} (not ${wanted}) so that both sides have at least one.`
      : documents.length < 10
        ? `Only ${documents.length} documents: the evaluation rests on ${count} held-out document${count === 1 ? "" : "s"} and will vary a lot with the seed.`
        : null;
  return { training: new Set(shuffled.slice(count)), heldOut: new Set(shuffled.slice(0, count)), note };
}
