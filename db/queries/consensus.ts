import { randomUUID } from "node:crypto";
import { and, asc, eq, inArray } from "drizzle-orm";
import { AppError } from "@/lib/errors";
import { faultPoint } from "@/lib/server/fault-point";
import { findSites, siteKey, unionRange, type Site } from "@/lib/agreement/sites";
import type { Database } from "../client";
import { codings, events, type Coding } from "../schema";
import { CONSENSUS, loadAgreementInput } from "./agreement";
import { createCoding, deleteCoding, requireSpan } from "./codings";
import { recordEvent } from "./events";

/**
 * Adjudication writes the consensus layer: codings with `layer = 'consensus'`, written by the
 * adjudicator (their `coder_id`), through the same createCoding/deleteCoding as every coding, so
 * each change is a `coding.*` event in its transaction and live views update as for any coder.
 * A disagreement resolved with *no* consensus coding ("neither version") leaves nothing in
 * `codings`; it is kept as a `consensus.dismissed` event (reopened by `consensus.reopened`), read
 * back by folding those events — the log already is the durable record, so no table is needed.
 */

export type AdjudicationScope = { projectId: string; coders: readonly string[]; documents?: readonly string[] | "sample"; codes?: readonly string[] };

export async function getAdjudicationSites(db: Database, scope: AdjudicationScope): Promise<{ sites: Site[]; documents: { id: string; title: string }[]; codes: { id: string; name: string }[]; coders: { key: string; name: string }[] }> {
  const people = scope.coders.filter((c) => c !== CONSENSUS);
  const input = await loadAgreementInput(db, { projectId: scope.projectId, coders: [...people, CONSENSUS], documents: scope.documents, codes: scope.codes, unit: "document" });
  const dismissed = await getDismissedSites(db, { projectId: scope.projectId });
  const sites: Site[] = [];
  for (const d of input.documents) {
    const codedBy = new Set(people.filter((p) => input.codedDocuments.get(p)?.has(d.id)));
    if (codedBy.size < 2) continue; // nothing to adjudicate where fewer than two coders coded
    const mine = input.codings.filter((c) => c.documentId === d.id);
    sites.push(
      ...findSites({
        documentId: d.id,
        coders: people,
        codedBy,
        codings: mine.filter((c) => c.coder !== CONSENSUS),
        consensus: mine.filter((c) => c.coder === CONSENSUS),
        dismissed,
      }),
    );
  }
  return { sites, documents: input.documents.map((d) => ({ id: d.id, title: d.title })), codes: [...input.codes], coders: input.coders.filter((c) => c.key !== CONSENSUS) };
}

export async function getDismissedSites(db: Database, { projectId }: { projectId: string }): Promise<Set<string>> {
  const rows = await db
    .select({ type: events.type, entityId: events.entityId })
    .from(events)
    .where(and(eq(events.projectId, projectId), inArray(events.type, ["consensus.dismissed", "consensus.reopened"])))
    .orderBy(asc(events.id));
  const out = new Set<string>();
  for (const r of rows) {
    if (r.type === "consensus.dismissed") out.add(r.entityId);
    else out.delete(r.entityId);
  }
  return out;
}

async function coderLayerCodings(tx: Database, projectId: string, codingIds: readonly string[]): Promise<Coding[]> {
  if (codingIds.length === 0) throw new AppError("bad_request", "Choose at least one coding.");
  const rows = await tx
    .select()
    .from(codings)
    .where(and(eq(codings.projectId, projectId), inArray(codings.id, [...codingIds])));
  if (rows.length !== new Set(codingIds).size) throw new AppError("not_found", "A coding to adjudicate no longer exists: someone may have changed it. Reload to see the current versions.");
  if (rows.some((r) => r.layer !== "coder")) throw new AppError("bad_request", "Only coders' codings can be accepted into the consensus layer.");
  return rows;
}

