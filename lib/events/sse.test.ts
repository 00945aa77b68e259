import { describe, expect, it } from "vitest";
import { parseEventId, parseSse, sseComment, sseMessage } from "./sse";

describe("server-sent events format", () => {
  it("writes one event as id, event and a single data line, and reads it back", () => {
    const data = { text: "two\nlines", quote: "🇻🇳 \r\n" };
    const wire = sseMessage({ id: 42, event: "coding.created", data }) + sseComment("heartbeat") + sseMessage({ event: "presence", data: [] });
    expect(wire.split("\n\n")[0]).toBe(`id: 42\nevent: coding.created\ndata: ${JSON.stringify(data)}`);
    const { messages, rest } = parseSse(wire + "id: 43\nevent: par");
    expect(messages).toEqual([
      { id: "42", event: "coding.created", data: JSON.stringify(data) },
      { id: undefined, event: "presence", data: "[]" },
    ]);
    expect(rest).toBe("id: 43\nevent: par");
  });

  it.each([
    ["17", 17],
    [" 17 ", 17],
    ["0", 0],
    ["-1", null],
    ["1.5", null],
    ["abc", null],
    ["", null],
    ["9999999999999999", null],
  ])("parses the resume id %j as %j", (value, expected) => {
    expect(parseEventId(value)).toBe(expected);
  });
});
