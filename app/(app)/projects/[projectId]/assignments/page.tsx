import { ClipboardList, FileText } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { AssignDialog } from "@/components/assignments/assign-dialog";
import { DocumentAssignments, SampleList } from "@/components/assignments/document-assignments";
import { MyQueue } from "@/components/assignments/my-queue";
import { ProgressTable } from "@/components/assignments/progress-table";
import { SampleDialog } from "@/components/assignments/sample-dialog";
import type { AssignmentItem } from "@/components/assignments/types";
import { EmptyState } from "@/components/ui/empty-state";
import { getAssignableDocuments, getAssignmentProgress, getAssignments, type AssignmentRow } from "@/db/queries/assignments";
import { getAttributeDefinitions } from "@/db/queries/attributes";
import { getMembersByProjectId } from "@/db/queries/members";
import { formatCount } from "@/lib/ui/format";
import { requireProject, type ProjectPageProps } from "../load-project";

export const metadata: Metadata = { title: "Assignments" };

const item = (a: AssignmentRow): AssignmentItem => ({
  documentId: a.documentId,
  title: a.title,
  userId: a.userId,
  userName: a.userName,
  sample: a.sample,
  doneAt: a.doneAt?.toISOString() ?? null,
  codingCount: a.codingCount,
});

function Heading({ children, id }: { children: React.ReactNode; id: string }) {
  return (
    <h3 id={id} className="text-base font-semibold tracking-tight">
      {children}
    </h3>
  );
}

export default async function AssignmentsPage({ params }: ProjectPageProps) {
  const { projectId } = await params;
  const { db, user, project, can } = await requireProject(projectId, "/assignments");
  const manage = can("assignments.manage");
  const complete = can("assignments.complete");
  const all = manage ? await getAssignments(db, { projectId: project.id }) : [];
  const mine = manage ? all.filter((a) => a.userId === user.id) : await getAssignments(db, { projectId: project.id, userId: user.id });

  if (!manage) {
    return (
      <section aria-labelledby="assignments-title" className="grid gap-6">
        <div>
          <h2 id="assignments-title" className="text-lg font-semibold tracking-tight">
            My queue
          </h2>
          <p className="mt-0.5 text-sm text-muted-foreground">
            {complete ? "The documents the project's owner asked you to code." : "Viewers are not assigned documents; this page lists what is assigned to you."}
          </p>
        </div>
        <MyQueue projectId={project.id} items={mine.map(item)} canComplete={complete} />
      </section>
    );
  }

  const [progress, documents, members, attributes] = await Promise.all([
    getAssignmentProgress(db, { projectId: project.id }),
    getAssignableDocuments(db, { projectId: project.id }),
    getMembersByProjectId(db, { projectId: project.id }),
    getAttributeDefinitions(db, { projectId: project.id }),
  ]);
  const coders = members.filter((m) => m.role !== "viewer").map((m) => ({ userId: m.userId, name: m.name, role: m.role }));
  const samples = new Map<string, { label: string; assignments: number; documents: Set<string> }>();
  for (const a of all) {
    if (!a.sample) continue;
    const s = samples.get(a.sample) ?? { label: a.sample, assignments: 0, documents: new Set<string>() };
    s.assignments += 1;
    s.documents.add(a.documentId);
    samples.set(a.sample, s);
  }
  const assignedDocuments = new Set(all.map((a) => a.documentId)).size;
  const base = `/projects/${project.id}`;

  return (
    <section aria-labelledby="assignments-title" className="grid gap-8">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 id="assignments-title" className="text-lg font-semibold tracking-tight">
            Assignments
          </h2>
          <p className="mt-0.5 text-sm text-muted-foreground">
            {formatCount(all.length, "assignment")} · {assignedDocuments} of {formatCount(documents.length, "document")} assigned
          </p>
        </div>
        {documents.length > 0 && (
          <div className="flex flex-wrap gap-2">
            <AssignDialog projectId={project.id} documents={documents} coders={coders} />
            <SampleDialog projectId={project.id} coders={coders} documentCount={documents.length} attributes={attributes.map((a) => ({ id: a.id, name: a.name }))} />
          </div>
        )}
      </div>

      {documents.length === 0 ? (
        <EmptyState icon={FileText} title="No documents to assign yet">
          Import documents on the{" "}
          <Link className="underline underline-offset-4" href={`${base}/documents`}>
            Documents
          </Link>{" "}
          tab first; then assign them to coders here, or draw a reproducible sample for double coding.
        </EmptyState>
      ) : all.length === 0 ? (
        <EmptyState icon={ClipboardList} title="No assignments yet">
          Use <strong>Assign documents</strong> to give chosen documents to chosen coders, or <strong>Draw a sample</strong> to pick a random share
          for several coders each — the usual set-up for an agreement study.
          {coders.length < 2 && (
            <>
              {" "}
              You will need coders:{" "}
              <Link className="underline underline-offset-4" href={`${base}/members`}>
                add them on the Members tab
              </Link>
              .
            </>
          )}
        </EmptyState>
      ) : (
        <>
          <section aria-labelledby="progress-title" className="grid gap-3">
            <Heading id="progress-title">Progress</Heading>
            <ProgressTable rows={progress} />
            <p className="text-xs text-muted-foreground">
              Started: the coder has at least one coding of their own in the document. Done: they marked it done in their queue.
            </p>
          </section>
          {samples.size > 0 && (
            <section aria-labelledby="samples-title" className="grid gap-3">
              <Heading id="samples-title">Samples</Heading>
              <SampleList projectId={project.id} samples={[...samples.values()].map((s) => ({ label: s.label, assignments: s.assignments, documents: s.documents.size }))} />
            </section>
          )}
          <section aria-labelledby="documents-title" className="grid gap-3">
            <Heading id="documents-title">Who codes what</Heading>
            <DocumentAssignments projectId={project.id} items={all.map(item)} />
          </section>
        </>
      )}

      {mine.length > 0 && (
        <section aria-labelledby="queue-title" className="grid gap-3">
          <Heading id="queue-title">My queue</Heading>
          <MyQueue projectId={project.id} items={mine.map(item)} canComplete={complete} />
        </section>
      )}
    </section>
  );
}
