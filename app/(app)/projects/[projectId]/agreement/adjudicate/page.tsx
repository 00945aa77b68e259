import { ArrowLeft, Scale } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { CONSENSUS, SUGGESTER, getAgreementCoders, getDocumentTexts } from "@/db/queries/agreement";
import { getAdjudicationSites } from "@/db/queries/consensus";
import { AdjudicationWalker, type WalkerSite } from "@/components/adjudication/adjudication-walker";
import { EmptyState } from "@/components/ui/empty-state";
import { Notice } from "@/components/ui/notice";
import { AppError } from "@/lib/errors";
import { TextIndex } from "@/lib/offsets";
import { requireProject, type ProjectPageProps } from "../../load-project";
import { parseAgreementQuery, queryString, type SearchParams } from "../query";
import { passagePieces } from "@/lib/agreement/passage";

export const metadata: Metadata = { title: "Adjudicate" };

type Props = ProjectPageProps & { searchParams: Promise<SearchParams> };
/** Sites sent to the browser at once; the rest come after a reload, as these get resolved. */
const BATCH = 300;

export default async function AdjudicatePage({ params, searchParams }: Props) {
  const { projectId } = await params;
  const { db, project, can } = await requireProject(projectId, "/agreement/adjudicate");
  const back = `/projects/${project.id}/agreement`;
  if (!can("consensus.write")) {
    return (
      <EmptyState icon={Scale} title="Only the project's owner adjudicates">
        Adjudication writes the consensus layer that everyone&apos;s figures and exports can rest on, so it is the owner&apos;s. You can see agreement on the{" "}
        <Link className="underline" href={back}>
          Agreement
        </Link>{" "}
        page.
      </EmptyState>
    );
  }
  const parsed = parseAgreementQuery(await searchParams);
  let error = parsed.ok ? null : parsed.message;
  let data: Awaited<ReturnType<typeof getAdjudicationSites>> | null = null;
  if (parsed.ok) {
    try {
      const coders = parsed.query.coders?.filter((c) => c !== CONSENSUS).length
        ? parsed.query.coders.filter((c) => c !== CONSENSUS)
        : (await getAgreementCoders(db, { projectId: project.id })).filter((c) => c.key !== CONSENSUS && c.key !== SUGGESTER && c.codings > 0).map((c) => c.key);
      if (coders.length < 2) error = "Adjudication needs two or more coders who coded the same documents.";
      else data = await getAdjudicationSites(db, { projectId: project.id, coders, documents: parsed.query.documents, codes: parsed.query.codes });
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      error = e.message;
    }
  }
  const disagreements = data?.sites.filter((s) => !s.agreed) ?? [];
  const agreedOpen = data?.sites.filter((s) => s.agreed && !s.resolved) ?? [];
  const open = disagreements.filter((s) => !s.resolved).slice(0, BATCH);
  const texts = await getDocumentTexts(db, { projectId: project.id, documentIds: [...new Set(open.map((s) => s.documentId))] });
  const indexes = new Map([...texts].map(([id, t]) => [id, new TextIndex(t)]));
  const title = new Map(data?.documents.map((d) => [d.id, d.title]) ?? []);
  const codeName = new Map(data?.codes.map((c) => [c.id, c.name]) ?? []);
  const coderName = new Map(data?.coders.map((c) => [c.key, c.name]) ?? []);
  const sites: WalkerSite[] = open.map((s) => ({
    key: s.key,
    documentId: s.documentId,
    documentTitle: title.get(s.documentId) ?? "",
    codeId: s.codeId,
    codeName: codeName.get(s.codeId) ?? "",
    start: s.start,
    end: s.end,
    versions: s.versions.map((v) => ({
      coder: v.coder,
      coderName: coderName.get(v.coder) ?? "A coder",
      codings: v.codings.map((c) => ({ id: c.id, start: c.start, end: c.end })),
      pieces: passagePieces(indexes.get(s.documentId)!, s, v.codings),
    })),
  }));

  return (
    <section aria-labelledby="adjudicate-title" className="grid gap-4">
      <div>
        <Link href={`${back}?${queryString(parsed.record)}`} className="inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
          <ArrowLeft aria-hidden className="size-4" /> Back to agreement
        </Link>
        <h2 id="adjudicate-title" className="mt-2 text-lg font-semibold tracking-tight">
          Adjudicate disagreements
        </h2>
        <p className="mt-0.5 max-w-3xl text-sm text-muted-foreground">
          Walk through the places where coders differ and decide what goes into the consensus layer: one coder&apos;s version, the merged boundaries, your own, or no
          coding. The consensus layer is a coder like any other on the agreement page, and in every view and export.
        </p>
      </div>
      {error && <Notice tone="error">{error}</Notice>}
      {data && (
        <AdjudicationWalker
          projectId={project.id}
          sites={sites}
          total={disagreements.length}
          resolvedKeys={disagreements.filter((s) => s.resolved).map((s) => s.key)}
          agreedOpen={agreedOpen.map((s) => s.versions[0]!.codings.map((c) => c.id)).flat()}
          agreedSites={agreedOpen.length}
          coderNames={data.coders.map((c) => c.name)}
        />
      )}
    </section>
  );
}
