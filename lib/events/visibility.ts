/**
 * What one live-update subscriber may receive, event by event (pure; the event bus applies it).
 *
 * Blind mode (ARCHITECTURE.md): a member who does not see every coding (`seesAllCodings`
 * false) never receives another coder's coding events, nor memo events on another coder's
 * coding, nor counts of codings hidden in other events' meta. Events that do not say whose
 * coding it was are withheld. The same rules as the activity feed (db/queries/activity.ts).
 *
 * The viewer's state changes with the stream itself: `project.mode_changed`/`project.revealed`
 * change what they see from that event on, `member.role_changed` their role, and
 * `member.removed` (them) or `project.deleted` ends their stream.
 */
import { seesAllCodings, type Role } from "@/lib/permissions";

export type StreamViewer = { userId: string; role: Role; mode: "open" | "blind"; revealed: boolean };

/** The fields of an event these rules read. */
export type VisibilityEvent = {
  type: string;
  entityType: string;
  entityId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  meta: Record<string, unknown>;
};

/** Counts of codings in other events' meta (a deleted code or document took N codings along). */
const CODING_COUNT_META = ["deletedCodings", "movedCodings", "codingCount"];

const field = (e: VisibilityEvent, key: string): unknown => e.after?.[key] ?? e.before?.[key];

export function viewerSeesAll(viewer: StreamViewer): boolean {
  return seesAllCodings(viewer.role, viewer);
}

export function eventVisibleTo(event: VisibilityEvent, viewer: StreamViewer): boolean {
  if (viewerSeesAll(viewer)) return true;
  // An auto-coding run is a batch of one coder's codings: the same rule as each of them.
  if (event.entityType === "coding" || event.entityType === "autocode") {
    return field(event, "coderId") === viewer.userId && (field(event, "layer") ?? "coder") === "coder";
  }
  if (event.entityType === "memo" && field(event, "targetType") === "coding") {
    return field(event, "authorId") === viewer.userId;
  }
  return true;
}

/** The event as this viewer may read it (meta counts of hidden codings removed). */
export function redactFor<E extends VisibilityEvent>(event: E, viewer: StreamViewer): E {
  if (viewerSeesAll(viewer) || event.entityType === "coding") return event;
  if (!CODING_COUNT_META.some((k) => k in (event.meta ?? {}))) return event;
  const meta = Object.fromEntries(Object.entries(event.meta).filter(([k]) => !CODING_COUNT_META.includes(k)));
  return { ...event, meta };
}

const isRole = (v: unknown): v is Role => v === "owner" || v === "coder" || v === "viewer";

/**
 * The viewer after this event: their new state, `"end"` when their stream must end, or
 * `"reload"` when the event does not carry the new state (the caller re-reads the project row or
 * the membership). Returns the same object when nothing changed.
 */
export function viewerAfter(event: VisibilityEvent, viewer: StreamViewer): StreamViewer | "end" | "reload" {
  switch (event.type) {
    case "project.deleted":
      return "end";
    case "project.mode_changed":
    case "project.revealed": {
      const mode = event.after?.mode ?? viewer.mode;
      const revealed = event.after?.revealed;
      if ((mode !== "open" && mode !== "blind") || typeof revealed !== "boolean") return "reload";
      return mode === viewer.mode && revealed === viewer.revealed ? viewer : { ...viewer, mode, revealed };
    }
    case "member.removed":
      return event.entityId === viewer.userId ? "end" : viewer;
    case "member.role_changed": {
      if (event.entityId !== viewer.userId) return viewer;
      const role = event.after?.role;
      return isRole(role) ? { ...viewer, role } : "reload";
    }
    default:
      return viewer;
  }
}
