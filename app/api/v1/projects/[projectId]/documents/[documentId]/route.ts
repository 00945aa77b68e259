import { getAttributeValuesByDocumentIds } from "@/db/queries/attributes";
import { deleteDocument, getDocumentById, getDocumentSegments, getDocumentSummaryById } from "@/db/queries/documents";
import { documentJson } from "@/lib/api/serialize";
import { AppError } from "@/lib/errors";
import { updateDocumentWithAttributes } from "@/lib/server/documents";
import { apiRoute } from "@/lib/server/guard";
import { documentParamsSchema, readDocumentQuerySchema, updateDocumentSchema } from "@/lib/validation/documents";

export const dynamic = "force-dynamic";

/**
 * One document with its canonical `text` (offsets are code points over it), its `attributes`
 * (name → value) and its import report; `?segments=1` adds the structure (paragraphs, sentences,
 * headings, pages) as code point ranges.
 */
export const GET = apiRoute(
  { name: "api.documents.read", access: "documents.read", params: documentParamsSchema, query: readDocumentQuerySchema },
  async ({ db, project }, { params, query }) => {
    const projectId = project!.id;
    const doc = await getDocumentById(db, { projectId, documentId: params.documentId });
    if (!doc) throw new AppError("not_found", "Document not found.");
    const [values, segments] = await Promise.all([
      getAttributeValuesByDocumentIds(db, { projectId, documentIds: [doc.id] }),
      query.segments ? getDocumentSegments(db, { documentId: doc.id }) : Promise.resolve(undefined),
    ]);
    return documentJson(doc, { text: doc.text, attributes: values.get(doc.id) ?? {}, segments, importReport: true });
  },
);

/**
 * Edits metadata and attribute values together, in one transaction. Send the `version` you read
 * to have an edit based on a stale copy refused (409) with the current document in
 * `error.details.current`. The text itself never changes: codings depend on it.
 */
export const PATCH = apiRoute(
  { name: "api.documents.update", access: "documents.update", params: documentParamsSchema, body: updateDocumentSchema },
  async ({ db, user, project }, { params, body }) => {
    const { version, attributes, ...patch } = body;
    const projectId = project!.id;
    try {
      const updated = await updateDocumentWithAttributes(db, {
        projectId,
        documentId: params.documentId,
        actorId: user!.id,
        patch,
        attributes,
        expectedVersion: version,
      });
      return documentJson(updated.document, { attributes: updated.attributes });
    } catch (error) {
      if (error instanceof AppError && error.code === "conflict" && error.details?.current) {
        const current = await getDocumentSummaryById(db, { projectId, documentId: params.documentId });
        const values = await getAttributeValuesByDocumentIds(db, { projectId, documentIds: [params.documentId] });
        throw new AppError("conflict", error.message, current ? { current: documentJson(current, { attributes: values.get(current.id) ?? {} }) } : undefined);
      }
      throw error;
    }
  },
);

/** Deletes the document with its codings (each logged, so they can be restored), structure and file. */
export const DELETE = apiRoute(
  { name: "api.documents.delete", access: "documents.delete", params: documentParamsSchema },
  async ({ db, user, project }, { params }) => deleteDocument(db, { projectId: project!.id, documentId: params.documentId, actorId: user!.id }),
);
