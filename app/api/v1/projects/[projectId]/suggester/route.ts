import { listModels } from "@/db/queries/suggester";
import { apiRoute } from "@/lib/server/guard";
import { startSuggesterTraining } from "@/lib/server/suggester";
import { requireSuggesterAccess } from "@/lib/server/suggester-access";
import { projectParamsSchema } from "@/lib/validation/projects";
import { trainSuggesterSchema } from "@/lib/validation/suggester";

export const dynamic = "force-dynamic";

/** The suggester's versions, newest first: status, progress, seed, data hash, codings used and held-out evaluation. */
export const GET = apiRoute({ name: "api.suggester.list", access: "codings.read", params: projectParamsSchema }, async ({ db, project, role }) => {
  requireSuggesterAccess(role!, project!);
  return { models: await listModels(db, project!.id) };
});

/** Retrains the suggester in the background (202); poll `GET /suggester` for its progress. 409 while a run is going. */
export const POST = apiRoute({ name: "api.suggester.train", access: "suggester.train", params: projectParamsSchema, body: trainSuggesterSchema, status: 202 }, async ({ db, user, project, role }, { body }) => {
  requireSuggesterAccess(role!, project!);
  return startSuggesterTraining(db, { projectId: project!.id, actorId: user!.id, seed: body.seed });
});
