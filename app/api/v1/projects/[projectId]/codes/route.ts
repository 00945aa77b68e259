import { createCode, getCodesByProjectId, getCodeWithPathById } from "@/db/queries/codes";
import { codeJson } from "@/lib/api/serialize";
import { AppError } from "@/lib/errors";
import { apiRoute } from "@/lib/server/guard";
import { createCodeSchema } from "@/lib/validation/codes";
import { projectParamsSchema } from "@/lib/validation/projects";

export const dynamic = "force-dynamic";

/** The codebook as a flat list in tree order, each code with `parentId`, `path` and `depth`. */
export const GET = apiRoute(
  { name: "api.codes.list", access: "codes.read", params: projectParamsSchema },
  async ({ db, project }) => (await getCodesByProjectId(db, { projectId: project!.id })).map(codeJson),
);

export const POST = apiRoute(
  { name: "api.codes.create", access: "codes.create", params: projectParamsSchema, body: createCodeSchema, status: 201 },
  async ({ db, user, project }, { body }) => {
    const code = await createCode(db, { projectId: project!.id, actorId: user!.id, fields: body });
    const created = await getCodeWithPathById(db, { projectId: project!.id, codeId: code.id });
    if (!created) throw new AppError("not_found", "Code not found.");
    return codeJson(created);
  },
);
