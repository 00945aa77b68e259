import type { Metadata } from "next";
import { ProjectSettingsView } from "@/components/project-settings/project-settings-view";
import { requireProject, type ProjectPageProps } from "../load-project";

export const metadata: Metadata = { title: "Settings" };

export default async function ProjectSettingsPage({ params }: ProjectPageProps) {
  const { projectId } = await params;
  const { project, can } = await requireProject(projectId, "/settings");
  return (
    <ProjectSettingsView
      project={{ id: project.id, name: project.name, description: project.description, mode: project.mode, revealed: project.revealed }}
      permissions={{ rename: can("project.rename"), setMode: can("project.setMode"), reveal: can("project.reveal"), delete: can("project.delete") }}
    />
  );
}
