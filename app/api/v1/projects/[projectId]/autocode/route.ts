import { applyAutocode } from "@/db/queries/autocode";
import { getCodeById } from "@/db/queries/codes";
import { codingJson } from "@/lib/api/serialize";
import { AppError } from "@/lib/errors";
import { planAutocode } from "@/lib/server/autocode";
import { apiRoute } from "@/lib/server/guard";
import { projectParamsSchema } from "@/lib/validation/projects";
import { autocodeBodySchema } from "@/lib/validation/search";

export const dynamic = "force-dynamic";

/**
 * Auto-coding (docs/api.md): applies `codeId` to every hit of the search (or the `hits` chosen)
 * at `extent` match | sentence | paragraph, as the caller, in one transaction. `preview: true`
 * answers with the codings it would create and writes nothing. The answer's `batchId` undoes
 * the whole run: `DELETE /autocode/:batchId`.
 */
export const POST = apiRoute({ name: "api.autocode", access: "codings.create", params: projectParamsSchema, body: autocodeBodySchema, status: 200 }, async ({ db, user, project }, { body }) => {
  const code = await getCodeById(db, { projectId: project!.id, codeId: body.codeId });
  if (!code) throw new AppError("bad_request", "That code does not exist in this project.", { field: "codeId" });
  const plan = await planAutocode(db, {
    projectId: project!.id,
    coderId: user!.id,
    codeId: code.id,
    q: body.q,
    mode: body.mode,
    caseSensitive: body.case,
    documentIds: body.documents,
    attribute: body.attribute === undefined ? undefined : { name: body.attribute, value: body.value ?? "" },
    extent: body.extent,
    selected: body.hits,
  });
  if (body.preview) return { preview: true, hits: plan.hits, alreadyCoded: plan.alreadyCoded, codings: plan.codings };
  const { batchId, codings } = await applyAutocode(db, {
    projectId: project!.id,
    coderId: user!.id,
    codeId: code.id,
    spans: plan.codings,
    summary: { q: body.q, mode: body.mode, extent: body.extent },
  });
  return { preview: false, batchId, hits: plan.hits, alreadyCoded: plan.alreadyCoded, codings: codings.map(codingJson) };
});
