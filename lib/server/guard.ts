import "server-only";
import { z } from "zod";
import { getDb, type Database } from "@/db/client";
import { getApiTokenAccess, getUserByApiToken } from "@/db/queries/api-tokens";
import { getProjectMembership } from "@/db/queries/projects";
import type { Project, User } from "@/db/schema";
import { AppError, ERROR_STATUS, isDatabaseUnavailable, type ErrorBody, type Result } from "@/lib/errors";
import { can, PERMISSION_LABELS, type Permission, type Role } from "@/lib/permissions";
import { refuseNul } from "@/lib/validation/text";
import { getApiSessionUser } from "./api-session";
import { getSessionUser } from "./session";
import { guardedEndpoint, type EndpointAccess } from "./registry";

/**
 * The one wrapper every server action and route handler goes through:
 * parse input (zod; text with a NUL, which PostgreSQL cannot store, is refused) → load the
 * user → load the project membership (non-members: 404) → check the role against
 * lib/permissions → run → typed result. Server actions are public endpoints, so none may
 * skip it.
 */

export type AccountContext = { db: Database; user: User };
export type ProjectContext = AccountContext & { project: Project; role: Role };

export const projectIdSchema = z.string().uuid({ message: "Project not found." });

function zodMessage(error: z.ZodError): ErrorBody {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_";
    fields[key] ??= issue.message;
  }
  const first = error.issues[0];
  const where = first && first.path.length ? `${first.path.join(".")}: ` : "";
  return { code: "bad_request", message: `${where}${first?.message ?? "Invalid input."}`, details: { fields } };
}

/** Turns anything thrown into a typed error body; unexpected errors are logged, not sent. */
export function toErrorBody(error: unknown, context: string): ErrorBody {
  if (error instanceof AppError) return error.toBody();
  if (error instanceof z.ZodError) return zodMessage(error);
  if (isDatabaseUnavailable(error)) {
    console.error(`[${context}] database unavailable: ${error instanceof Error ? error.message : String(error)}`);
    return { code: "unavailable", message: "The database cannot be reached right now (it may be restarting). Try again in a moment; if you were saving something, check whether it was saved." };
  }
  console.error(`[${context}] unexpected error:`, error instanceof Error ? (error.stack ?? error.message) : error);
  return { code: "internal", message: "Something went wrong on our side. Nothing was changed; please try again." };
}

/** Non-members: 404; a role too low: 403 naming what it may not do. */
function checkRole(membership: { project: Project; role: Role } | null | undefined, permission: Permission) {
  if (!membership) throw new AppError("not_found", "Project not found.");
  if (!can(membership.role, permission)) {
    throw new AppError("forbidden", `Your role in this project (${membership.role}) does not allow you to ${PERMISSION_LABELS[permission]}.`);
  }
  return membership;
}

/** Membership and role check shared by actions, routes and pages. */
export async function requireProjectRole(db: Database, user: User, projectId: string, permission: Permission) {
  const parsedId = projectIdSchema.safeParse(projectId);
  if (!parsedId.success) throw new AppError("not_found", "Project not found.");
  return checkRole(await getProjectMembership(db, { projectId: parsedId.data, userId: user.id }), permission);
}

async function requireUser(): Promise<User> {
  const user = await getSessionUser();
  if (!user) throw new AppError("unauthorized", "Please sign in again: your session has ended.");
  return user;
}

/**
 * For the only actions that run without a signed-in user (sign up, sign in, sign out):
 * validate with zod and answer with a typed Result like the others, and register as public so
 * the authorization test sees them.
 */
export function publicAction<S extends z.ZodType, R>(
  name: string,
  schema: S,
  run: (input: z.output<S>) => Promise<R>,
): (input: z.input<S>) => Promise<Result<R>> {
  return guardedEndpoint({ name, kind: "action", access: "public" }, async (input: z.input<S>): Promise<Result<R>> => {
    try {
      const parsed = schema.safeParse(input);
      if (!parsed.success) return { ok: false, error: zodMessage(parsed.error) };
      refuseNul(parsed.data);
      return { ok: true, data: await run(parsed.data) };
    } catch (error) {
      return { ok: false, error: toErrorBody(error, name) };
    }
  });
}

