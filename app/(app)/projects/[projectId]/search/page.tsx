import { Search } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { getAttributeDefinitions } from "@/db/queries/attributes";
import { recentAutocodeRuns } from "@/db/queries/autocode";
import { AutocodeRuns } from "@/components/search/autocode-runs";
import { getCodesByProjectId } from "@/db/queries/codes";
import { getDocumentTitles } from "@/db/queries/documents";
import { AttributeValueFields, DocumentField } from "@/components/forms/filter-fields";
import { SearchResults } from "@/components/search/search-results";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Notice } from "@/components/ui/notice";
import { AppError } from "@/lib/errors";
import { can } from "@/lib/permissions";
import { SEARCH_MODES } from "@/lib/search/query";
import { searchProject, type SearchResult } from "@/lib/server/search";
import { formatCount } from "@/lib/ui/format";
import { searchQuerySchema } from "@/lib/validation/search";
import { requireProject, type ProjectPageProps } from "../load-project";

export const metadata: Metadata = { title: "Search" };

type Props = ProjectPageProps & { searchParams: Promise<Record<string, string | string[] | undefined>> };
const field = "h-9 rounded-md border bg-background px-2";
const MODE_LABELS: Record<(typeof SEARCH_MODES)[number], string> = { words: "Words (ranked)", phrase: "Exact phrase", regex: "Regular expression" };

/**
 * Search across the project's documents: words (stemmed, ranked), an exact phrase, or a regular
 * expression; hits in keyword-in-context form grouped by document, each opening the document
 * at the hit; and auto-coding of the hits (all or chosen) with a preview and one-step undo.
 */
export default async function SearchPage({ params, searchParams }: Props) {
  const { projectId } = await params;
  const { db, user, project, role } = await requireProject(projectId, "/search");
  const sp = await searchParams;
  const record: Record<string, string> = {};
  for (const [k, v] of Object.entries(sp)) if (typeof v === "string" && (v !== "" || k === "value")) record[k] = v;
  if (record.attribute === undefined) delete record.value;
  if (record.document) record.documents = record.document;
  delete record.document;
  const asked = typeof sp.q === "string";
  const parsed = asked ? searchQuerySchema.safeParse(record) : null;
  const [codes, documents, attributes, runs] = await Promise.all([
    getCodesByProjectId(db, { projectId: project.id }),
    getDocumentTitles(db, { projectId: project.id }),
    getAttributeDefinitions(db, { projectId: project.id }),
    can(role, "codings.create") ? recentAutocodeRuns(db, { projectId: project.id, coderId: user.id }) : Promise.resolve([]),
  ]);
  const codePath = (id: string) => codes.find((c) => c.id === id)?.path ?? "a deleted code";
  const when = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short" });
  let error: string | null = parsed && !parsed.success ? (parsed.error.issues[0]?.message ?? "This search is not valid.") : null;
  let result: SearchResult | null = null;
  if (parsed?.success) {
    try {
      result = await searchProject(db, {
        projectId: project.id,
        q: parsed.data.q,
        mode: parsed.data.mode,
        caseSensitive: parsed.data.case,
        documentIds: parsed.data.documents,
        attribute: parsed.data.attribute === undefined ? undefined : { name: parsed.data.attribute, value: parsed.data.value ?? "" },
      });
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      error = e.message;
    }
  }
  const q = parsed?.success ? parsed.data : null;

  return (
    <section aria-labelledby="search-title" className="grid gap-4">
      <div>
        <h2 id="search-title" className="text-lg font-semibold tracking-tight">
          Search
        </h2>
        <p className="mt-0.5 max-w-3xl text-sm text-muted-foreground">
          Find every mention of a treaty, an actor or a phrase across the documents, read each hit in context, and code the hits in one go. For likely evidence nobody
          has coded yet, see the{" "}
          <Link href={`/projects/${project.id}/suggester`} className="text-primary underline-offset-4 hover:underline">
            suggester
          </Link>
          .
        </p>
      </div>
      <form method="get" role="search" aria-label="Search the documents" className="flex flex-wrap items-end gap-3 rounded-xl border bg-card p-4 text-sm">
        <label className="grid min-w-64 flex-1 gap-1">
          <span className="font-medium">Search for</span>
          <input name="q" type="search" aria-label="Search for" defaultValue={typeof sp.q === "string" ? sp.q : ""} className={field} placeholder="e.g. non-interference, &quot;national sovereignty&quot;" required maxLength={500} autoFocus={!asked} />
        </label>
        <label className="grid gap-1">
          <span className="font-medium">Kind</span>
          <select name="mode" defaultValue={q?.mode ?? "words"} className={field} aria-label="Kind of search">
            {SEARCH_MODES.map((m) => (
              <option key={m} value={m}>
                {MODE_LABELS[m]}
              </option>
            ))}
          </select>
        </label>
        <DocumentField value={q?.documents?.length === 1 ? q.documents[0]! : ""} documents={documents} label="Document to search" />
        <AttributeValueFields attribute={q?.attribute ?? ""} value={q?.value ?? ""} attributes={attributes} />
        <label className="flex h-9 items-center gap-2">
          <input type="checkbox" name="case" value="true" defaultChecked={q?.case ?? false} className="size-4 accent-primary" />
          Match case (phrase, expression)
        </label>
        <Button type="submit">
          <Search aria-hidden />
          Search
        </Button>
      </form>
      <AutocodeRuns projectId={project.id} runs={runs.map((r) => ({ batchId: r.batchId, codeName: codePath(r.codeId), q: r.q, extent: r.extent, count: r.count, when: when.format(r.createdAt) }))} />
      {error && <Notice tone="error">{error}</Notice>}
      {!asked && (
        <EmptyState icon={Search} title="Search the documents">
          Type words to find (ranked, so “ratify” also finds “ratifying”), or choose Exact phrase or Regular expression. Every hit opens its document at the
          place; hits can then be coded in one go.
        </EmptyState>
      )}
      {result && (
        <div className="grid gap-3">
          <p className="text-sm text-muted-foreground" data-testid="search-count">
            {formatCount(result.hits.length, "hit")} in {formatCount(result.documents.length, "document")}
            {result.truncated ? ` — the first ${result.hits.length} are shown; narrow the search to see the rest` : ""}
            {result.method === "scan" && result.mode === "phrase" ? " (a phrase of common words: every text was read)" : ""}
          </p>
          {result.hits.length === 0 ? (
            <EmptyState icon={Search} title="No hits">
              Nothing in these documents matches. Try other words, fewer filters, or Words instead of Exact phrase.
            </EmptyState>
          ) : (
            <SearchResults
              projectId={project.id}
              result={result}
              query={{ q: q!.q, mode: q!.mode, case: q!.case ?? false, documents: q!.documents, attribute: q!.attribute, value: q!.value }}
              codes={codes.map((c) => ({ id: c.id, path: c.path, color: c.color }))}
              canCode={can(role, "codings.create")}
            />
          )}
        </div>
      )}
    </section>
  );
}
