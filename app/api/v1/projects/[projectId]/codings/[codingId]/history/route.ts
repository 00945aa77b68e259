import { getCodingHistory, getEventNames } from "@/db/queries/activity";
import { codingJson } from "@/lib/api/serialize";
import { eventJson } from "@/lib/events/describe";
import { seesAllCodings } from "@/lib/permissions";
import { apiRoute } from "@/lib/server/guard";
import { codingParamsSchema } from "@/lib/validation/codings";

export const dynamic = "force-dynamic";

/**
 * Everything that happened to one coding, oldest first (created, updated with before and after,
 * deleted, restored), and the coding as it is now (`null` while deleted). In a blind project
 * another coder's coding is not found.
 */
export const GET = apiRoute(
  { name: "api.codings.history", access: "events.read", params: codingParamsSchema },
  async ({ db, user, project, role }, { params }) => {
    const { coding, entries } = await getCodingHistory(db, {
      projectId: project!.id,
      codingId: params.codingId,
      viewer: { userId: user!.id, seesAll: seesAllCodings(role!, project!) },
    });
    const names = await getEventNames(db, { projectId: project!.id, entries });
    return { coding: coding ? codingJson(coding) : null, deleted: coding === null, events: entries.map((e) => eventJson(e, names)) };
  },
);
