import type { Metadata } from "next";
import { getCodesByProjectId } from "@/db/queries/codes";
import { getCodingCountsByCodeAndCoder, getDocumentCountsByCode } from "@/db/queries/codings";
import { getMembersByProjectId } from "@/db/queries/members";
import { toCodeItems } from "@/components/codebook/code-items";
import { CodebookView } from "@/components/codebook/codebook-view";
import { ImportCodebookDialog } from "@/components/codebook/import-codebook-dialog";
import { seesAllCodings } from "@/lib/permissions";
import { requireProject, type ProjectPageProps } from "./load-project";

export const metadata: Metadata = { title: "Codebook" };

export default async function CodebookPage({ params }: ProjectPageProps) {
  const { projectId } = await params;
  const { db, user, project, role, can } = await requireProject(projectId);
  // Blind mode: until the owner reveals, a coder's counts cover only their own codings.
  const seesAll = seesAllCodings(role, project);
  const onlyCoderId = seesAll ? undefined : user.id;
  const [codes, coderCounts, documentCounts, members] = await Promise.all([
    getCodesByProjectId(db, { projectId: project.id }),
    getCodingCountsByCodeAndCoder(db, { projectId: project.id, onlyCoderId }),
    getDocumentCountsByCode(db, { projectId: project.id, onlyCoderId }),
    getMembersByProjectId(db, { projectId: project.id }),
  ]);
  const codingCounts = new Map<string, number>();
  for (const { codeId, n } of coderCounts) codingCounts.set(codeId, (codingCounts.get(codeId) ?? 0) + n);
  // The coder filter lists those who code (and anyone whose codings are counted).
  const coderIds = new Set(coderCounts.map((c) => c.coderId));
  const coders = members.filter((m) => m.role !== "viewer" || coderIds.has(m.userId)).filter((m) => seesAll || m.userId === user.id);

  return (
    <>
      {can("codes.merge") && (
        <div className="mb-3 flex justify-end">
          <ImportCodebookDialog projectId={project.id} />
        </div>
      )}
      <CodebookView
      projectId={project.id}
      codes={toCodeItems(codes, { codings: codingCounts, documents: documentCounts })}
      countsHidden={!seesAll}
      coders={coders.map((m) => ({ id: m.userId, name: m.userId === user.id ? `${m.name} (you)` : m.name }))}
      coderCounts={coderCounts}
      permissions={{
        create: can("codes.create"),
        update: can("codes.update"),
        delete: can("codes.delete"),
        merge: can("codes.merge"),
        memos: can("memos.write"),
      }}
    />
    </>
  );
}
