import { getAttributeValuesByDocumentIds, setAttributeValues } from "@/db/queries/attributes";
import { apiRoute } from "@/lib/server/guard";
import { bulkAttributeValuesSchema } from "@/lib/validation/documents";
import { projectParamsSchema } from "@/lib/validation/projects";

export const dynamic = "force-dynamic";

/**
 * Bulk edit: `[{documentId, attributes: {<name or id>: value}}]`, all or nothing — one bad cell
 * refuses the batch (400, naming the document and the attribute) and nothing changes. `null` or
 * "" clears a value. Answers with the documents' values afterwards, in the same shape.
 */
export const PATCH = apiRoute(
  { name: "api.attributes.values", access: "documents.update", params: projectParamsSchema, body: bulkAttributeValuesSchema },
  async ({ db, user, project }, { body }) => {
    const projectId = project!.id;
    await setAttributeValues(db, { projectId, actorId: user!.id, values: body });
    const documentIds = [...new Set(body.map((v) => v.documentId))];
    const values = await getAttributeValuesByDocumentIds(db, { projectId, documentIds });
    return documentIds.map((documentId) => ({ documentId, attributes: values.get(documentId) ?? {} }));
  },
);