/** Copies coders' codings into the consensus layer (one per distinct code and range; existing ones are kept, not duplicated). */
export async function acceptIntoConsensus(db: Database, { projectId, actorId, codingIds }: { projectId: string; actorId: string; codingIds: readonly string[] }): Promise<Coding[]> {
  return db.transaction(async (tx) => {
    const sources = await coderLayerCodings(tx, projectId, codingIds);
    const batchId = randomUUID();
    const out: Coding[] = [];
    const seen = new Set<string>();
    for (const s of sources) {
      const key = `${s.documentId}:${s.codeId}:${s.startOffset}:${s.endOffset}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const [existing] = await tx
        .select()
        .from(codings)
        .where(and(eq(codings.projectId, projectId), eq(codings.layer, "consensus"), eq(codings.documentId, s.documentId), eq(codings.codeId, s.codeId), eq(codings.startOffset, s.startOffset), eq(codings.endOffset, s.endOffset)));
      out.push(existing ?? (await createCoding(tx, { projectId, documentId: s.documentId, codeId: s.codeId, coderId: actorId, layer: "consensus", start: s.startOffset, end: s.endOffset, memo: s.memo, batchId })));
      // Fault tests: one consensus coding (and its event) written, the others not yet.
      if (out.length === 1) await faultPoint("consensus-accept.in-transaction");
    }
    return out;
  });
}

/** One consensus coding over the union of several codings of the same code in the same document. */
export async function mergeIntoConsensus(db: Database, { projectId, actorId, codingIds }: { projectId: string; actorId: string; codingIds: readonly string[] }): Promise<Coding> {
  return db.transaction(async (tx) => {
    const sources = await coderLayerCodings(tx, projectId, codingIds);
    if (new Set(sources.map((s) => `${s.documentId}:${s.codeId}`)).size !== 1) throw new AppError("bad_request", "Boundaries can only be merged for codings of the same code in the same document.");
    const { start, end } = unionRange(sources.map((s) => ({ start: s.startOffset, end: s.endOffset })));
    const memo = [...new Set(sources.map((s) => s.memo).filter(Boolean))].join("\n\n");
    const merged = await createCoding(tx, { projectId, documentId: sources[0]!.documentId, codeId: sources[0]!.codeId, coderId: actorId, layer: "consensus", start, end, memo });
    // Fault tests: the merged consensus coding and its event written, not committed.
    await faultPoint("consensus-merge.in-transaction");
    return merged;
  });
}

/** A consensus coding with boundaries the adjudicator chose. */
export async function writeConsensus(db: Database, input: { projectId: string; actorId: string; documentId: string; codeId: string; start: number; end: number }): Promise<Coding> {
  return createCoding(db, { projectId: input.projectId, documentId: input.documentId, codeId: input.codeId, coderId: input.actorId, layer: "consensus", start: input.start, end: input.end });
}

/** Removes consensus codings (undo of an accept, merge or write). */
export async function removeConsensus(db: Database, { projectId, actorId, codingIds }: { projectId: string; actorId: string; codingIds: readonly string[] }): Promise<number> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .select({ id: codings.id, layer: codings.layer })
      .from(codings)
      .where(and(eq(codings.projectId, projectId), inArray(codings.id, [...codingIds])));
    if (rows.some((r) => r.layer !== "consensus")) throw new AppError("bad_request", "Only consensus codings are removed here; coders' own codings stay theirs.");
    for (const r of rows) await deleteCoding(tx, { projectId, codingId: r.id, actorId, mayEditOthers: true });
    return rows.length;
  });
}

type SiteRef = { documentId: string; codeId: string; start: number; end: number };

/**
 * Resolves a disagreement with no consensus coding: neither version is kept. The site must be a
 * span of a document and a code of this project: an event naming anything else (another
 * project's document, an id that never existed) used to be written all the same.
 */
export async function dismissSite(db: Database, { projectId, actorId, site }: { projectId: string; actorId: string; site: SiteRef }): Promise<void> {
  await db.transaction(async (tx) => {
    await requireSpan(tx, { projectId, ...site });
    await recordEvent(tx, { projectId, actorId, type: "consensus.dismissed", entityId: siteKey(site), after: { ...site } });
  });
}

export async function reopenSite(db: Database, { projectId, actorId, site }: { projectId: string; actorId: string; site: SiteRef }): Promise<void> {
  await db.transaction(async (tx) => {
    await requireSpan(tx, { projectId, ...site });
    await recordEvent(tx, { projectId, actorId, type: "consensus.reopened", entityId: siteKey(site), before: { ...site } });
  });
}
