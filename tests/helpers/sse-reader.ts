export type SseMessage = { event: string; id?: string; data: string };

/** Reads a server-sent event stream in the background; `messages` grows as they arrive. */
export function readSse(body: ReadableStream<Uint8Array>) {
  const messages: SseMessage[] = [];
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let ended = false;
  void (async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      const blocks = buffer.split("\n\n");
      buffer = blocks.pop()!;
      for (const block of blocks) {
        const lines = block.split("\n");
        if (lines.every((l) => l.startsWith(":"))) continue; // a heartbeat comment
        const message: SseMessage = { event: "message", data: "" };
        for (const line of lines) {
          if (line.startsWith("id: ")) message.id = line.slice(4);
          else if (line.startsWith("event: ")) message.event = line.slice(7);
          else if (line.startsWith("data: ")) message.data = line.slice(6);
        }
        messages.push(message);
      }
    }
  })()
    .catch(() => {})
    .finally(() => (ended = true));
  return { messages, ended: () => ended, cancel: () => reader.cancel().catch(() => {}) };
}
