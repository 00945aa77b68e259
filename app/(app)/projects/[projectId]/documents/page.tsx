import { FileText } from "lucide-react";
import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { requireProject, type ProjectPageProps } from "../load-project";

export const metadata: Metadata = { title: "Documents" };

export default async function DocumentsPage({ params }: ProjectPageProps) {
  const { projectId } = await params;
  await requireProject(projectId, "/documents");
  return (
    <section aria-labelledby="documents-title">
      <h2 id="documents-title" className="text-lg font-semibold tracking-tight">
        Documents
      </h2>
      <p className="mt-0.5 text-sm text-muted-foreground">The sources your team codes.</p>
      <EmptyState icon={FileText} title="No documents yet" className="mt-5">
        This project has no documents. Once documents are added, they are listed here with their source type, date and author.
      </EmptyState>
    </section>
  );
}
