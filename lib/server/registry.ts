/**
 * Every server action and route handler registers here (through the guard) with the access it
 * requires, so the authorization test can enumerate them and fail when one is missing.
 */
export type EndpointAccess = string;
export type EndpointEntry = { name: string; kind: "action" | "route"; access: EndpointAccess };

const endpoints = new Map<string, EndpointEntry>();

export function registerEndpoint(entry: EndpointEntry): void {
  endpoints.set(`${entry.kind}:${entry.name}`, entry);
}

export function registeredEndpoints(): EndpointEntry[] {
  return [...endpoints.values()];
}
