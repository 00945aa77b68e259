"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { deleteProject, updateProject } from "@/db/queries/projects";
import { AppError } from "@/lib/errors";
import { projectAction } from "@/lib/server/guard";
import { projectModeSchema, projectNameSchema } from "@/lib/validation/projects";

function refresh() {
  revalidatePath("/projects/[projectId]", "layout");
  revalidatePath("/projects");
}

export const renameProjectAction = projectAction(
  "projects.rename",
  "project.rename",
  z.object({ projectId: z.string(), name: projectNameSchema, description: z.string().max(5000, "Use at most 5,000 characters.") }),
  async ({ db, user, project }, { name, description }) => {
    const updated = await updateProject(db, { projectId: project.id, actorId: user.id, patch: { name, description } });
    refresh();
    return { name: updated.name };
  },
);

export const setProjectModeAction = projectAction(
  "projects.setMode",
  "project.setMode",
  z.object({ projectId: z.string(), mode: projectModeSchema }),
  async ({ db, user, project }, { mode }) => {
    const updated = await updateProject(db, { projectId: project.id, actorId: user.id, patch: { mode } });
    refresh();
    return { mode: updated.mode, revealed: updated.revealed };
  },
);

export const setProjectRevealedAction = projectAction(
  "projects.reveal",
  "project.reveal",
  z.object({ projectId: z.string(), revealed: z.boolean() }),
  async ({ db, user, project }, { revealed }) => {
    if (project.mode !== "blind") throw new AppError("bad_request", "Only a blind project has codings to reveal.");
    const updated = await updateProject(db, { projectId: project.id, actorId: user.id, patch: { revealed } });
    refresh();
    return { revealed: updated.revealed };
  },
);

export const deleteProjectAction = projectAction(
  "projects.delete",
  "project.delete",
  z.object({ projectId: z.string(), confirmName: z.string().max(300) }),
  async ({ db, user, project }, { confirmName }) => {
    // Checked here too, not only in the dialog: the action is a public endpoint.
    if (confirmName !== project.name) {
      throw new AppError("bad_request", "Type the project's name exactly as shown to confirm.", { field: "confirmName" });
    }
    await deleteProject(db, { projectId: project.id, actorId: user.id });
    // No revalidation here: it would re-render the page being left, which now is a 404.
    // The client navigates to the (dynamic, uncached) project list.
    return { name: project.name };
  },
);
