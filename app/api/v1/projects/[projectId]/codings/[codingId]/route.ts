import type { Database } from "@/db/client";
import { deleteCoding, getCodingById, updateCoding } from "@/db/queries/codings";
import type { Project, User } from "@/db/schema";
import { codingJson } from "@/lib/api/serialize";
import { AppError } from "@/lib/errors";
import { can, seesAllCodings, type Role } from "@/lib/permissions";
import { apiRoute } from "@/lib/server/guard";
import { codingParamsSchema, updateCodingSchema } from "@/lib/validation/codings";

export const dynamic = "force-dynamic";

/** In a blind project another coder's coding does not exist for the caller: 404, not 403. */
async function requireVisibleCoding(db: Database, user: User, project: Project, role: Role, codingId: string) {
  const coding = await getCodingById(db, { projectId: project.id, codingId });
  const visible = coding && (seesAllCodings(role, project) || (coding.coderId === user.id && coding.layer === "coder"));
  if (!visible) throw new AppError("not_found", "Coding not found.");
  return coding;
}

export const GET = apiRoute(
  { name: "api.codings.read", access: "codings.read", params: codingParamsSchema },
  async ({ db, user, project, role }, { params }) => codingJson(await requireVisibleCoding(db, user!, project!, role!, params.codingId)),
);

/** Changes the code, the boundaries or the memo. Send `version` to have stale edits refused (409). */
export const PATCH = apiRoute(
  { name: "api.codings.update", access: "codings.updateOwn", params: codingParamsSchema, body: updateCodingSchema },
  async ({ db, user, project, role }, { params, body }) => {
    await requireVisibleCoding(db, user!, project!, role!, params.codingId);
    const { version, ...patch } = body;
    const coding = await updateCoding(db, {
      projectId: project!.id,
      codingId: params.codingId,
      actorId: user!.id,
      mayEditOthers: can(role, "codings.updateAny"),
      patch,
      expectedVersion: version,
    });
    return codingJson(coding);
  },
);

export const DELETE = apiRoute(
  { name: "api.codings.delete", access: "codings.updateOwn", params: codingParamsSchema },
  async ({ db, user, project, role }, { params }) => {
    await requireVisibleCoding(db, user!, project!, role!, params.codingId);
    await deleteCoding(db, { projectId: project!.id, codingId: params.codingId, actorId: user!.id, mayEditOthers: can(role, "codings.updateAny") });
    return undefined;
  },
);
