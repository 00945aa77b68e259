import { dismissSuggestion } from "@/db/queries/suggester";
import { AppError } from "@/lib/errors";
import { apiRoute } from "@/lib/server/guard";
import { requireSuggesterAccess } from "@/lib/server/suggester-access";
import { suggestionParamsSchema } from "@/lib/validation/suggester";

export const dynamic = "force-dynamic";

/** Dismisses a proposal for the caller: it is not proposed to them again, in this or a later version. */
export const POST = apiRoute({ name: "api.suggestions.dismiss", access: "codings.create", params: suggestionParamsSchema }, async ({ db, user, project, role }, { params }) => {
  requireSuggesterAccess(role!, project!);
  if (!(await dismissSuggestion(db, { projectId: project!.id, userId: user!.id, suggestionId: params.suggestionId }))) throw new AppError("not_found", "That suggestion does not exist.");
  return { dismissed: true };
});
