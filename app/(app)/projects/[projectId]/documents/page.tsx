import { FileText, SearchX } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { getAttributeDefinitions, getAttributeValuesByDocumentIds } from "@/db/queries/attributes";
import { getDocumentsPage } from "@/db/queries/documents";
import { DocumentFilters } from "@/components/documents/document-filters";
import { DocumentTable, Pagination, type DocumentRow } from "@/components/documents/document-table";
import { listHref, PAGE_SIZE, parseListParams, type RawSearchParams } from "@/components/documents/list-params";
import { UploadPanel } from "@/components/documents/upload-panel";
import { EmptyState } from "@/components/ui/empty-state";
import { Notice } from "@/components/ui/notice";
import { parseAttributeValue } from "@/lib/attributes/values";
import { getEnv } from "@/lib/config/env";
import { seesAllCodings } from "@/lib/permissions";
import { formatCount } from "@/lib/ui/format";
import { requireProject, type ProjectPageProps } from "../load-project";

export const metadata: Metadata = { title: "Documents" };

type Props = ProjectPageProps & { searchParams: Promise<RawSearchParams> };

export default async function DocumentsPage({ params, searchParams }: Props) {
  const { projectId } = await params;
  const { db, user, project, role, can } = await requireProject(projectId, "/documents");
  const base = `/projects/${project.id}/documents`;
  const definitions = await getAttributeDefinitions(db, { projectId: project.id });
  const list = parseListParams(await searchParams, new Set(definitions.map((d) => d.id)));

  // Attribute filters compare canonical values ("Yes" → "yes", "1,000" → "1000"); a value that
  // cannot be one of the attribute's values says why instead of silently matching nothing.
  const attributeFilters: Record<string, string> = {};
  const filterProblems: string[] = [];
  for (const [id, raw] of Object.entries(list.attrs)) {
    const def = definitions.find((d) => d.id === id)!;
    const parsed = parseAttributeValue(def, raw);
    if (!parsed.ok) filterProblems.push(parsed.message);
    else if (parsed.value) attributeFilters[id] = parsed.value.valueText;
  }

  // Blind mode: until the owner reveals, a coder's counts cover only their own codings.
  const seesAll = seesAllCodings(role, project);
  const { rows, total } = await getDocumentsPage(db, {
    projectId: project.id,
    onlyCoderId: seesAll ? undefined : user.id,
    search: list.q || undefined,
    sourceType: list.type ?? undefined,
    attributes: attributeFilters,
    sort: list.sort,
    direction: list.dir,
    limit: PAGE_SIZE,
    offset: (list.page - 1) * PAGE_SIZE,
  });
  const values = await getAttributeValuesByDocumentIds(db, { projectId: project.id, documentIds: rows.map((r) => r.id) });
  const items: DocumentRow[] = rows.map((r) => ({
    id: r.id,
    title: r.title,
    author: r.author,
    sourceType: r.sourceType,
    publishedOn: r.publishedOn,
    createdAt: r.createdAt.toISOString(),
    codingCount: r.codingCount,
    attributes: values.get(r.id) ?? {},
  }));
  const filtered = Boolean(list.q || list.type || Object.keys(list.attrs).length > 0);
  const canImport = can("documents.import");
  const lastPage = Math.max(1, Math.ceil(total / PAGE_SIZE));

  return (
    <section aria-labelledby="documents-title" className="grid gap-6">
      <div>
        <h2 id="documents-title" className="text-lg font-semibold tracking-tight">
          Documents
        </h2>
        <p className="mt-0.5 text-sm text-muted-foreground">
          {filtered ? `${formatCount(total, "document")} match` : formatCount(total, "document")}
          {!seesAll && " · coding counts show only your own codings until the owner reveals"}
          {!canImport && " · your role can read documents but not add them"}
        </p>
      </div>

      {canImport && <UploadPanel projectId={project.id} maxBytes={getEnv().MAX_UPLOAD_MB * 1024 * 1024} compact={total > 0 || filtered} />}

      {total === 0 && !filtered ? (
        <EmptyState icon={FileText} title="No documents yet">
          {canImport
            ? "Drop PDF, Word, HTML, Markdown or text files in the box above — several at once — or choose them, or paste text. Each is read into plain text with its headings, paragraphs and pages, ready to code."
            : "The project's owner or coders add documents here. Once they do, you can read them."}
        </EmptyState>
      ) : (
        <div className="grid gap-3">
          <DocumentFilters
            key={`${list.q}|${list.type}|${Object.values(list.attrs).join("|")}`}
            base={base}
            params={list}
            attributes={definitions.map((d) => ({ id: d.id, name: d.name, type: d.type, choices: d.choices }))}
          />
          {filterProblems.map((message) => (
            <Notice key={message} tone="error">
              {message}
            </Notice>
          ))}
          {rows.length === 0 ? (
            <EmptyState icon={SearchX} title={total > 0 ? "No documents on this page" : "No documents match"}>
              {total > 0 ? (
                <Link className="underline underline-offset-4" href={listHref(base, list, { page: lastPage })}>
                  Go to the last page ({lastPage})
                </Link>
              ) : (
                <>
                  Try another search, or{" "}
                  <Link className="underline underline-offset-4" href={base}>
                    show all documents
                  </Link>
                  .
                </>
              )}
            </EmptyState>
          ) : (
            <DocumentTable
              projectId={project.id}
              base={base}
              params={list}
              rows={items}
              attributes={definitions.map((d) => ({ id: d.id, name: d.name }))}
              ownCodingsOnly={!seesAll}
              canDelete={can("documents.delete")}
            />
          )}
          <Pagination base={base} params={list} total={total} pageSize={PAGE_SIZE} />
        </div>
      )}
    </section>
  );
}
