import type { FieldChange } from "@/lib/events/describe";
import type { EntityType } from "@/lib/events/types";

/** One event as the activity views show it: described on the server, plain data for the client. */
export type ActivityItem = {
  id: number;
  type: string;
  entityType: string;
  sentence: string;
  actorName: string | null;
  createdAt: string;
  /** Where its subject is (a coding opens in its document); null when it no longer exists. */
  href: string | null;
  /** A coding's full history. */
  historyHref: string | null;
  changes: FieldChange[];
};

export type ActivityFilterValues = { actorId?: string; entityType?: EntityType; documentId?: string };
