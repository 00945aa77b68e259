import { getMemberByUserId, removeMember, updateMemberRole } from "@/db/queries/members";
import { memberJson } from "@/lib/api/serialize";
import { AppError } from "@/lib/errors";
import { apiRoute } from "@/lib/server/guard";
import { memberParamsSchema, updateMemberSchema } from "@/lib/validation/projects";

export const dynamic = "force-dynamic";

/** Changes a member's role; the last owner cannot be demoted (409). */
export const PATCH = apiRoute(
  { name: "api.members.update", access: "members.manage", params: memberParamsSchema, body: updateMemberSchema },
  async ({ db, user, project }, { params, body }) => {
    await updateMemberRole(db, { projectId: project!.id, userId: params.userId, role: body.role, actorId: user!.id });
    const member = await getMemberByUserId(db, { projectId: project!.id, userId: params.userId });
    if (!member) throw new AppError("not_found", "That person is not a member of this project.");
    return memberJson(member);
  },
);

/** Removes a member; the last owner cannot be removed (409). */
export const DELETE = apiRoute(
  { name: "api.members.remove", access: "members.manage", params: memberParamsSchema },
  async ({ db, user, project }, { params }) => {
    await removeMember(db, { projectId: project!.id, userId: params.userId, actorId: user!.id });
    return undefined;
  },
);
