import { groupBy } from "./group";

/**
 * Disagreement sites for adjudication. Within one document, codings of the same code by the
 * chosen coders that overlap — directly or through a chain — form a site spanning their union.
 * A site is *agreed* when every coder who coded the document has exactly the same ranges there
 * (a coder who coded the document but not this code at this place disagrees by absence); a coder
 * who did not code the document at all is missing and does not count. A site is *resolved* once
 * the consensus layer has a coding of its code overlapping it, or it was dismissed ("no coding
 * here") for exactly its code and range.
 */
export type SiteCoding = { id: string; coder: string; codeId: string; start: number; end: number };
export type SiteVersion = { coder: string; codings: SiteCoding[] };
export type Site = {
  key: string;
  documentId: string;
  codeId: string;
  start: number;
  end: number;
  versions: SiteVersion[];
  missingCoders: string[];
  agreed: boolean;
  resolved: boolean;
  consensus: SiteCoding[];
};
export type Dismissal = { documentId: string; codeId: string; start: number; end: number };

export function siteKey(s: { documentId: string; codeId: string; start: number; end: number }): string {
  return `${s.documentId}:${s.codeId}:${s.start}:${s.end}`;
}

export function findSites(input: {
  documentId: string;
  coders: readonly string[];
  /** Coders who coded this document (others are missing here). */
  codedBy: ReadonlySet<string>;
  codings: readonly SiteCoding[];
  consensus: readonly SiteCoding[];
  dismissed?: ReadonlySet<string>;
}): Site[] {
  const present = input.coders.filter((c) => input.codedBy.has(c));
  const missingCoders = input.coders.filter((c) => !input.codedBy.has(c));
  const wanted = new Set(present);
  const byCode = groupBy(input.codings.filter((c) => wanted.has(c.coder)), (c) => c.codeId);
  const sites: Site[] = [];
  for (const [codeId, list] of byCode) {
    const sorted = [...list].sort((a, b) => a.start - b.start || a.end - b.end || (a.id < b.id ? -1 : 1));
    let cluster: SiteCoding[] = [];
    let clusterEnd = -1;
    const flush = () => {
      if (cluster.length === 0) return;
      const start = cluster[0]!.start;
      const end = clusterEnd;
      const versions = present.map((coder) => ({ coder, codings: cluster.filter((c) => c.coder === coder) }));
      const shapes = versions.map((v) => v.codings.map((c) => `${c.start}-${c.end}`).sort().join(","));
      const consensus = input.consensus.filter((c) => c.codeId === codeId && c.start < end && c.end > start);
      const key = siteKey({ documentId: input.documentId, codeId, start, end });
      sites.push({
        key,
        documentId: input.documentId,
        codeId,
        start,
        end,
        versions,
        missingCoders,
        agreed: present.length >= 2 && shapes.every((s) => s === shapes[0]),
        resolved: consensus.length > 0 || (input.dismissed?.has(key) ?? false),
        consensus,
      });
    };
    for (const c of sorted) {
      if (cluster.length > 0 && c.start >= clusterEnd) {
        flush();
        cluster = [];
      }
      cluster.push(c);
      clusterEnd = Math.max(clusterEnd, c.end);
    }
    flush();
  }
  return sites.sort((a, b) => a.start - b.start || a.end - b.end || (a.codeId < b.codeId ? -1 : 1));
}

/** The union range of some codings (for "merge boundaries"). */
export function unionRange(codings: readonly { start: number; end: number }[]): { start: number; end: number } {
  return { start: Math.min(...codings.map((c) => c.start)), end: Math.max(...codings.map((c) => c.end)) };
}
