import { ChevronRight } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { LiveProject } from "@/components/live/live-project";
import { PresenceAvatars } from "@/components/live/presence-avatars";
import { ProjectTabs } from "@/components/projects/project-tabs";
import { ModeBadge, RoleBadge } from "@/components/projects/role-badge";
import { loadProject } from "./load-project";

type Props = { params: Promise<{ projectId: string }>; children: React.ReactNode };

export async function generateMetadata({ params }: Omit<Props, "children">): Promise<Metadata> {
  const { projectId } = await params;
  const loaded = await loadProject(projectId);
  if (!loaded) return {};
  const { project } = loaded;
  return { title: { default: project.name, template: `%s · ${project.name} · Qualcode` } };
}

export default async function ProjectLayout({ params, children }: Props) {
  const { projectId } = await params;
  const loaded = await loadProject(projectId);
  // Signed out: the page redirects to sign-in with its own path (see app/(app)/layout.tsx).
  if (!loaded) return children;
  const { project, role, user } = loaded;
  return (
    <LiveProject projectId={project.id} userId={user.id}>
      <div className="border-b bg-card print:hidden">
        <div className="mx-auto max-w-6xl px-4 pt-5 sm:px-6">
          <nav aria-label="Breadcrumb" className="text-sm text-muted-foreground">
            <ol className="flex items-center gap-1">
              <li>
                <Link href="/projects" className="hover:text-foreground hover:underline underline-offset-4">
                  Projects
                </Link>
              </li>
              <li aria-hidden>
                <ChevronRight className="size-3.5" />
              </li>
              <li aria-current="page" className="truncate text-foreground">
                {project.name}
              </li>
            </ol>
          </nav>
          <div className="mt-2 flex flex-wrap items-center gap-x-3 gap-y-2">
            <h1 className="text-2xl font-semibold tracking-tight">{project.name}</h1>
            <div className="flex items-center gap-1.5">
              <ModeBadge mode={project.mode} revealed={project.revealed} />
              <RoleBadge role={role} />
            </div>
            <PresenceAvatars className="ml-auto" label="Also in this project" />
          </div>
          <ProjectTabs projectId={project.id} />
        </div>
      </div>
      <main className="mx-auto max-w-6xl px-4 py-8 sm:px-6 print:max-w-none print:p-0">{children}</main>
    </LiveProject>
  );
}
