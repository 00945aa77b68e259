import { addMember, getMembersByProjectId } from "@/db/queries/members";
import { memberJson } from "@/lib/api/serialize";
import { apiRoute } from "@/lib/server/guard";
import { addMemberSchema, projectParamsSchema } from "@/lib/validation/projects";

export const dynamic = "force-dynamic";

export const GET = apiRoute(
  { name: "api.members.list", access: "members.read", params: projectParamsSchema },
  async ({ db, project }) => (await getMembersByProjectId(db, { projectId: project!.id })).map(memberJson),
);

/** Adds someone who already has an account, by email, with a role. */
export const POST = apiRoute(
  { name: "api.members.add", access: "members.manage", params: projectParamsSchema, body: addMemberSchema, status: 201 },
  async ({ db, user, project }, { body }) => {
    const member = await addMember(db, { projectId: project!.id, email: body.email, role: body.role, actorId: user!.id });
    return memberJson(member);
  },
);
