import { deleteAttributeDefinition } from "@/db/queries/attributes";
import { apiRoute } from "@/lib/server/guard";
import { attributeParamsSchema } from "@/lib/validation/documents";

export const dynamic = "force-dynamic";

/** Deletes an attribute and every document's value for it (204). */
export const DELETE = apiRoute(
  { name: "api.attributes.delete", access: "attributes.manage", params: attributeParamsSchema },
  async ({ db, user, project }, { params }) => {
    await deleteAttributeDefinition(db, { projectId: project!.id, actorId: user!.id, attributeId: params.attributeId });
    return undefined;
  },
);
