import { Activity } from "lucide-react";
import type { Metadata } from "next";
import { getActivity } from "@/db/queries/activity";
import { getDocumentsPage } from "@/db/queries/documents";
import { getMembersByProjectId } from "@/db/queries/members";
import { ActivityFeed } from "@/components/activity/activity-feed";
import { ActivityFilters } from "@/components/activity/activity-filters";
import type { ActivityFilterValues } from "@/components/activity/types";
import { EmptyState } from "@/components/ui/empty-state";
import { ENTITY_TYPES } from "@/lib/events/describe";
import { seesAllCodings } from "@/lib/permissions";
import { requireProject, type ProjectPageProps } from "../load-project";
import { toActivityItems } from "./entry-view";

export const metadata: Metadata = { title: "Activity" };

type Props = ProjectPageProps & { searchParams: Promise<Record<string, string | string[] | undefined>> };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** The filter as the URL has it; anything that is not a valid value is ignored. */
function parseFilter(params: Record<string, string | string[] | undefined>): ActivityFilterValues {
  const actor = one(params.actor);
  const what = one(params.what);
  const document = one(params.document);
  return {
    actorId: actor && UUID.test(actor) ? actor : undefined,
    entityType: ENTITY_TYPES.find((t) => t === what),
    documentId: document && UUID.test(document) ? document : undefined,
  };
}

export default async function ActivityPage({ params, searchParams }: Props) {
  const { projectId } = await params;
  const { db, user, project, role, can } = await requireProject(projectId, "/activity");
  const filter = parseFilter(await searchParams);
  const seesAll = seesAllCodings(role, project);
  const [page, members, documents] = await Promise.all([
    getActivity(db, { projectId: project.id, viewer: { userId: user.id, seesAll }, ...filter }),
    getMembersByProjectId(db, { projectId: project.id }),
    getDocumentsPage(db, { projectId: project.id, onlyCoderId: seesAll ? undefined : user.id, sort: "title", direction: "asc", limit: 500 }),
  ]);
  const { items, names } = await toActivityItems(db, project.id, page.entries);
  const documentOptions = documents.rows.map((d) => ({ id: d.id, title: d.title }));
  // A filtered document beyond the list's first 500 still shows as chosen.
  if (filter.documentId && !documentOptions.some((d) => d.id === filter.documentId)) {
    documentOptions.unshift({ id: filter.documentId, title: names.documents?.[filter.documentId] ?? names.goneDocuments?.[filter.documentId] ?? "The chosen document" });
  }
  const base = `/projects/${project.id}/activity`;
  const filtered = Object.values(filter).some(Boolean);

  return (
    <section aria-labelledby="activity-title" className="grid gap-5">
      <div>
        <h2 id="activity-title" className="text-lg font-semibold tracking-tight">
          Activity
        </h2>
        <p className="mt-0.5 text-sm text-muted-foreground">
          Every change to the project, newest first: who did what, and when. Open a coding’s history to see each version of it
          {can("codings.restore") ? ", and restore it if it was deleted." : "."}
          {!seesAll && " Other coders’ codings show once the owner reveals."}
        </p>
      </div>
      <ActivityFilters
        action={base}
        values={filter}
        people={members.map((m) => ({ id: m.userId, name: m.userId === user.id ? `${m.name} (you)` : m.name }))}
        documents={documentOptions}
      />
      {items.length === 0 ? (
        <EmptyState icon={Activity} title={filtered ? "Nothing matches these filters" : "No activity yet"}>
          {filtered
            ? "Try another person, kind of change or document, or clear the filters."
            : "Importing documents, editing the codebook and coding passages all show up here."}
        </EmptyState>
      ) : (
        // Keyed by the filter: a new filter starts a new list instead of appending to the old one.
        <ActivityFeed key={JSON.stringify(filter)} projectId={project.id} filter={filter} initialItems={items} initialNextBefore={page.nextBefore} />
      )}
    </section>
  );
}
