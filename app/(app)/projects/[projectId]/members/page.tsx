import type { Metadata } from "next";
import { getMembersByProjectId } from "@/db/queries/members";
import { getImportedCoders } from "@/db/queries/imported-coders";
import { ImportedCoders } from "@/components/members/imported-coders";
import { MembersView } from "@/components/members/members-view";
import { requireProject, type ProjectPageProps } from "../load-project";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage({ params }: ProjectPageProps) {
  const { projectId } = await params;
  const { db, user, project, can } = await requireProject(projectId, "/members");
  const members = await getMembersByProjectId(db, { projectId: project.id });
  const imported = can("members.manage") ? await getImportedCoders(db, { projectId: project.id }) : [];
  return (
    <>
    <MembersView
      projectId={project.id}
      currentUserId={user.id}
      canManage={can("members.manage")}
      members={members.map((m) => ({ userId: m.userId, name: m.name, email: m.email ?? "", role: m.role, joinedAt: m.createdAt.toISOString() }))}
    />
    <ImportedCoders projectId={project.id} coders={imported} members={members.filter((m) => m.role !== "viewer").map((m) => ({ userId: m.userId, name: m.name }))} />
    </>
  );
}
