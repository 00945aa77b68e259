"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { deleteDocument } from "@/db/queries/documents";
import { updateDocumentWithAttributes } from "@/lib/server/documents";
import { projectAction } from "@/lib/server/guard";
import { updateDocumentSchema } from "@/lib/validation/documents";

// Documents' actions. Coders and owners edit details and attribute values; only owners delete
// (a document's codings, everyone's, go with it). Imports go through the JSON API — upload
// progress needs a plain HTTP request — not through an action.

const documentRef = z.object({ projectId: z.string(), documentId: z.string().uuid("Document not found.") });

function refreshDocumentPages() {
  revalidatePath("/projects/[projectId]", "layout");
}

export const updateDocumentAction = projectAction(
  "documents.update",
  "documents.update",
  documentRef.and(updateDocumentSchema),
  async ({ db, user, project }, { documentId, version, attributes, projectId: _projectId, ...patch }) => {
    // Details and attribute values in one transaction, behind one version check.
    const { document } = await updateDocumentWithAttributes(db, {
      projectId: project.id,
      documentId,
      actorId: user.id,
      patch,
      attributes,
      expectedVersion: version,
    });
    refreshDocumentPages();
    return { title: document.title, version: document.version };
  },
);

export const deleteDocumentAction = projectAction(
  "documents.delete",
  "documents.delete",
  documentRef,
  async ({ db, user, project }, { documentId }) => {
    const result = await deleteDocument(db, { projectId: project.id, documentId, actorId: user.id });
    refreshDocumentPages();
    revalidatePath("/projects");
    return result;
  },
);
