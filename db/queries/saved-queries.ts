import { and, asc, eq, inArray } from "drizzle-orm";
import { AppError } from "@/lib/errors";
import type { Role } from "@/lib/permissions";
import type { RetrievalQuery } from "@/lib/retrieval/query";
import type { Database } from "../client";
import { codes, savedQueries, users } from "../schema";
import { recordEvent } from "./events";

/** Retrieval queries saved under a name; the query is stored validated and re-validated when opened. */
export type SavedQuerySummary = { id: string; name: string; query: Record<string, unknown>; createdBy: string | null; createdByName: string | null; createdAt: Date };

const NOT_FOUND = "That saved query does not exist (it may have been deleted).";

export async function saveQuery(db: Database, input: { projectId: string; actorId: string; name: string; query: RetrievalQuery }): Promise<{ id: string }> {
  const name = input.name.trim();
  if (!name) throw new AppError("bad_request", "Give the query a name.", { field: "name" });
  if (name.length > 200) throw new AppError("bad_request", "Query names are at most 200 characters.", { field: "name" });
  return db.transaction(async (tx) => {
    // The codes it names must be this project's (the retrieval page checks the same when it runs).
    const codeIds = [...new Set([input.query.a, input.query.b].filter((id): id is string => !!id))];
    const found = await tx.select({ id: codes.id }).from(codes).where(and(eq(codes.projectId, input.projectId), inArray(codes.id, codeIds)));
    if (found.length !== codeIds.length) throw new AppError("bad_request", "That code does not exist in this project.", { field: found.some((c) => c.id === input.query.a) ? "b" : "a" });
    const [taken] = await tx.select({ id: savedQueries.id }).from(savedQueries).where(and(eq(savedQueries.projectId, input.projectId), eq(savedQueries.name, name)));
    if (taken) throw new AppError("conflict", `A saved query is already called “${name}”. Choose another name, or delete that one first.`, { field: "name" });
    const [row] = await tx
      .insert(savedQueries)
      .values({ projectId: input.projectId, name, query: { ...input.query }, createdBy: input.actorId })
      .returning({ id: savedQueries.id });
    await recordEvent(tx, { projectId: input.projectId, actorId: input.actorId, type: "query.saved", entityId: row!.id, after: { name } });
    return row!;
  });
}

export async function listSavedQueries(db: Database, { projectId }: { projectId: string }): Promise<SavedQuerySummary[]> {
  return db
    .select({ id: savedQueries.id, name: savedQueries.name, query: savedQueries.query, createdBy: savedQueries.createdBy, createdByName: users.name, createdAt: savedQueries.createdAt })
    .from(savedQueries)
    .leftJoin(users, eq(users.id, savedQueries.createdBy))
    .where(eq(savedQueries.projectId, projectId))
    .orderBy(asc(savedQueries.name));
}

/** Deletes a saved query: its author may, and the project owner may delete anyone's. */
export async function deleteSavedQuery(db: Database, input: { projectId: string; actorId: string; role: Role; queryId: string }): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx.select().from(savedQueries).where(and(eq(savedQueries.projectId, input.projectId), eq(savedQueries.id, input.queryId)));
    if (!row) throw new AppError("not_found", NOT_FOUND);
    if (input.role !== "owner" && row.createdBy !== input.actorId) throw new AppError("forbidden", "Only the person who saved this query, or the project owner, can delete it.");
    await tx.delete(savedQueries).where(eq(savedQueries.id, row.id));
    await recordEvent(tx, { projectId: input.projectId, actorId: input.actorId, type: "query.deleted", entityId: row.id, before: { name: row.name } });
  });
}
