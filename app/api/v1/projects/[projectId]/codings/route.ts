import { createCoding, getCodings } from "@/db/queries/codings";
import { codingJson } from "@/lib/api/serialize";
import { seesAllCodings } from "@/lib/permissions";
import { apiRoute } from "@/lib/server/guard";
import { codingListQuerySchema, createCodingSchema } from "@/lib/validation/codings";
import { projectParamsSchema } from "@/lib/validation/projects";

export const dynamic = "force-dynamic";

/** Codings, filtered; in a blind project a coder receives only their own. */
export const GET = apiRoute(
  { name: "api.codings.list", access: "codings.read", params: projectParamsSchema, query: codingListQuerySchema },
  async ({ db, user, project, role }, { query }) => {
    const onlyCoderId = seesAllCodings(role!, project!) ? undefined : user!.id;
    const rows = await getCodings(db, { projectId: project!.id, ...query, onlyCoderId });
    return rows.map(codingJson);
  },
);

/** Codes a span of a document as the calling user, in their own coder layer. */
export const POST = apiRoute(
  { name: "api.codings.create", access: "codings.create", params: projectParamsSchema, body: createCodingSchema, status: 201 },
  async ({ db, user, project }, { body }) => {
    const coding = await createCoding(db, { projectId: project!.id, coderId: user!.id, ...body });
    return codingJson(coding);
  },
);
