/**
 * Every kind of change the event log records. The activity feed, live updates (SSE) and the
 * audit trail all read these; add a type here before writing it.
 */
export const EVENT_TYPES = [
  "project.created",
  "project.updated",
  "project.mode_changed",
  "project.revealed",
  "project.deleted",
  "member.added",
  "member.role_changed",
  "member.removed",
  "code.created",
  "code.updated",
  "code.moved",
  "code.merged",
  "code.deleted",
  "document.imported",
  "document.updated",
  "document.deleted",
  "attribute.defined",
  "attribute.updated",
  "attribute.deleted",
  "coding.created",
  "coding.updated",
  "coding.deleted",
  "coding.restored",
  "memo.created",
  "memo.updated",
  "memo.deleted",
  "assignment.changed",
  "agreement.saved",
  "agreement.deleted",
  "consensus.dismissed",
  "consensus.reopened",
  "query.saved",
  "query.deleted",
  "autocode.applied",
  "autocode.undone",
  "suggester.trained",
] as const;

export type EventType = (typeof EVENT_TYPES)[number];
export type EntityType = "project" | "member" | "code" | "document" | "attribute" | "coding" | "memo" | "assignment" | "agreement" | "consensus" | "query" | "autocode" | "suggester";

export function entityOf(type: EventType): EntityType {
  return type.slice(0, type.indexOf(".")) as EntityType;
}
