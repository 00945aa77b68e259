import type { Metadata } from "next";
import { getCodesByProjectId, getCodingCountsByCode, getCodingCountsByCodeForCoder } from "@/db/queries/codes";
import { CodebookView } from "@/components/codebook/codebook-view";
import type { CodeItem } from "@/components/codebook/types";
import { seesAllCodings } from "@/lib/permissions";
import { requireProject, type ProjectPageProps } from "./load-project";

export const metadata: Metadata = { title: "Codebook" };

export default async function CodebookPage({ params }: ProjectPageProps) {
  const { projectId } = await params;
  const { db, user, project, role, can } = await requireProject(projectId);
  const codes = await getCodesByProjectId(db, { projectId: project.id });
  // Blind mode: until the owner reveals, a coder's counts cover only their own codings.
  const seesAll = seesAllCodings(role, project);
  const counts = seesAll
    ? await getCodingCountsByCode(db, { projectId: project.id })
    : await getCodingCountsByCodeForCoder(db, { projectId: project.id, coderId: user.id });
  const items: CodeItem[] = codes.map((c) => ({
    id: c.id,
    parentId: c.parentId,
    name: c.name,
    color: c.color,
    definition: c.definition,
    include: c.include,
    exclude: c.exclude,
    examples: c.examples,
    version: c.version,
    depth: c.depth,
    path: c.path,
    codingCount: counts.get(c.id) ?? 0,
  }));
  return (
    <CodebookView
      projectId={project.id}
      codes={items}
      countsHidden={!seesAll}
      permissions={{ create: can("codes.create"), update: can("codes.update"), delete: can("codes.delete") }}
    />
  );
}
