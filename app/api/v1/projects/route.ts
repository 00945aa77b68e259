import { createProject, getProjectsByUserId } from "@/db/queries/projects";
import { projectJson, projectSummaryJson } from "@/lib/api/serialize";
import { apiRoute } from "@/lib/server/guard";
import { createProjectSchema } from "@/lib/validation/projects";

export const dynamic = "force-dynamic";

/** The projects the user belongs to, newest first, with their role and counts. */
export const GET = apiRoute({ name: "api.projects.list", access: "account" }, async ({ db, user }) => {
  const projects = await getProjectsByUserId(db, { userId: user!.id });
  return projects.map(projectSummaryJson);
});

/** A new project: the caller becomes its owner and the default codebook is seeded. */
export const POST = apiRoute(
  { name: "api.projects.create", access: "account", body: createProjectSchema, status: 201 },
  async ({ db, user }, { body }) => {
    const project = await createProject(db, { name: body.name, mode: body.mode, ownerId: user!.id });
    return projectJson(project, "owner");
  },
);
