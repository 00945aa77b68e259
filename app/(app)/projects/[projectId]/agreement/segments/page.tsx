import { ArrowLeft, Scale } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { CONSENSUS, SUGGESTER, getAgreementCoders, getDocumentTexts, loadAgreementInput } from "@/db/queries/agreement";
import { EmptyState } from "@/components/ui/empty-state";
import { Notice } from "@/components/ui/notice";
import { segmentOverlap, type AgreementInput, type SegmentPair } from "@/lib/agreement";
import { continuaFor } from "@/lib/agreement/report-continua";
import { AppError } from "@/lib/errors";
import { TextIndex } from "@/lib/offsets";
import { seesAllCodings } from "@/lib/permissions";
import { formatCount } from "@/lib/ui/format";
import { requireProject, type ProjectPageProps } from "../../load-project";
import { parseAgreementQuery, queryString, type SearchParams } from "../query";

export const metadata: Metadata = { title: "Unmatched segments" };

type Props = ProjectPageProps & { searchParams: Promise<SearchParams> };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LIMIT = 500;
const MAX_QUOTE = 400;

/**
 * Behind a segment-overlap figure (MAXQDA's rule): every coded segment of one coder without a
 * segment of the same code by the other overlapping it by the threshold, with the closest the
 * other came, side by side.
 */
export default async function SegmentsPage({ params, searchParams }: Props) {
  const { projectId } = await params;
  const { db, project, role } = await requireProject(projectId, "/agreement");
  const sp = await searchParams;
  const back = `/projects/${project.id}/agreement`;
  if (!seesAllCodings(role, project)) {
    return <EmptyState icon={Scale} title="Agreement opens when the codings are revealed">This project is blind until the owner reveals the codings.</EmptyState>;
  }
  const parsed = parseAgreementQuery(sp);
  const codeId = typeof sp.code === "string" && UUID.test(sp.code) ? sp.code : null;
  let error = parsed.ok ? null : parsed.message;
  let input: AgreementInput | null = null;
  if (parsed.ok) {
    try {
      const coders = parsed.query.coders?.length ? parsed.query.coders : (await getAgreementCoders(db, { projectId: project.id })).filter((c) => c.key !== CONSENSUS && c.key !== SUGGESTER && c.codings > 0).map((c) => c.key);
      if (coders.length !== 2) error = "Segment overlap compares two coders: choose exactly two on the agreement page.";
      else input = await loadAgreementInput(db, { projectId: project.id, coders, documents: parsed.query.documents, codes: parsed.query.codes, unit: parsed.query.unit });
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      error = e.message;
    }
  }
  const threshold = parsed.ok ? parsed.query.threshold : 0.9;
  let unmatched: SegmentPair[] = [];
  if (input) {
    const coders: [string, string] = [input.coders[0]!.key, input.coders[1]!.key];
    const result = segmentOverlap(continuaFor(input, coders), { coders, codes: codeId ? [codeId] : input.codes.map((c) => c.id), threshold });
    unmatched = result.pairs.filter((p) => !p.matched);
  }
  const shown = unmatched.slice(0, LIMIT);
  const texts = await getDocumentTexts(db, { projectId: project.id, documentIds: [...new Set(shown.map((p) => p.continuumId))] });
  const indexes = new Map([...texts].map(([id, t]) => [id, new TextIndex(t)]));
  const titles = new Map(input?.documents.map((d) => [d.id, d.title]) ?? []);
  const codeName = new Map(input?.codes.map((c) => [c.id, c.name]) ?? []);
  const quote = (documentId: string, s: { start: number; end: number }) => {
    const index = indexes.get(documentId);
    if (!index) return "";
    return s.end - s.start <= MAX_QUOTE ? index.sliceCp(s.start, s.end) : `${index.sliceCp(s.start, s.start + MAX_QUOTE / 2)} … ${index.sliceCp(s.end - MAX_QUOTE / 2, s.end)}`;
  };

  return (
    <section aria-labelledby="segments-title" className="grid gap-4">
      <div>
        <Link href={`${back}?${queryString(parsed.record)}`} className="inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
          <ArrowLeft aria-hidden className="size-4" /> Back to the report
        </Link>
        <h2 id="segments-title" className="mt-2 text-lg font-semibold tracking-tight">
          Segments without a match{codeId ? ` for “${codeName.get(codeId) ?? "this code"}”` : ""}
        </h2>
        <p className="mt-0.5 text-sm text-muted-foreground">
          {formatCount(unmatched.length, "segment")} of one coder with no segment of the same code by the other overlapping at least {Math.round(threshold * 100)} % of
          their union{unmatched.length > shown.length ? `; the first ${shown.length} are shown` : ""}.
        </p>
      </div>
      {error && <Notice tone="error">{error}</Notice>}
      {!error && unmatched.length === 0 && <EmptyState icon={Scale} title="Every segment has its match">Both coders coded the same segments at this threshold.</EmptyState>}
      <ol className="grid gap-3">
        {shown.map((p, i) => {
          const own = (p.first ?? p.second)!;
          const ownCoder = p.first ? input!.coders[0]! : input!.coders[1]!;
          const otherCoder = p.first ? input!.coders[1]! : input!.coders[0]!;
          return (
            <li key={i} className="grid gap-2 rounded-xl border bg-card p-4 text-sm" data-testid="unmatched-segment">
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <span className="font-medium">
                  {codeName.get(p.code) ?? "A code"} · {titles.get(p.continuumId)} · {own.start}–{own.end}
                </span>
                <Link href={`/projects/${project.id}/documents/${p.continuumId}#at-${own.start}`} className="text-primary underline-offset-4 hover:underline">
                  Open in the document
                </Link>
              </div>
              <p>
                <span className="font-medium">{ownCoder.name}:</span> <q className="text-muted-foreground">{quote(p.continuumId, own)}</q>
              </p>
              <p className="text-muted-foreground">
                {otherCoder.name}: {p.overlapShare > 0 ? `the closest segment of this code overlaps ${Math.round(p.overlapShare * 100)} % of the union` : "no segment of this code here"}
              </p>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
