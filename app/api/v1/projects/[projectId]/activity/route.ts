import { z } from "zod";
import { ACTIVITY_MAX_LIMIT, getActivity, getEventNames } from "@/db/queries/activity";
import { ENTITY_TYPES, eventJson } from "@/lib/events/describe";
import { EVENT_TYPES, type EntityType } from "@/lib/events/types";
import { seesAllCodings } from "@/lib/permissions";
import { apiRoute } from "@/lib/server/guard";
import { projectParamsSchema } from "@/lib/validation/projects";

export const dynamic = "force-dynamic";

const listOf = <T extends string>(values: readonly [T, ...T[]], what: string) =>
  z
    .string()
    .transform((s) => s.split(",").map((v) => v.trim()).filter(Boolean))
    .pipe(z.array(z.enum(values, { message: `${what} is one of: ${values.join(", ")}.` })));

const activityQuerySchema = z.object({
  actorId: z.string().uuid("actorId is not a valid id.").optional(),
  entityType: listOf(ENTITY_TYPES as [EntityType, ...EntityType[]], "entityType").optional(),
  type: listOf(EVENT_TYPES, "type").optional(),
  documentId: z.string().uuid("documentId is not a valid id.").optional(),
  before: z.coerce.number({ message: "before is an event id." }).int("before is an event id.").positive("before is an event id.").optional(),
  limit: z.coerce.number({ message: "limit is a whole number." }).int("limit is a whole number.").min(1).max(ACTIVITY_MAX_LIMIT, `limit is at most ${ACTIVITY_MAX_LIMIT}.`).optional(),
});

/**
 * The project's activity, newest first: `actorId`, `entityType` and `type` (comma-separated
 * lists), `documentId` (the document's own events and its codings', memos' and attribute
 * values'), `limit` (≤ 200, default 50) and `before` (an event id: older events only). A bare
 * array; when older events exist, `x-next-before` holds the cursor for the next page. In a blind
 * project a coder receives only the events of their own codings.
 */
export const GET = apiRoute(
  { name: "api.activity.list", access: "events.read", params: projectParamsSchema, query: activityQuerySchema },
  async ({ db, user, project, role }, { query }) => {
    const { entries, nextBefore } = await getActivity(db, {
      projectId: project!.id,
      viewer: { userId: user!.id, seesAll: seesAllCodings(role!, project!) },
      actorId: query.actorId,
      entityType: query.entityType,
      types: query.type,
      documentId: query.documentId,
      before: query.before,
      limit: query.limit,
    });
    const names = await getEventNames(db, { projectId: project!.id, entries });
    const headers: Record<string, string> = { "cache-control": "no-store" };
    if (nextBefore !== null) headers["x-next-before"] = String(nextBefore);
    return Response.json(
      entries.map((e) => eventJson(e, names)),
      { headers },
    );
  },
);
