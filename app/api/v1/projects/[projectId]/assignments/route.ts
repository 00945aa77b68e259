import { z } from "zod";
import { applySample, assignDocuments, crossPairs, getAssignments, type AssignmentRow } from "@/db/queries/assignments";
import { can } from "@/lib/permissions";
import { AppError } from "@/lib/errors";
import { assignSchema, sampleSchema, toStratifyBy } from "@/lib/validation/assignments";
import { apiRoute } from "@/lib/server/guard";
import { projectParamsSchema } from "@/lib/validation/projects";

export const dynamic = "force-dynamic";

const assignmentJson = (a: AssignmentRow) => ({
  documentId: a.documentId,
  title: a.title,
  userId: a.userId,
  userName: a.userName,
  sample: a.sample,
  createdAt: a.createdAt.toISOString(),
  doneAt: a.doneAt?.toISOString() ?? null,
  codingCount: a.codingCount,
  started: a.codingCount > 0,
});

/** The owner reads every assignment; anyone else only their own (their queue). */
export const GET = apiRoute({ name: "api.assignments.list", access: "project.read", params: projectParamsSchema }, async ({ db, user, project, role }) => {
  const all = can(role, "assignments.manage");
  return (await getAssignments(db, { projectId: project!.id, userId: all ? undefined : user!.id })).map(assignmentJson);
});

const postBody = z.union([assignSchema.strict(), z.object({ sample: sampleSchema }).strict()], {
  error: "Send {documentIds, userIds} or {sample: {share or count, seed, codersPerDocument, userIds, stratifyBy?}}.",
});

/**
 * Assigns documents to coders ({documentIds, userIds}: each document to each coder), or draws
 * and assigns a sample ({sample}). Existing assignments are kept as they are, so repeating a
 * request changes nothing.
 */
export const POST = apiRoute(
  { name: "api.assignments.create", access: "assignments.manage", params: projectParamsSchema, body: postBody },
  async ({ db, user, project }, { body }) => {
    const projectId = project!.id;
    if ("documentIds" in body) return assignDocuments(db, { projectId, actorId: user!.id, pairs: crossPairs(body.documentIds, body.userIds) });
    if (!("sample" in body)) throw new AppError("bad_request", "Send documentIds and userIds, or a sample.");
    const { sample } = body;
    const result = await applySample(db, { ...sample, projectId, actorId: user!.id, stratifyBy: toStratifyBy(sample.stratifyBy) });
    return {
      sample: result.label,
      population: result.population,
      size: result.size,
      strata: result.strata,
      created: result.created,
      existing: result.existing,
      documents: result.documents.map((d) => ({ id: d.id, title: d.title, stratum: d.stratum, userIds: d.coders.map((c) => c.userId) })),
    };
  },
);
