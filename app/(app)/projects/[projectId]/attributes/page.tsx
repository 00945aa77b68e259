import { Table2 } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { getAttributeDefinitions, getAttributeValuesByDocumentIds } from "@/db/queries/attributes";
import { getDocumentsPage } from "@/db/queries/documents";
import { AttributeDefinitions } from "@/components/documents/attribute-definitions";
import { AttributeTable } from "@/components/documents/attribute-table";
import { Pagination } from "@/components/documents/document-table";
import { PAGE_SIZE, parseListParams, type RawSearchParams } from "@/components/documents/list-params";
import { EmptyState } from "@/components/ui/empty-state";
import { requireProject, type ProjectPageProps } from "../load-project";

export const metadata: Metadata = { title: "Attributes" };

type Props = ProjectPageProps & { searchParams: Promise<RawSearchParams> };

export default async function AttributesPage({ params, searchParams }: Props) {
  const { projectId } = await params;
  const { db, project, can } = await requireProject(projectId, "/attributes");
  const base = `/projects/${project.id}/attributes`;
  const definitions = await getAttributeDefinitions(db, { projectId: project.id });
  // Documents in title order, 50 at a time; the counts are not shown here, so no coder filter.
  const list = { ...parseListParams(await searchParams, new Set()), sort: "title" as const, dir: "asc" as const };
  const { rows, total } = await getDocumentsPage(db, { projectId: project.id, sort: "title", direction: "asc", limit: PAGE_SIZE, offset: (list.page - 1) * PAGE_SIZE });
  const values = await getAttributeValuesByDocumentIds(db, { projectId: project.id, documentIds: rows.map((r) => r.id) });
  const attributes = definitions.map((d) => ({ id: d.id, name: d.name, type: d.type, choices: d.choices }));

  return (
    <section aria-labelledby="attributes-title" className="grid gap-6">
      <div>
        <h2 id="attributes-title" className="text-lg font-semibold tracking-tight">
          Attributes
        </h2>
        <p className="mt-0.5 text-sm text-muted-foreground">
          Describe documents with typed values, then filter and sort the{" "}
          <Link href={`/projects/${project.id}/documents`} className="underline underline-offset-4">
            document list
          </Link>{" "}
          by them.
        </p>
      </div>
      <AttributeDefinitions projectId={project.id} attributes={attributes} canManage={can("attributes.manage")} />
      {attributes.length === 0 ? null : total === 0 ? (
        <EmptyState icon={Table2} title="No documents yet">
          Add documents on the Documents tab; their attribute values can then be filled in here.
        </EmptyState>
      ) : (
        <>
          <AttributeTable
            key={`${list.page}`}
            projectId={project.id}
            attributes={attributes}
            rows={rows.map((r) => ({ id: r.id, title: r.title, values: values.get(r.id) ?? {} }))}
            editable={can("documents.update")}
          />
          <Pagination base={base} params={list} total={total} pageSize={PAGE_SIZE} />
        </>
      )}
    </section>
  );
}
