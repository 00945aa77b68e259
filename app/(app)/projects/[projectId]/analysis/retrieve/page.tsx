import { ArrowLeft, Search } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { getDocumentTexts } from "@/db/queries/agreement";
import { getAttributeDefinitions } from "@/db/queries/attributes";
import { getCodesByProjectId } from "@/db/queries/codes";
import { getDocumentTitles } from "@/db/queries/documents";
import { getMembersByProjectId } from "@/db/queries/members";
import { retrievePassages } from "@/db/queries/retrieval";
import { listSavedQueries } from "@/db/queries/saved-queries";
import { PassageList } from "@/components/analysis/passage-list";
import { AttributeValueFields, CoderField, DocumentField } from "@/components/forms/filter-fields";
import { SavedQueries } from "@/components/analysis/saved-queries";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Notice } from "@/components/ui/notice";
import { AppError } from "@/lib/errors";
import { can, seesAllCodings } from "@/lib/permissions";
import { describeQuery, MAX_SENTENCE_DISTANCE, queryToParams, RETRIEVAL_SORTS, SORT_LABELS, type RetrievalQuery } from "@/lib/retrieval/query";
import { layerFor } from "@/lib/server/aggregates";
import { formatCount } from "@/lib/ui/format";
import { parseRetrievalParams, retrievalQuerySchema } from "@/lib/validation/retrieval";
import { requireProject, type ProjectPageProps } from "../../load-project";

export const metadata: Metadata = { title: "Retrieve passages" };

type Props = ProjectPageProps & { searchParams: Promise<Record<string, string | string[] | undefined>> };
const select = "h-9 rounded-md border bg-background px-2";

/**
 * Evidence retrieval: every passage of a code, or of a query combining two (AND, NOT, NEAR),
 * filtered by document, attribute value, coder and layer, in keyword-in-context form, sortable,
 * each one link away from its place in the document. Queries can be saved and reopened.
 */
