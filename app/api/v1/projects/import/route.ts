import { getEnv } from "@/lib/config/env";
import { AppError } from "@/lib/errors";
import { apiRoute } from "@/lib/server/guard";
import { importQdpx } from "@/lib/server/refi-import";
import { megabytes, readBodyCapped } from "@/lib/server/request-body";

export const dynamic = "force-dynamic";

/** A .qdpx holds every source: room for several uploads' worth, within reason. */
const QDPX_FACTOR = 8;

/**
 * A new project from another tool's REFI-QDA export (docs/api.md): multipart with the `.qdpx` in
 * `file`. 201 with the new project's id and what was imported and skipped, and why. The caller
 * becomes the owner. A refused archive (not a .qdpx, a zip bomb, a DOCTYPE) is a 422 and
 * creates nothing.
 */
export const POST = apiRoute({ name: "api.projects.import", access: "account", status: 201 }, async ({ db, user }, { request }) => {
  const limit = getEnv().MAX_UPLOAD_MB * 1024 * 1024 * QDPX_FACTOR;
  if (!(request.headers.get("content-type") ?? "").toLowerCase().startsWith("multipart/form-data")) {
    throw new AppError("unsupported_media_type", "Send multipart/form-data with the .qdpx in the field “file”.");
  }
  const body = await readBodyCapped(request, limit, (declared) => `The upload is ${declared ? megabytes(declared) : "larger than allowed"}, over the limit of ${megabytes(limit)} for a project. Nothing was imported.`);
  let form: FormData;
  try {
    form = await new Response(body as Uint8Array<ArrayBuffer>, { headers: { "content-type": request.headers.get("content-type")! } }).formData();
  } catch {
    throw new AppError("bad_request", "The multipart body could not be read.");
  }
  const file = form.get("file");
  if (!(file instanceof File)) throw new AppError("bad_request", "Send the .qdpx as a file in the multipart field “file”.", { fields: { file: "Required." } });
  return importQdpx(db, { user: user!, bytes: new Uint8Array(await file.arrayBuffer()) });
});
