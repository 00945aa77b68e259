import { createAttributeDefinition, getAttributeDefinitions } from "@/db/queries/attributes";
import { attributeJson } from "@/lib/api/serialize";
import { apiRoute } from "@/lib/server/guard";
import { createAttributeSchema } from "@/lib/validation/documents";
import { projectParamsSchema } from "@/lib/validation/projects";

export const dynamic = "force-dynamic";

/** The project's document attributes (typed: text, number, date, boolean, choice), in order. */
export const GET = apiRoute(
  { name: "api.attributes.list", access: "documents.read", params: projectParamsSchema },
  async ({ db, project }) => (await getAttributeDefinitions(db, { projectId: project!.id })).map(attributeJson),
);

/** Defines an attribute `{name, type, choices?}`; names are unique ignoring case (409). */
export const POST = apiRoute(
  { name: "api.attributes.create", access: "attributes.manage", params: projectParamsSchema, body: createAttributeSchema, status: 201 },
  async ({ db, user, project }, { body }) =>
    attributeJson(await createAttributeDefinition(db, { projectId: project!.id, actorId: user!.id, name: body.name, type: body.type, choices: body.choices })),
);
