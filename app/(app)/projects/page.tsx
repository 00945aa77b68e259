import { FileText, FolderOpen, Highlighter, Users } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/client";
import { getProjectsByUserId, type ProjectSummary } from "@/db/queries/projects";
import { ModeBadge, RoleBadge } from "@/components/projects/role-badge";
import { ImportProjectDialog } from "@/components/projects/import-project-dialog";
import { NewProjectDialog } from "@/components/projects/new-project-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { seesAllCodings } from "@/lib/permissions";
import { formatCount, formatDate } from "@/lib/ui/format";
import { requireUser } from "../current-user";

export const metadata: Metadata = { title: "Projects" };

function ProjectCard({ project }: { project: ProjectSummary }) {
  // Blind and not yet revealed: a coder does not get to see how much the others have coded.
  const stats = [
    { icon: FileText, text: formatCount(project.documentCount, "document") },
    ...(seesAllCodings(project.role, project) ? [{ icon: Highlighter, text: formatCount(project.codingCount, "coding") }] : []),
    { icon: Users, text: formatCount(project.memberCount, "member") },
  ];
  return (
    <li className="group relative flex flex-col rounded-xl border bg-card p-5 shadow-sm transition-shadow focus-within:ring-2 focus-within:ring-ring hover:shadow-md">
      <div className="flex items-start justify-between gap-3">
        <h2 className="min-w-0 text-base font-semibold leading-snug">
          <Link href={`/projects/${project.id}`} className="outline-none after:absolute after:inset-0 after:rounded-xl group-hover:underline underline-offset-4">
            {project.name}
          </Link>
        </h2>
        <RoleBadge role={project.role} className="shrink-0" />
      </div>
      {project.description && <p className="mt-1 line-clamp-2 text-sm text-muted-foreground">{project.description}</p>}
      <ul className="mt-4 flex flex-wrap gap-x-4 gap-y-1 text-sm text-muted-foreground" aria-label="Project contents">
        {stats.map(({ icon: Icon, text }) => (
          <li key={text} className="inline-flex items-center gap-1.5">
            <Icon aria-hidden className="size-3.5" />
            {text}
          </li>
        ))}
      </ul>
      <div className="mt-4 flex items-center justify-between border-t pt-3 text-xs text-muted-foreground">
        <ModeBadge mode={project.mode} revealed={project.revealed} />
        <span>Updated {formatDate(project.updatedAt)}</span>
      </div>
    </li>
  );
}

export default async function ProjectsPage() {
  const user = await requireUser("/projects");
  const projects = await getProjectsByUserId(await getDb(), { userId: user.id });
  return (
    <main className="mx-auto max-w-6xl px-4 py-8 sm:px-6 sm:py-10">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Projects</h1>
          <p className="mt-1 text-sm text-muted-foreground">
            {projects.length === 0 ? "Projects you create or are added to appear here." : formatCount(projects.length, "project")}
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          <ImportProjectDialog />
          {projects.length > 0 && <NewProjectDialog />}
        </div>
      </div>
      {projects.length === 0 ? (
        <EmptyState icon={FolderOpen} title="No projects yet" className="mt-8" action={<NewProjectDialog />}>
          Create a project to get a starter codebook and invite your coders. If a colleague adds you to their project, it will show up
          here.
        </EmptyState>
      ) : (
        <ul className="mt-6 grid gap-4 sm:grid-cols-2 lg:grid-cols-3" aria-label="Your projects">
          {projects.map((project) => (
            <ProjectCard key={project.id} project={project} />
          ))}
        </ul>
      )}
    </main>
  );
}
