import { expect } from "vitest";
import type { Database } from "@/db/client";
import { createApiToken } from "@/db/queries/api-tokens";

/** A route handler as exported from app/api/**\/route.ts. */
export type RouteHandler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

export type CallOptions = {
  method?: string;
  /** Path and query, e.g. `/api/v1/projects?x=1`; only the query reaches the handler. */
  path?: string;
  params?: Record<string, string>;
  token?: string;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as is (to test malformed bodies). */
  rawBody?: string;
  /** Sent as multipart/form-data (the boundary header is set by the Request). */
  form?: FormData;
  headers?: Record<string, string>;
  /**
   * For a server-sent event stream, which never ends by itself: read until this returns true
   * for the text so far (default: the first chunk), or `streamMs` pass, then cancel it.
   */
  streamUntil?: (text: string) => boolean;
  streamMs?: number;
};

export type CallResult = { status: number; body: any; text: string; headers: Headers };

// A V8 stack frame: "    at fn (file.ts:1:2)" or "at file.ts:1:2".
const STACK_FRAME = /\n\s+at\s|\bat\s+\S+\s+\([^)]*:\d+:\d+\)|\bat\s+\S+:\d+:\d+/;
const SECRETS = /passwordHash|password_hash|tokenHash|token_hash|sessionVersion|session_version|scrypt\$/;

/**
 * Calls a route handler the way Next does, and checks what every answer must satisfy: no
 * secrets in any body; errors shaped `{error: {code, message}}` with no stack trace.
 */
export async function call(handler: RouteHandler, options: CallOptions = {}): Promise<CallResult> {
  const { method = "GET", path = "/api/v1", params = {}, token, body, rawBody } = options;
  const headers: Record<string, string> = { ...options.headers };
  if (token) headers.authorization = `Bearer ${token}`;
  let payload: string | FormData | undefined;
  if (body !== undefined) payload = JSON.stringify(body);
  if (rawBody !== undefined) payload = rawBody;
  if (payload !== undefined) headers["content-type"] ??= "application/json";
  if (options.form) payload = options.form;
  const response = await handler(new Request(`http://localhost${path}`, { method, headers, body: payload }), { params: Promise.resolve(params) });
  const streaming = (response.headers.get("content-type") ?? "").startsWith("text/event-stream");
  const text = streaming ? await readStream(response, options.streamUntil ?? (() => true), options.streamMs ?? 5000) : await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  expect(text).not.toMatch(SECRETS);
  if (response.status >= 400) assertErrorBody(response.status, text, json);
  return { status: response.status, body: json, text, headers: response.headers };
}

/** Reads an event stream until `done(text)` or the time is up, then cancels it (the server unsubscribes). */
async function readStream(response: Response, done: (text: string) => boolean, ms: number): Promise<string> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const deadline = Date.now() + ms;
  let text = "";
  try {
    while (Date.now() < deadline) {
      const timeout = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), Math.max(1, deadline - Date.now())).unref());
      const chunk = await Promise.race([reader.read(), timeout]);
      if (chunk === "timeout" || chunk.done) break;
      text += decoder.decode(chunk.value, { stream: true });
      if (done(text)) break;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  return text;
}

export function assertErrorBody(status: number, text: string, json: unknown): void {
  const context = `${status} ${text}`;
  expect(json, context).toBeTypeOf("object");
  expect(Object.keys(json as object), context).toEqual(["error"]);
  const error = (json as { error: Record<string, unknown> }).error;
  expect(error.code, context).toBeTypeOf("string");
  expect(error.message, context).toBeTypeOf("string");
  expect((error.message as string).length, context).toBeGreaterThan(0);
  for (const key of Object.keys(error)) expect(["code", "message", "details"], context).toContain(key);
  expect(text, context).not.toMatch(STACK_FRAME);
  expect(status, context).toBeLessThan(500);
}

export async function tokenFor(db: Database, userId: string, options: { expiresAt?: Date | null } = {}): Promise<string> {
  return (await createApiToken(db, { userId, name: "test", expiresAt: options.expiresAt ?? null })).token;
}