/** A server action for the signed-in user, outside any project (create project, tokens, password). */
export function accountAction<S extends z.ZodType, R>(
  name: string,
  schema: S,
  run: (ctx: AccountContext, input: z.output<S>) => Promise<R>,
): (input: z.input<S>) => Promise<Result<R>> {
  return guardedEndpoint({ name, kind: "action", access: "account" }, async (input: z.input<S>): Promise<Result<R>> => {
    try {
      const parsed = schema.safeParse(input);
      if (!parsed.success) return { ok: false, error: zodMessage(parsed.error) };
      refuseNul(parsed.data);
      const user = await requireUser();
      const db = await getDb();
      return { ok: true, data: await run({ db, user }, parsed.data) };
    } catch (error) {
      return { ok: false, error: toErrorBody(error, name) };
    }
  });
}

/** A server action inside a project: input must carry `projectId`; the role must allow `permission`. */
export function projectAction<S extends z.ZodType<{ projectId: string }>, R>(
  name: string,
  permission: Permission,
  schema: S,
  run: (ctx: ProjectContext, input: z.output<S>) => Promise<R>,
): (input: z.input<S>) => Promise<Result<R>> {
  return guardedEndpoint({ name, kind: "action", access: permission }, async (input: z.input<S>): Promise<Result<R>> => {
    try {
      const user = await requireUser();
      // A malformed project id is answered like a project the user is not in.
      const projectId = (input as { projectId?: unknown } | null)?.projectId;
      if (typeof projectId !== "string") throw new AppError("not_found", "Project not found.");
      const db = await getDb();
      const { project, role } = await requireProjectRole(db, user, projectId, permission);
      const parsed = schema.safeParse(input);
      if (!parsed.success) return { ok: false, error: zodMessage(parsed.error) };
      refuseNul(parsed.data);
      return { ok: true, data: await run({ db, user, project, role }, parsed.data) };
    } catch (error) {
      return { ok: false, error: toErrorBody(error, name) };
    }
  });
}

// ── JSON API route handlers ───────────────────────────────────────────────────────────────

type RouteContext = { params: Promise<Record<string, string | string[]>> };
export type RouteAccess = EndpointAccess;

export type ApiInput<P, Q, B> = { params: P; query: Q; body: B; request: Request };

export type ApiRouteDef<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> = {
  name: string;
  access: RouteAccess;
  params?: P;
  query?: Q;
  body?: B;
  /** Status for a successful answer (default 200). */
  status?: number;
};

const MAX_JSON_BYTES = 2 * 1024 * 1024;

export function jsonError(body: ErrorBody): Response {
  const headers: Record<string, string> = { "cache-control": "no-store" };
  if (body.code === "unavailable") headers["retry-after"] = "1";
  return Response.json({ error: body }, { status: ERROR_STATUS[body.code], headers });
}

/** Token requests learn user and membership in one query; cookie requests in two. */
async function apiProjectAccess(request: Request, db: Database, projectId: string) {
  const token = bearerToken(request);
  if (token !== null) {
    const access = token ? await getApiTokenAccess(db, { token, projectId }) : undefined;
    if (!access || access.user.kind !== "person") throw new AppError("unauthorized", "The API token is missing, invalid, expired or revoked.");
    return access;
  }
  const user = await apiUser(request, db);
  return { user, membership: (await getProjectMembership(db, { projectId, userId: user.id })) ?? null };
}

function bearerToken(request: Request): string | null {
  const header = request.headers.get("authorization");
  if (!header) return null;
  return /^Bearer\s+(\S+)$/i.exec(header.trim())?.[1] ?? "";
}

