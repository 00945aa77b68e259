"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { assignImportedCoder } from "@/db/queries/imported-coders";
import { addMember, removeMember, updateMemberRole } from "@/db/queries/members";
import { projectAction } from "@/lib/server/guard";
import { addMemberSchema, roleSchema } from "@/lib/validation/projects";

const memberRef = z.object({ projectId: z.string(), userId: z.string().uuid("That person is not a member of this project.") });

function refresh() {
  revalidatePath("/projects/[projectId]", "layout");
  revalidatePath("/projects");
}

export const addMemberAction = projectAction(
  "members.add",
  "members.manage",
  addMemberSchema.extend({ projectId: z.string() }),
  async ({ db, user, project }, { email, role }) => {
    const member = await addMember(db, { projectId: project.id, email, role, actorId: user.id });
    refresh();
    return { userId: member.userId, name: member.name, role: member.role };
  },
);

export const updateMemberRoleAction = projectAction(
  "members.updateRole",
  "members.manage",
  memberRef.extend({ role: roleSchema }),
  async ({ db, user, project }, { userId, role }) => {
    await updateMemberRole(db, { projectId: project.id, userId, role, actorId: user.id });
    refresh();
    // Demoting yourself changes what this page may show you.
    return { self: userId === user.id };
  },
);

export const removeMemberAction = projectAction("members.remove", "members.manage", memberRef, async ({ db, user, project }, { userId }) => {
  await removeMember(db, { projectId: project.id, userId, actorId: user.id });
  const self = userId === user.id;
  // Someone who left cannot see this page any more; the client takes them to their projects.
  if (!self) refresh();
  return { self };
});

/** Hands an imported coder's codings (from a .qdpx) to a member: owner only. */
export const assignImportedCoderAction = projectAction(
  "members.assignImported",
  "members.manage",
  z.object({ projectId: z.string(), importedId: z.string().uuid("That imported coder does not exist."), memberId: z.string().uuid("Choose a member of this project.") }),
  async ({ db, user, project }, { importedId, memberId }) => {
    const moved = await assignImportedCoder(db, { projectId: project.id, actorId: user.id, importedId, memberId });
    refresh();
    return { moved };
  },
);
