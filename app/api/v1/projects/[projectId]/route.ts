import { deleteProject, updateProject } from "@/db/queries/projects";
import { projectJson } from "@/lib/api/serialize";
import { AppError } from "@/lib/errors";
import { can, PERMISSION_LABELS, type Permission, type Role } from "@/lib/permissions";
import { apiRoute } from "@/lib/server/guard";
import { projectParamsSchema, updateProjectSchema } from "@/lib/validation/projects";

export const dynamic = "force-dynamic";

export const GET = apiRoute(
  { name: "api.project.read", access: "project.read", params: projectParamsSchema },
  async ({ project, role }) => projectJson(project!, role!),
);

/**
 * One PATCH carries several kinds of change, each with its own permission: renaming (name,
 * description), switching mode, revealing blind codings. Every one asked for must be allowed.
 */
export const PATCH = apiRoute(
  { name: "api.project.update", access: "project.read", params: projectParamsSchema, body: updateProjectSchema },
  async ({ db, user, project, role }, { body }) => {
    const needed: Permission[] = [];
    if (body.name !== undefined || body.description !== undefined) needed.push("project.rename");
    if (body.mode !== undefined) needed.push("project.setMode");
    if (body.revealed !== undefined) needed.push("project.reveal");
    for (const permission of needed) requirePermission(role!, permission);
    const updated = await updateProject(db, { projectId: project!.id, actorId: user!.id, patch: body });
    return projectJson(updated, role!);
  },
);

export const DELETE = apiRoute(
  { name: "api.project.delete", access: "project.delete", params: projectParamsSchema },
  async ({ db, user, project }) => {
    await deleteProject(db, { projectId: project!.id, actorId: user!.id });
    return undefined;
  },
);

function requirePermission(role: Role, permission: Permission): void {
  if (!can(role, permission)) {
    throw new AppError("forbidden", `Your role in this project (${role}) does not allow you to ${PERMISSION_LABELS[permission]}.`);
  }
}
