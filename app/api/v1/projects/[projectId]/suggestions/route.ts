import { getDocumentSummaryById } from "@/db/queries/documents";
import { suggestionsFor } from "@/db/queries/suggester";
import { AppError } from "@/lib/errors";
import { apiRoute } from "@/lib/server/guard";
import { requireSuggesterAccess } from "@/lib/server/suggester-access";
import { projectParamsSchema } from "@/lib/validation/projects";
import { suggestionsQuerySchema } from "@/lib/validation/suggester";

export const dynamic = "force-dynamic";

/**
 * The suggester's proposals for a document (docs/api.md): `{modelVersion, suggestions: [{id,
 * start, end, codeId, confidence}]}` in code points, leaving out units the caller has already
 * coded with that code and proposals they dismissed. It never codes on its own: accepting a
 * proposal is creating a coding (`POST /codings`).
 */
export const GET = apiRoute({ name: "api.suggestions", access: "codings.read", params: projectParamsSchema, query: suggestionsQuerySchema }, async ({ db, user, project, role }, { query }) => {
  requireSuggesterAccess(role!, project!);
  const document = await getDocumentSummaryById(db, { projectId: project!.id, documentId: query.documentId });
  if (!document) throw new AppError("not_found", "Document not found.");
  return suggestionsFor(db, { projectId: project!.id, documentId: document.id, userId: user!.id });
});
