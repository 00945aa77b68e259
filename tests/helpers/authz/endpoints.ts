import type { User } from "@/db/schema";
import { ERROR_STATUS, type Result } from "@/lib/errors";
import type { EndpointEntry } from "@/lib/server/registry";
import { runAsUser } from "@/lib/server/session";
import { assertErrorBody, call, type RouteHandler } from "../api";
import { discoverExports, endpointKey, isHttpMethod, scanSources, UNGUARDED_ROUTES, type DiscoveredExport } from "./discover";
import type { ActionCall, Recipe, RouteCall } from "./recipe";
import { ACTION_RECIPES } from "./recipes-actions";
import { ROUTE_RECIPES } from "./recipes-routes";

/**
 * The endpoints as the tests drive them: every guard-made export found on disk, with its
 * registry entry, its HTTP method (routes) and its recipe; and a list of everything that does
 * not add up (unguarded exports, endpoints without recipes, recipes without endpoints).
 */
export type Endpoint =
  | { key: string; entry: EndpointEntry & { kind: "action" }; file: string; exportName: string; fn: (input: unknown) => Promise<Result<unknown>>; recipe: Recipe<ActionCall> }
  | { key: string; entry: EndpointEntry & { kind: "route" }; file: string; exportName: string; method: string; fn: RouteHandler; recipe: Recipe<RouteCall> };

export type Catalog = { endpoints: Endpoint[]; problems: string[] };

const RECIPES_AT = "tests/helpers/authz/recipes-actions.ts or recipes-routes.ts";

export async function loadCatalog(): Promise<Catalog> {
  const scan = scanSources();
  const problems: string[] = [];
  for (const file of scan.inlineServerActions) {
    problems.push(`${file} has an inline "use server" function: server actions live in a "use server" module and are built with lib/server/guard.ts, so they cannot skip its checks.`);
  }
  const found = await discoverExports(scan);
  const endpoints: Endpoint[] = [];
  const seen = new Map<string, DiscoveredExport>();
  for (const item of found) {
    const where = `${item.file}: export ${item.exportName}`;
    const exempt = UNGUARDED_ROUTES[item.file];
    if (exempt) {
      if (!exempt.exports.includes(item.exportName)) problems.push(`${where} is not in UNGUARDED_ROUTES' list for that file (${exempt.exports.join(", ")}); build it with apiRoute() instead.`);
      continue;
    }
    if (item.kind === "route" && !isHttpMethod(item.exportName)) {
      problems.push(`${where} is neither an HTTP method nor route segment config; a route file exports only handlers built with apiRoute().`);
      continue;
    }
    if (!item.entry) {
      const builder = item.kind === "route" ? "apiRoute()" : "publicAction(), accountAction() or projectAction()";
      problems.push(`${where} is not built with the guard: wrap it in ${builder} from lib/server/guard.ts so it parses its input and checks the session, membership and role.`);
      continue;
    }
    if (item.entry.kind !== item.kind) {
      problems.push(`${where} is a ${item.entry.kind} (${item.entry.name}) exported from a ${item.kind} file.`);
      continue;
    }
    const key = endpointKey(item.entry);
    const twin = seen.get(key);
    if (twin && twin.value !== item.value) {
      problems.push(`${where} and ${twin.file}: export ${twin.exportName} both register as "${key}": give each endpoint its own name.`);
      continue;
    }
    if (twin) continue;
    seen.set(key, item);
    const recipe = item.kind === "action" ? ACTION_RECIPES[item.entry.name] : ROUTE_RECIPES[item.entry.name];
    if (!recipe) {
      problems.push(`${where} ("${key}", access ${item.entry.access}) has no recipe: add one in ${RECIPES_AT}, so the authorization matrix calls it as every role.`);
      continue;
    }
    const base = { key, file: item.file, exportName: item.exportName };
    endpoints.push(
      item.kind === "action"
        ? { ...base, entry: item.entry as EndpointEntry & { kind: "action" }, fn: item.value as (input: unknown) => Promise<Result<unknown>>, recipe: recipe as Recipe<ActionCall> }
        : { ...base, entry: item.entry as EndpointEntry & { kind: "route" }, method: item.exportName, fn: item.value as RouteHandler, recipe: recipe as Recipe<RouteCall> },
    );
  }
  for (const [kind, recipes] of [["action", ACTION_RECIPES], ["route", ROUTE_RECIPES]] as const) {
    for (const name of Object.keys(recipes)) {
      if (!seen.has(`${kind}:${name}`)) problems.push(`The recipe for ${kind} "${name}" names no endpoint any more: remove it from ${RECIPES_AT} (or fix its name).`);
    }
  }
  for (const [file, exempt] of Object.entries(UNGUARDED_ROUTES)) {
    const exports = found.filter((f) => f.file === file).map((f) => f.exportName);
    if (exports.length === 0) problems.push(`UNGUARDED_ROUTES lists ${file}, which no longer exists: remove it from tests/helpers/authz/discover.ts.`);
    for (const name of exempt.exports) if (exports.length && !exports.includes(name)) problems.push(`UNGUARDED_ROUTES lists ${file} export ${name}, which it no longer has.`);
  }
  return { endpoints, problems };
}

/** What an endpoint answered, in HTTP terms for actions too (their error code's status). */
export type Outcome = { status: number; code: string | null; message: string | null; text: string; body: unknown };

/** Calls an endpoint as a person (a session for actions, their API token for routes) or anonymously. */
export async function invokeAs(endpoint: Endpoint, caller: { actor: User | null; token: string | undefined }, request: ActionCall | RouteCall): Promise<Outcome> {
  if (endpoint.entry.kind === "action") return invokeAction(endpoint.fn as (input: unknown) => Promise<Result<unknown>>, caller.actor, (request as ActionCall).input);
  return invokeRoute(endpoint as RouteEndpoint, caller.token, request as RouteCall);
}

export type RouteEndpoint = Extract<Endpoint, { entry: { kind: "route" } }>;
export type ActionEndpoint = Extract<Endpoint, { entry: { kind: "action" } }>;

export async function invokeAction(fn: (input: unknown) => Promise<Result<unknown>>, actor: User | null, input: unknown): Promise<Outcome> {
  const result = actor ? await runAsUser(actor, () => fn(input)) : await fn(input);
  const text = JSON.stringify(result);
  if (result.ok) return { status: 200, code: null, message: null, text, body: result.data };
  const status = ERROR_STATUS[result.error.code] ?? 500;
  // The same checks as an API error body: a code, a plain message, no stack trace, no 500.
  assertErrorBody(status, JSON.stringify({ error: result.error }), { error: result.error });
  return { status, code: result.error.code, message: result.error.message, text, body: result };
}

export async function invokeRoute(endpoint: RouteEndpoint, token: string | undefined, request: RouteCall & { rawBody?: string; streamUntil?: (text: string) => boolean }): Promise<Outcome> {
  const path = `/api/v1${request.query ? `?${request.query}` : ""}`;
  const res = await call(endpoint.fn, {
    method: endpoint.method,
    path,
    params: request.params ?? {},
    token,
    body: request.body,
    rawBody: request.rawBody,
    form: request.form,
    headers: request.headers,
    streamUntil: request.streamUntil,
  });
  const error = res.status >= 400 ? (res.body as { error: { code: string; message: string } }).error : null;
  return { status: res.status, code: error?.code ?? null, message: error?.message ?? null, text: res.text, body: res.body };
}
