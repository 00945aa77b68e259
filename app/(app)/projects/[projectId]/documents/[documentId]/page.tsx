import { ArrowLeft, ChevronLeft, ChevronRight, Download } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getAssignment } from "@/db/queries/assignments";
import { AssignmentDoneToggle } from "@/components/assignments/assignment-done-toggle";
import { getAttributeDefinitions, getAttributeValuesByDocumentIds } from "@/db/queries/attributes";
import { getCodesByProjectId, getCodingCountsByCode, getCodingCountsByCodeForCoder } from "@/db/queries/codes";
import { countCodings, getCodingsForView } from "@/db/queries/codings";
import { getAdjacentDocuments, getDocumentById, getDocumentSegments, getDocumentSummaryById } from "@/db/queries/documents";
import { getMembersByProjectId } from "@/db/queries/members";
import { getReadingPosition } from "@/db/queries/reading-positions";
import { toCodeItems } from "@/components/codebook/code-items";
import { CodingWorkspace } from "@/components/coding/coding-workspace";
import { DeleteDocumentButton } from "@/components/documents/delete-document-button";
import { DocumentDetailsDialog } from "@/components/documents/document-details-dialog";
import { DocumentReader } from "@/components/documents/document-reader";
import { ImportReport } from "@/components/documents/import-report";
import { SOURCE_TYPE_LABELS } from "@/components/documents/source-types";
import { packCodings } from "@/lib/coding/wire";
import { buildReaderBlocks, previewBlocks } from "@/lib/documents/reader-blocks";
import { Button } from "@/components/ui/button";
import { TextIndex } from "@/lib/offsets";
import { seesAllCodings } from "@/lib/permissions";
import { formatDate } from "@/lib/ui/format";
import { loadProject, requireProject } from "../../load-project";

type Props = { params: Promise<{ projectId: string; documentId: string }> };

/** About three screenfuls: enough for the first paint while the editor loads. */
const PREVIEW_CHARS = 6_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { projectId, documentId } = await params;
  const loaded = await loadProject(projectId);
  if (!loaded || !UUID.test(documentId)) return {};
  const doc = await getDocumentSummaryById(loaded.db, { projectId: loaded.project.id, documentId });
  return doc ? { title: doc.title } : {};
}

/** Whether a coding's stored quote is the text at its offsets (ARCHITECTURE.md: drift is a bug). */
function quoteMatches(index: TextIndex, start: number, end: number, quote: string): boolean {
  return start >= 0 && end <= index.lengthCp && start < end && index.sliceCp(start, end) === quote;
}

/** Only web links become links: a stored javascript: or data: URL stays inert text. */
function webUrl(url: string | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch {
    return null;
  }
}

