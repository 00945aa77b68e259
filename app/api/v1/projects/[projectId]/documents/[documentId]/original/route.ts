import { getDocumentFile, getDocumentSummaryById } from "@/db/queries/documents";
import { downloadHeaders } from "@/lib/api/download";
import { AppError } from "@/lib/errors";
import { apiRoute } from "@/lib/server/guard";
import { documentParamsSchema } from "@/lib/validation/documents";

export const dynamic = "force-dynamic";

/**
 * The file as it was uploaded, as a download. Uploaded HTML is served as opaque bytes with
 * `nosniff` and a sandbox CSP: nothing a researcher uploads may run or render in our origin.
 */
export const GET = apiRoute(
  { name: "api.documents.original", access: "documents.read", params: documentParamsSchema },
  async ({ db, project }, { params }) => {
    const file = await getDocumentFile(db, { projectId: project!.id, documentId: params.documentId });
    if (!file) {
      const doc = await getDocumentSummaryById(db, { projectId: project!.id, documentId: params.documentId });
      throw new AppError("not_found", doc ? `“${doc.title}” was pasted as text: there is no original file.` : "Document not found.");
    }
    return new Response(file.bytes as Uint8Array<ArrayBuffer>, { status: 200, headers: downloadHeaders(file) });
  },
);
