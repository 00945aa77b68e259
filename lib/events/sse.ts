/**
 * Server-sent events wire format (pure). One event is `id:`, `event:` and a single `data:` line
 * (JSON never contains a raw newline), ended by a blank line; a line starting with `:` is a
 * comment, which clients ignore (the heartbeat).
 */

/** What a client receives for one event row. */
export type EventPayload = {
  id: number;
  type: string;
  entityType: string;
  entityId: string;
  actorId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  meta: Record<string, unknown>;
  createdAt: string;
};

export function eventPayload(e: Omit<EventPayload, "createdAt"> & { createdAt: Date | string }): EventPayload {
  return {
    id: e.id,
    type: e.type,
    entityType: e.entityType,
    entityId: e.entityId,
    actorId: e.actorId,
    before: e.before,
    after: e.after,
    meta: e.meta,
    createdAt: e.createdAt instanceof Date ? e.createdAt.toISOString() : e.createdAt,
  };
}

const oneLine = (s: string) => s.replace(/[\r\n]+/g, " ");

export function sseMessage({ id, event, data }: { id?: number | string; event: string; data: unknown }): string {
  const lines: string[] = [];
  if (id !== undefined) lines.push(`id: ${oneLine(String(id))}`);
  lines.push(`event: ${oneLine(event)}`);
  lines.push(`data: ${JSON.stringify(data)}`);
  return `${lines.join("\n")}\n\n`;
}

export function sseComment(text: string): string {
  return `: ${oneLine(text)}\n\n`;
}

/** The event id a client resumes from: a positive whole number (0: from the start). */
export function parseEventId(value: string | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
  if (!/^\d{1,15}$/.test(trimmed)) return null;
  return Number(trimmed);
}

/** A parsed SSE stream, for tests and scripts: events with their fields, comments skipped. */
export type ParsedSse = { id?: string; event: string; data: string };

export function parseSse(text: string): { messages: ParsedSse[]; rest: string } {
  const messages: ParsedSse[] = [];
  const blocks = text.replace(/\r\n?/g, "\n").split("\n\n");
  const rest = blocks.pop() ?? "";
  for (const block of blocks) {
    let id: string | undefined;
    let event = "message";
    const data: string[] = [];
    let any = false;
    for (const line of block.split("\n")) {
      if (!line || line.startsWith(":")) continue;
      const colon = line.indexOf(":");
      const name = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? "" : line.slice(colon + 1).replace(/^ /, "");
      any = true;
      if (name === "id") id = value;
      else if (name === "event") event = value;
      else if (name === "data") data.push(value);
    }
    if (any) messages.push({ id, event, data: data.join("\n") });
  }
  return { messages, rest };
}