export default async function DocumentPage({ params }: Props) {
  const { projectId, documentId } = await params;
  const { db, user, project, role, can } = await requireProject(projectId, `/documents/${encodeURIComponent(documentId)}`);
  if (!UUID.test(documentId)) notFound();
  const doc = await getDocumentById(db, { projectId: project.id, documentId });
  if (!doc) notFound();
  const [segments, definitions, values] = await Promise.all([
    getDocumentSegments(db, { documentId: doc.id, kinds: ["heading", "paragraph", "list_item", "table_row", "page"] }),
    getAttributeDefinitions(db, { projectId: project.id }),
    getAttributeValuesByDocumentIds(db, { projectId: project.id, documentIds: [doc.id] }),
  ]);
  // The first screenfuls for the first paint; the editor gets the whole text (sent once).
  const preview = previewBlocks(buildReaderBlocks(doc.text, segments).blocks, PREVIEW_CHARS);
  const textIndex = new TextIndex(doc.text);
  // Blind mode: a coder sees only their own codings, filtered here on the server.
  const seesAll = seesAllCodings(role, project);
  const onlyCoderId = seesAll ? undefined : user.id;
  const [codings, codes, projectCounts, members, adjacent, readingOffset, assignment] = await Promise.all([
    getCodingsForView(db, { projectId: project.id, documentId: doc.id, onlyCoderId }),
    getCodesByProjectId(db, { projectId: project.id }),
    seesAll ? getCodingCountsByCode(db, { projectId: project.id }) : getCodingCountsByCodeForCoder(db, { projectId: project.id, coderId: user.id }),
    getMembersByProjectId(db, { projectId: project.id }),
    getAdjacentDocuments(db, { projectId: project.id, documentId: doc.id }),
    getReadingPosition(db, { userId: user.id, documentId: doc.id }),
    getAssignment(db, { projectId: project.id, documentId: doc.id, userId: user.id }),
  ]);
  const attributeValues = values.get(doc.id) ?? {};
  const report = doc.importReport ?? {};
  const hasOriginal = report.source !== "paste";
  const link = webUrl(doc.url);
  const base = `/projects/${project.id}/documents`;

  // The delete dialog says how many codings go with the document. Only owners delete, and
  // owners see every coder's codings, so this is the full count.
  const codingCount = can("documents.delete") && seesAll ? await countCodings(db, { projectId: project.id, documentId: doc.id }) : 0;

  const meta: [string, React.ReactNode][] = [
    ["Source type", SOURCE_TYPE_LABELS[doc.sourceType]],
    ["Date", doc.publishedOn ? formatDate(doc.publishedOn) : "—"],
    ["Author", doc.author ?? "—"],
    ["Language", doc.language ?? "—"],
    [
      "URL",
      link ? (
        <a href={link} rel="noopener noreferrer nofollow" className="break-all text-primary underline underline-offset-2">
          {doc.url}
        </a>
      ) : (
        (doc.url ?? "—")
      ),
    ],
    ["Length", `${doc.length.toLocaleString("en-GB")} characters`],
    ...definitions.map((d): [string, React.ReactNode] => [d.name, attributeValues[d.name] ?? "—"]),
  ];

  return (
    <article aria-labelledby="document-title" className="grid gap-6">
      <div>
        <Link href={base} className="inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
          <ArrowLeft aria-hidden className="size-4" />
          Documents
        </Link>
        <div className="mt-2 flex flex-wrap items-start justify-between gap-3">
          <h2 id="document-title" className="max-w-4xl text-xl font-semibold leading-snug tracking-tight">
            {doc.title}
          </h2>
          <div className="flex flex-wrap gap-2">
            {assignment && can("assignments.complete") && (
              <AssignmentDoneToggle projectId={project.id} documentId={doc.id} doneAt={assignment.doneAt?.toISOString() ?? null} />
            )}
            {hasOriginal && (
              <Button asChild variant="outline" size="sm">
                <a href={`/api/v1/projects/${project.id}/documents/${doc.id}/original`} download>
                  <Download aria-hidden />
                  Download original
                </a>
              </Button>
            )}
            {can("documents.update") && (
              <DocumentDetailsDialog
                projectId={project.id}
                documentId={doc.id}
                version={doc.version}
                details={{
                  title: doc.title,
                  sourceType: doc.sourceType,
                  publishedOn: doc.publishedOn ?? "",
                  author: doc.author ?? "",
                  url: doc.url ?? "",
                  language: doc.language ?? "",
                }}
                attributes={definitions.map((d) => ({ id: d.id, name: d.name, type: d.type, choices: d.choices }))}
                values={Object.fromEntries(definitions.map((d) => [d.id, attributeValues[d.name] ?? ""]))}
              />
            )}
            {can("documents.delete") && (
              <DeleteDocumentButton projectId={project.id} document={{ id: doc.id, title: doc.title, codingCount }} redirectTo={base} variant="button" />
            )}
          </div>
        </div>
      </div>

      <nav aria-label="Documents" className="-mt-3 flex flex-wrap items-center gap-2 text-sm">
        {adjacent.previous ? (
          <Button asChild variant="outline" size="sm">
            <Link href={`${base}/${adjacent.previous.id}`} title={adjacent.previous.title}>
              <ChevronLeft aria-hidden />
              Previous document
            </Link>
          </Button>
        ) : null}
        {adjacent.next ? (
          <Button asChild variant="outline" size="sm">
            <Link href={`${base}/${adjacent.next.id}`} title={adjacent.next.title}>
              Next document
              <ChevronRight aria-hidden />
            </Link>
          </Button>
        ) : null}
      </nav>

      <CodingWorkspace
        projectId={project.id}
        documentId={doc.id}
        text={doc.text}
        headings={segments.filter((x) => x.kind === "heading").map((x) => ({ startOffset: x.startOffset, endOffset: x.endOffset, level: x.level }))}
        pages={segments.filter((x) => x.kind === "page").map((x) => ({ start: x.startOffset, page: x.level ?? x.ordinal + 1 }))}
        lang={doc.language}
        codes={toCodeItems(codes, { codings: projectCounts })}
        codings={packCodings(codings.map((c) => ({
          // The quote travels only when it differs from the text at its offsets (drift: a bug).
          ...(quoteMatches(textIndex, c.startOffset, c.endOffset, c.quote) ? {} : { quote: c.quote }),
          id: c.id,
          codeId: c.codeId,
          coderId: c.coderId,
          start: c.startOffset,
          end: c.endOffset,
          memo: c.memo,
          version: c.version,
          createdAt: c.createdAt.toISOString(),
        })))}
        coders={members.map((m) => ({ id: m.userId, name: m.name }))}
        userId={user.id}
        canCode={can("codings.create")}
        mayEditOthers={can("codings.updateAny")}
        countsInProject={Object.fromEntries(projectCounts)}
        readingOffset={readingOffset}
        suggestions={seesAllCodings(role, project)}
      >
        {preview.blocks.length > 0 ? (
          <>
            <DocumentReader blocks={preview.blocks} lang={doc.language} />
            {!preview.complete && <p className="mt-6 font-sans text-sm text-muted-foreground">Loading the rest of the text…</p>}
          </>
        ) : (
          <p className="text-muted-foreground">This document has no text.</p>
        )}
      </CodingWorkspace>

      <aside aria-label="About this document" className="grid gap-6 text-sm sm:grid-cols-2">
        <section aria-labelledby="details-title">
          <h3 id="details-title" className="mb-2 text-xs font-medium uppercase tracking-wide text-muted-foreground">
            Details
          </h3>
          <dl className="grid grid-cols-[8.5rem_minmax(0,1fr)] gap-x-3 gap-y-1">
            {meta.map(([term, value]) => (
              <div key={term} className="contents">
                <dt className="text-muted-foreground">{term}</dt>
                <dd className="min-w-0 [overflow-wrap:anywhere]">{value}</dd>
              </div>
            ))}
          </dl>
        </section>
        <ImportReport report={report} />
      </aside>
    </article>
  );
}
