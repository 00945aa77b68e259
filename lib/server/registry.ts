import type { Permission } from "@/lib/permissions";

/**
 * Every server action and route handler registers here (through the guard) with the access it
 * requires, so the authorization tests can enumerate them and fail when one is missing. The
 * guard also marks each function it returns: a test can then tell a guard-made export from a
 * hand-written one, which would skip the session, membership and role checks.
 */
export type EndpointAccess = Permission | "account" | "public";
export type EndpointEntry = { name: string; kind: "action" | "route"; access: EndpointAccess };

const endpoints = new Map<string, EndpointEntry>();
const entryByFunction = new WeakMap<object, EndpointEntry>();

export function registerEndpoint(entry: EndpointEntry): void {
  endpoints.set(`${entry.kind}:${entry.name}`, entry);
}

export function registeredEndpoints(): EndpointEntry[] {
  return [...endpoints.values()];
}

/** Registers the endpoint and marks the function the guard built for it. */
export function guardedEndpoint<F extends (...args: never[]) => unknown>(entry: EndpointEntry, fn: F): F {
  registerEndpoint(entry);
  entryByFunction.set(fn, entry);
  return fn;
}

/** The registry entry of a function the guard built; undefined for anything else. */
export function endpointOf(fn: unknown): EndpointEntry | undefined {
  return typeof fn === "function" ? entryByFunction.get(fn) : undefined;
}
