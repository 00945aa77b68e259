"use server";
import { z } from "zod";
import { getDocumentSummaryById } from "@/db/queries/documents";
import { saveReadingPosition } from "@/db/queries/reading-positions";
import { AppError } from "@/lib/errors";
import { projectAction } from "@/lib/server/guard";

const readingPositionSchema = z.object({
  projectId: z.string(),
  documentId: z.string().uuid("Document not found."),
  offset: z.number().int().min(0).max(100_000_000),
});

/** Remembers the code-point offset of the top visible line, per user and document. */
export const saveReadingPositionAction = projectAction(
  "documents.readingPosition",
  "documents.read",
  readingPositionSchema,
  async ({ db, user, project }, { documentId, offset }) => {
    const doc = await getDocumentSummaryById(db, { projectId: project.id, documentId });
    if (!doc) throw new AppError("not_found", "Document not found.");
    await saveReadingPosition(db, { userId: user.id, documentId, offset: Math.min(offset, doc.length) });
    return { offset };
  },
);
