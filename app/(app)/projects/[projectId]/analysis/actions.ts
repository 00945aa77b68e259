"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { deleteSavedQuery, saveQuery } from "@/db/queries/saved-queries";
import { AppError } from "@/lib/errors";
import { projectAction } from "@/lib/server/guard";
import { retrievalQuerySchema } from "@/lib/validation/retrieval";

const retrievePath = (projectId: string) => `/projects/${projectId}/analysis/retrieve`;

/** Saves the retrieval query on screen under a name. The query is validated here, not trusted from the browser. */
export const saveQueryAction = projectAction(
  "queries.save",
  "queries.save",
  z.object({ projectId: z.string(), name: z.string().max(200, "Query names are at most 200 characters."), query: z.record(z.string(), z.string()) }),
  async ({ db, user, project }, { name, query }) => {
    const record = Object.fromEntries(Object.entries(query).filter(([k, v]) => v !== "" || k === "value"));
    const parsed = retrievalQuerySchema.safeParse(record);
    if (!parsed.success) throw new AppError("bad_request", parsed.error.issues[0]?.message ?? "This query is not valid.");
    const saved = await saveQuery(db, { projectId: project.id, actorId: user.id, name, query: parsed.data });
    revalidatePath(retrievePath(project.id));
    return saved;
  },
);

export const deleteQueryAction = projectAction(
  "queries.delete",
  "queries.save",
  z.object({ projectId: z.string(), queryId: z.string().uuid("That saved query does not exist.") }),
  async ({ db, user, project, role }, { queryId }) => {
    await deleteSavedQuery(db, { projectId: project.id, actorId: user.id, role, queryId });
    revalidatePath(retrievePath(project.id));
    return { deleted: queryId };
  },
);
