import { deleteCode, getCodeWithPathById, updateCode, type DeleteCodeOptions } from "@/db/queries/codes";
import { codeJson } from "@/lib/api/serialize";
import { AppError } from "@/lib/errors";
import { apiRoute } from "@/lib/server/guard";
import { codeParamsSchema, deleteCodeRequestSchema, deleteCodeSchema, updateCodeSchema } from "@/lib/validation/codes";

export const dynamic = "force-dynamic";

export const GET = apiRoute(
  { name: "api.codes.read", access: "codes.read", params: codeParamsSchema },
  async ({ db, project }, { params }) => {
    const code = await getCodeWithPathById(db, { projectId: project!.id, codeId: params.codeId });
    if (!code) throw new AppError("not_found", "Code not found.");
    return codeJson(code);
  },
);

/**
 * Edits or moves a code. Send the `version` you read to have an edit based on a stale copy
 * refused (409) with the current code in `error.details.current`.
 */
export const PATCH = apiRoute(
  { name: "api.codes.update", access: "codes.update", params: codeParamsSchema, body: updateCodeSchema },
  async ({ db, user, project }, { params, body }) => {
    const { version, ...patch } = body;
    const projectId = project!.id;
    try {
      await updateCode(db, { projectId, codeId: params.codeId, actorId: user!.id, patch, expectedVersion: version });
    } catch (error) {
      if (error instanceof AppError && error.code === "conflict" && error.details?.current) {
        // The same shape as every other code in the API, not the raw row.
        const current = await getCodeWithPathById(db, { projectId, codeId: params.codeId });
        throw new AppError("conflict", error.message, current ? { current: codeJson(current) } : undefined);
      }
      throw error;
    }
    const updated = await getCodeWithPathById(db, { projectId, codeId: params.codeId });
    if (!updated) throw new AppError("not_found", "Code not found.");
    return codeJson(updated);
  },
);

/**
 * Deletes a code without sub-codes. What happens to its codings is the caller's choice, in the
 * query (`?codings=delete` or `?codings=move&targetCodeId=…`) or a JSON body with the same
 * fields. With no choice, a code that has codings is not deleted (409): nothing is lost by default.
 */
export const DELETE = apiRoute(
  {
    name: "api.codes.delete",
    access: "codes.delete",
    params: codeParamsSchema,
    query: deleteCodeRequestSchema,
    body: deleteCodeRequestSchema,
  },
  async ({ db, user, project }, { params, query, body }) => {
    const options = deleteOptions({
      codings: body.codings ?? query.codings,
      targetCodeId: body.targetCodeId ?? query.targetCodeId,
    });
    try {
      return await deleteCode(db, { projectId: project!.id, codeId: params.codeId, actorId: user!.id, options });
    } catch (error) {
      if (options.codings === "refuse" && error instanceof AppError && error.code === "conflict" && error.details?.codingCount) {
        throw new AppError(
          "conflict",
          `${error.message} Send codings=delete, or codings=move with targetCodeId.`,
          error.details,
        );
      }
      throw error;
    }
  },
);

function deleteOptions(choice: { codings?: "delete" | "move"; targetCodeId?: string }): DeleteCodeOptions {
  // A target alone means "move there".
  const codings = choice.codings ?? (choice.targetCodeId ? "move" : undefined);
  if (!codings) return { codings: "refuse" };
  const parsed = deleteCodeSchema.safeParse({ codings, targetCodeId: choice.targetCodeId });
  if (!parsed.success) {
    throw new AppError("bad_request", `targetCodeId: ${parsed.error.issues[0]?.message ?? "Choose a code to move the codings to."}`, {
      fields: { targetCodeId: parsed.error.issues[0]?.message },
    });
  }
  return parsed.data;
}