export default async function RetrievePage({ params, searchParams }: Props) {
  const { projectId } = await params;
  const { db, user, project, role } = await requireProject(projectId, "/analysis");
  const sp = await searchParams;
  const [codes, members, documents, attributes, saved] = await Promise.all([
    getCodesByProjectId(db, { projectId: project.id }),
    getMembersByProjectId(db, { projectId: project.id }),
    getDocumentTitles(db, { projectId: project.id }),
    getAttributeDefinitions(db, { projectId: project.id }),
    listSavedQueries(db, { projectId: project.id }),
  ]);
  const seesAll = seesAllCodings(role, project);
  const nameOf = (id: string) => codes.find((c) => c.id === id)?.path ?? "a deleted code";
  const base = `/projects/${project.id}/analysis/retrieve`;

  const asked = typeof sp.a === "string" && sp.a !== "";
  const parsed = asked ? parseRetrievalParams(sp) : null;
  let error: string | null = parsed && !parsed.success ? (parsed.error.issues[0]?.message ?? "This query is not valid.") : null;
  const query: RetrievalQuery | null = parsed?.success ? parsed.data : null;
  let found: Awaited<ReturnType<typeof retrievePassages>> | null = null;
  if (query) {
    try {
      for (const id of [query.a, query.b]) if (id && !codes.some((c) => c.id === id)) throw new AppError("bad_request", "That code does not exist in this project.");
      found = await retrievePassages(db, { projectId: project.id, layer: layerFor({ user, project, role }, query.layer), query });
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      error = e.message;
    }
  }
  const texts = found ? await getDocumentTexts(db, { projectId: project.id, documentIds: [...new Set(found.passages.map((p) => p.documentId))] }) : new Map<string, string>();
  const two = query && query.op !== "only";
  const savedItems = saved.flatMap((s) => {
    const q = retrievalQuerySchema.safeParse(s.query);
    if (!q.success) return [];
    return [{ id: s.id, name: s.name, href: `${base}?${queryToParams(q.data)}`, description: describeQuery(q.data, nameOf), createdByName: s.createdByName, canDelete: can(role, "queries.save") && (role === "owner" || s.createdBy === user.id) }];
  });

  return (
    <section aria-labelledby="retrieve-title" className="grid gap-4">
      <div>
        <Link href={`/projects/${project.id}/analysis`} className="inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
          <ArrowLeft aria-hidden className="size-4" /> Back to the matrices
        </Link>
        <h2 id="retrieve-title" className="mt-2 text-lg font-semibold tracking-tight">
          Retrieve passages
        </h2>
        <p className="mt-0.5 max-w-3xl text-sm text-muted-foreground">
          Every passage of a code, or of two codes together: A AND B (overlapping, in the same paragraph or document), A NOT B, or A NEAR B within a number of
          sentences.
        </p>
      </div>
      <div className="grid gap-4 lg:grid-cols-[1fr_18rem]">
        <form method="get" action={base} className="flex flex-wrap items-end gap-3 rounded-xl border bg-card p-4 text-sm" aria-label="Query">
          <label className="grid gap-1">
            <span className="font-medium">Code A</span>
            <select name="a" defaultValue={query?.a ?? (typeof sp.a === "string" ? sp.a : "")} className={select} required>
              <option value="" disabled>
                Choose a code
              </option>
              {codes.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.path}
                </option>
              ))}
            </select>
          </label>
          <label className="grid gap-1">
            <span className="font-medium">Find</span>
            <select name="op" defaultValue={query?.op ?? "only"} className={select}>
              <option value="only">Every passage of A</option>
              <option value="and">A AND B</option>
              <option value="not">A NOT B</option>
              <option value="near">A NEAR B</option>
            </select>
          </label>
          <label className="grid gap-1">
            <span className="font-medium">Code B</span>
            <select name="b" defaultValue={query?.b ?? ""} className={select}>
              <option value="">—</option>
              {codes.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.path}
                </option>
              ))}
            </select>
          </label>
          <label className="grid gap-1">
            <span className="font-medium">Together (AND, NOT)</span>
            <select name="scope" defaultValue={query?.scope ?? "paragraph"} className={select}>
              <option value="overlap">Overlapping passages</option>
              <option value="paragraph">Same paragraph</option>
              <option value="document">Same document</option>
            </select>
          </label>
          <label className="grid gap-1">
            <span className="font-medium">Sentences apart (NEAR)</span>
            <input type="number" name="within" min={0} max={MAX_SENTENCE_DISTANCE} defaultValue={query?.within ?? 1} className={`${select} w-24`} />
          </label>
          {seesAll && (
            <label className="grid gap-1">
              <span className="font-medium">Codings of</span>
              <select name="layer" defaultValue={query?.layer ?? "all"} className={select}>
                <option value="all">All coders</option>
                <option value="consensus">The consensus layer</option>
              </select>
            </label>
          )}
          {seesAll && <CoderField name="coder" value={query?.coder ?? ""} members={members} />}
          <DocumentField value={query?.document ?? ""} documents={documents} />
          <AttributeValueFields attribute={query?.attribute ?? ""} value={query?.value ?? ""} attributes={attributes} />
          <label className="grid gap-1">
            <span className="font-medium">Sort by</span>
            <select name="sort" defaultValue={query?.sort ?? "document"} className={select}>
              {RETRIEVAL_SORTS.map((s) => (
                <option key={s} value={s}>
                  {SORT_LABELS[s]}
                </option>
              ))}
            </select>
          </label>
          <label className="flex h-9 items-center gap-2">
            <input type="checkbox" name="rollup" value="true" defaultChecked={query?.rollup ?? false} className="size-4 accent-primary" />
            Include sub-codes
          </label>
          <Button type="submit">
            <Search aria-hidden />
            Find passages
          </Button>
        </form>
        <SavedQueries projectId={project.id} query={query ? Object.fromEntries(queryToParams(query)) : null} items={savedItems} canSave={can(role, "queries.save")} />
      </div>
      {!seesAll && <Notice>This project is blind: you retrieve your own codings until the owner reveals everyone&apos;s.</Notice>}
      {error && <Notice tone="error">{error}</Notice>}
      {!asked && (
        <EmptyState icon={Search} title="Ask for evidence">
          Choose code A — and, to combine two codes, an operator and code B — then Find passages. Every passage opens in its document.
        </EmptyState>
      )}
      {query && found && (
        <div className="grid gap-3">
          <div>
            <h3 className="font-semibold" data-testid="query-description">
              {describeQuery(query, nameOf)}
            </h3>
            <p className="text-sm text-muted-foreground" data-testid="passage-count">
              {formatCount(found.total, "passage")}
              {found.total > found.passages.length ? `; the first ${found.passages.length} are shown` : ""}
              {two && query.op !== "not" ? ` — A: “${nameOf(query.a)}”, B: “${nameOf(query.b!)}”` : ""}
            </p>
          </div>
          {found.total === 0 ? (
            <EmptyState icon={Search} title="No passages match">
              Nothing coded matches this query in this layer. Widen it: another scope, more sentences, or fewer filters.
            </EmptyState>
          ) : (
            <PassageList projectId={project.id} passages={found.passages.map((p) => ({ ...p, tag: two && query.op !== "not" ? p.side.toUpperCase() : undefined }))} texts={texts} />
          )}
        </div>
      )}
    </section>
  );
}
