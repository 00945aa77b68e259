import "server-only";
import type { Database } from "@/db/client";
import { getEventNames, type ActivityEntry } from "@/db/queries/activity";
import type { ActivityItem } from "@/components/activity/types";
import { describeEvent, diffFields, eventHref, type EventNames } from "@/lib/events/describe";

/** Events as the feed and the history page show them, with the names they mention resolved. */
export async function toActivityItems(db: Database, projectId: string, entries: ActivityEntry[]): Promise<{ items: ActivityItem[]; names: EventNames }> {
  const names = await getEventNames(db, { projectId, entries });
  const items = entries.map((e) => ({
    id: e.id,
    type: e.type,
    entityType: e.entityType,
    sentence: describeEvent(e, names),
    actorName: e.actorName,
    createdAt: e.createdAt.toISOString(),
    href: eventHref(projectId, e, names),
    historyHref: e.entityType === "coding" ? `/projects/${projectId}/activity/codings/${e.entityId}` : null,
    changes: diffFields(e.before, e.after, names),
  }));
  return { items, names };
}
