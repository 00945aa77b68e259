import { undoAutocode } from "@/db/queries/autocode";
import { can } from "@/lib/permissions";
import { apiRoute } from "@/lib/server/guard";
import { autocodeParamsSchema } from "@/lib/validation/search";

export const dynamic = "force-dynamic";

/** Undoes an auto-coding run: every coding it made that still exists is deleted, in one transaction (its coder, or an owner). */
export const DELETE = apiRoute({ name: "api.autocode.undo", access: "codings.create", params: autocodeParamsSchema }, async ({ db, user, project, role }, { params }) =>
  undoAutocode(db, { projectId: project!.id, actorId: user!.id, batchId: params.batchId, mayUndoOthers: can(role, "codings.updateAny") }),
);
