import { z } from "zod";
import { getDocumentSummaryById } from "@/db/queries/documents";
import { getCursorForEventId, latestCursor, type EventCursor } from "@/db/queries/events";
import { getProjectMembership } from "@/db/queries/projects";
import { AppError } from "@/lib/errors";
import { parseEventId, sseComment, sseMessage } from "@/lib/events/sse";
import { getEventBus, type Subscription } from "@/lib/server/event-bus";
import { apiRoute } from "@/lib/server/guard";
import { projectParamsSchema } from "@/lib/validation/projects";

// A stream per request, never cached or prerendered (Node.js runtime, the default: it needs the database).
export const dynamic = "force-dynamic";

const eventsQuerySchema = z.object({
  after: z.string().optional(),
  documentId: z.string().uuid("documentId is not a valid id.").optional(),
});

// A client that stops reading is cut off once this much waits for it; its EventSource reconnects
// with Last-Event-ID and resumes exactly where it was, so nothing is lost and memory stays bounded.
const MAX_QUEUED_BYTES = 8 * 1024 * 1024;

const HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  // no-transform: nothing on the way (Next's own compression included) may buffer the stream.
  "cache-control": "no-cache, no-transform",
  "x-accel-buffering": "no",
};

/**
 * Server-sent events: every change to the project as it happens, each as `id: <event id>`,
 * `event: <type>`, `data: <event JSON>`. Resumes after `Last-Event-ID` (EventSource sends it on
 * reconnect) or `?after=<id>` (0: from the start); otherwise starts now. First comes
 * `event: ready` carrying the position it starts from, then `event: presence` whenever who is
 * here changes (`?documentId` says which document this member is viewing), and a comment every
 * 15 s. In a blind project a member who does not see every coding receives only their own
 * coding events. It ends with `event: end` and `{reason}` (`removed`: the member was removed;
 * `project_deleted`) for good; any other close is passing, and the client reconnects.
 *
 * Events arrive in commit order, (transaction, id): ids are unique and each is sent once per
 * stream, but they are not increasing, so a client must not drop an event because its id is
 * lower than the last one it saw. Resuming from any id it received is exact.
 */
export const GET = apiRoute(
  { name: "api.events.stream", access: "events.read", params: projectParamsSchema, query: eventsQuerySchema },
  async ({ db, user, project }, { query, request }) => {
    const projectId = project!.id;
    const resumeFrom = request.headers.get("last-event-id") ?? query.after ?? null;
    let cursor: EventCursor | null;
    if (resumeFrom === null) {
      cursor = await latestCursor(db, { projectId });
    } else {
      const eventId = parseEventId(resumeFrom);
      if (eventId === null) throw new AppError("bad_request", "The event id to resume from is a whole number (0: from the start).");
      if (eventId === 0) cursor = null;
      else {
        const found = await getCursorForEventId(db, { projectId, eventId });
        if (!found) throw new AppError("bad_request", `There is no event ${eventId} in this project: resume from an id you received, or 0 for the start.`);
        cursor = found;
      }
    }
    if (query.documentId && !(await getDocumentSummaryById(db, { projectId, documentId: query.documentId }))) {
      throw new AppError("bad_request", "That document is not in this project.");
    }
    // Role and mode as of now, read after the cursor, so the viewer is never older than the
    // position it starts from; later changes arrive as events in order.
    const membership = await getProjectMembership(db, { projectId, userId: user!.id });
    if (!membership) throw new AppError("not_found", "Project not found.");
    const viewer = { userId: user!.id, role: membership.role, mode: membership.project.mode, revealed: membership.project.revealed };
    const bus = await getEventBus();

    const encoder = new TextEncoder();
    let subscription: Subscription | undefined;
    let done = false;
    let controllerRef: ReadableStreamDefaultController<Uint8Array> | undefined;
    const cleanup = () => {
      if (done) return;
      done = true;
      request.signal.removeEventListener("abort", cleanup);
      void subscription?.unsubscribe();
      try {
        controllerRef?.close();
      } catch {
        // already closed by the client
      }
    };
    const write = (text: string) => {
      if (done) return;
      try {
        controllerRef!.enqueue(encoder.encode(text));
        if ((controllerRef!.desiredSize ?? 0) < -MAX_QUEUED_BYTES) cleanup();
      } catch {
        cleanup();
      }
    };

    const stream = new ReadableStream<Uint8Array>({
      async start(controller) {
        controllerRef = controller;
        write(sseMessage({ id: cursor?.id ?? 0, event: "ready", data: { id: cursor?.id ?? 0 } }));
        try {
          subscription = await bus.subscribe({
            projectId,
            viewer,
            cursor,
            documentId: query.documentId ?? null,
            sink: {
              event: (payload) => write(sseMessage({ id: payload.id, event: payload.type, data: payload })),
              presence: (entries) => write(sseMessage({ event: "presence", data: entries })),
              heartbeat: () => write(sseComment("heartbeat")),
              end: (reason) => {
                write(sseMessage({ event: "end", data: { reason } }));
                cleanup();
              },
            },
          });
        } catch (error) {
          console.error("[api.events.stream] subscribe failed:", error instanceof Error ? error.message : error);
          // A passing failure: close, and EventSource reconnects by itself with Last-Event-ID.
          write(sseComment("live updates are unavailable just now; reconnect to resume"));
          cleanup();
          return;
        }
        // The client may have gone while we subscribed.
        if (done) void subscription.unsubscribe();
        else if (request.signal.aborted) cleanup();
      },
      cancel() {
        cleanup();
      },
    }, new ByteLengthQueuingStrategy({ highWaterMark: 64 * 1024 }));
    request.signal.addEventListener("abort", cleanup);
    return new Response(stream, { status: 200, headers: HEADERS });
  },
);