/** The user an API request acts as: a bearer token, or (for reads only) the session cookie. */
async function apiUser(request: Request, db: Database): Promise<User> {
  const token = bearerToken(request);
  if (token !== null) {
    const user = token ? await getUserByApiToken(db, { token }) : undefined;
    if (!user || user.kind !== "person") throw new AppError("unauthorized", "The API token is missing, invalid, expired or revoked.");
    return user;
  }
  // Cookies ride along on cross-site requests: accept them for reads, and for writes only
  // when the browser says the request comes from our own pages (CSRF protection).
  if (request.method === "GET" || request.method === "HEAD" || isSameOrigin(request)) {
    const user = await getApiSessionUser();
    if (user) return user;
  }
  throw new AppError("unauthorized", "Send an API token: Authorization: Bearer <token> (create one on your settings page).");
}

/** Whether a request was sent by a page of this site (Origin, or Sec-Fetch-Site, as browsers set them). */
function isSameOrigin(request: Request): boolean {
  const origin = request.headers.get("origin");
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  if (origin && host) {
    try {
      return new URL(origin).host === host;
    } catch {
      return false;
    }
  }
  return request.headers.get("sec-fetch-site") === "same-origin";
}

async function readJson(request: Request): Promise<unknown> {
  const length = Number(request.headers.get("content-length") ?? "0");
  if (length > MAX_JSON_BYTES) throw new AppError("payload_too_large", "The request body is larger than 2 MB.");
  const text = await request.text();
  if (text.length > MAX_JSON_BYTES) throw new AppError("payload_too_large", "The request body is larger than 2 MB.");
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("bad_request", "The request body is not valid JSON.");
  }
}

function parseWith<T extends z.ZodType>(schema: T | undefined, value: unknown): z.output<T> {
  if (!schema) return undefined as z.output<T>;
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw parsed.error;
  refuseNul(parsed.data);
  return parsed.data;
}

export function apiRoute<P extends z.ZodType = z.ZodType<undefined>, Q extends z.ZodType = z.ZodType<undefined>, B extends z.ZodType = z.ZodType<undefined>>(
  def: ApiRouteDef<P, Q, B>,
  run: (ctx: { db: Database; user: User | null; project: Project | null; role: Role | null }, input: ApiInput<z.output<P>, z.output<Q>, z.output<B>>) => Promise<unknown>,
): (request: Request, context: RouteContext) => Promise<Response> {
  return guardedEndpoint({ name: def.name, kind: "route", access: def.access }, async (request: Request, context: RouteContext): Promise<Response> => {
    try {
      const rawParams = (await context?.params) ?? {};
      const db = await getDb();
      let user: User | null = null;
      let project: Project | null = null;
      let role: Role | null = null;
      if (def.access !== "public" && def.access !== "account") {
        const projectId = rawParams.projectId;
        if (typeof projectId !== "string" || !projectIdSchema.safeParse(projectId).success) throw new AppError("not_found", "Project not found.");
        const access = await apiProjectAccess(request, db, projectId);
        user = access.user;
        ({ project, role } = checkRole(access.membership, def.access));
      } else if (def.access === "account") {
        user = await apiUser(request, db);
      }
      // A malformed id in the path names nothing that exists: 404, like any unknown id.
      let params: z.output<P>;
      try {
        params = parseWith(def.params, rawParams);
      } catch {
        throw new AppError("not_found", "Not found.");
      }
      const query = parseWith(def.query, Object.fromEntries(new URL(request.url).searchParams));
      const body = def.body ? parseWith(def.body, await readJson(request)) : (undefined as z.output<B>);
      const result = await run({ db, user, project, role }, { params, query, body, request });
      if (result instanceof Response) return result;
      if (result === undefined) return new Response(null, { status: 204 });
      return Response.json(result, { status: def.status ?? 200, headers: { "cache-control": "no-store" } });
    } catch (error) {
      const body = toErrorBody(error, def.name);
      return jsonError(body);
    }
  });
}
