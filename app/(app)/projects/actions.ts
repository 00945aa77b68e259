"use server";
import { revalidatePath } from "next/cache";
import { createProject } from "@/db/queries/projects";
import { accountAction } from "@/lib/server/guard";
import { createProjectSchema } from "@/lib/validation/projects";

export const createProjectAction = accountAction("projects.create", createProjectSchema, async ({ db, user }, input) => {
  const project = await createProject(db, { name: input.name, mode: input.mode, ownerId: user.id });
  revalidatePath("/projects");
  return { id: project.id };
});
