import { restoreCoding } from "@/db/queries/activity";
import { codingJson } from "@/lib/api/serialize";
import { apiRoute } from "@/lib/server/guard";
import { codingParamsSchema } from "@/lib/validation/codings";

export const dynamic = "force-dynamic";

/**
 * Restores a deleted coding as it was (same id, coder, offsets, quote and memo), onto the code
 * its own was merged into if it was; refused (409) when it exists or its document or code is
 * gone. Owners only. Answers with the coding and, when it moved, `mergedFrom`.
 */
export const POST = apiRoute(
  { name: "api.codings.restore", access: "codings.restore", params: codingParamsSchema },
  async ({ db, user, project }, { params }) => {
    const { coding, plan } = await restoreCoding(db, { projectId: project!.id, codingId: params.codingId, actorId: user!.id });
    return { ...codingJson(coding), ...(plan.mergedFrom ? { mergedFrom: plan.mergedFrom } : {}) };
  },
);
