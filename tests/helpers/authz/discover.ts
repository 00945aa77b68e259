import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { endpointOf, type EndpointEntry } from "@/lib/server/registry";

/**
 * Finds every endpoint the app exposes by reading the file system, not a hand-kept list:
 * every `app/api/**\/route.ts` and every module that starts with "use server" (each export of
 * such a module is a public endpoint, whatever its file is called). A file added tomorrow is
 * found tomorrow.
 */
export const ROOT = path.resolve(import.meta.dirname, "../../..");

const SOURCE_DIRS = ["app", "components", "lib", "db"];
const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
/** Route segment config that Next reads from a route file; not endpoints. */
const ROUTE_CONFIG = ["dynamic", "dynamicParams", "revalidate", "fetchCache", "runtime", "preferredRegion", "maxDuration"];
const USE_SERVER = /^\s*(?:\/\/[^\n]*\n|\/\*[\s\S]*?\*\/\s*)*\s*["']use server["']/;
// A directive is a statement of its own: inside a function body it stands on its own line.
const USE_SERVER_INLINE = /^\s*["']use server["'];?\s*$/m;

/**
 * Route files whose handlers cannot be guard-made, each with why. The registry test checks that
 * each one still exists and exports exactly what is said here, so the list cannot go stale.
 */
export const UNGUARDED_ROUTES: Record<string, { reason: string; exports: string[] }> = {
  "app/api/auth/[...nextauth]/route.ts": {
    reason: "next-auth's own sign-in, callback and session handlers (throttled in lib/server/auth.ts; tested in api-auth)",
    exports: ["GET", "POST"],
  },
};

export type DiscoveredExport = {
  file: string;
  exportName: string;
  value: unknown;
  kind: "action" | "route";
  /** The registry entry when the guard built it. */
  entry: EndpointEntry | undefined;
};

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name.startsWith(".")) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) walk(full, out);
    else if (/\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name)) out.push(full);
  }
  return out;
}

export type SourceScan = { routeFiles: string[]; actionFiles: string[]; inlineServerActions: string[] };

/** Relative paths of route files, "use server" modules, and files with an inline "use server". */
export function scanSources(): SourceScan {
  const scan: SourceScan = { routeFiles: [], actionFiles: [], inlineServerActions: [] };
  for (const dir of SOURCE_DIRS) {
    for (const file of walk(path.join(ROOT, dir))) {
      const rel = path.relative(ROOT, file).split(path.sep).join("/");
      if (/^app\/api\/.*\/route\.tsx?$/.test(rel) || rel === "app/api/route.ts") scan.routeFiles.push(rel);
      const text = readFileSync(file, "utf8");
      if (USE_SERVER.test(text)) scan.actionFiles.push(rel);
      else if (USE_SERVER_INLINE.test(text)) scan.inlineServerActions.push(rel);
    }
  }
  for (const list of Object.values(scan)) list.sort();
  return scan;
}

/** Imports every discovered module and lists its exports with their registry entries. */
export async function discoverExports(scan = scanSources()): Promise<DiscoveredExport[]> {
  const found: DiscoveredExport[] = [];
  const load = async (rel: string, kind: "action" | "route") => {
    const mod = (await import(/* @vite-ignore */ path.join(ROOT, rel))) as Record<string, unknown>;
    for (const [exportName, value] of Object.entries(mod)) {
      if (kind === "route" && ROUTE_CONFIG.includes(exportName)) continue;
      found.push({ file: rel, exportName, value, kind, entry: endpointOf(value) });
    }
  };
  for (const rel of scan.routeFiles) await load(rel, "route");
  for (const rel of scan.actionFiles) await load(rel, "action");
  return found;
}

export const isHttpMethod = (name: string) => HTTP_METHODS.includes(name);

/** The key recipes are filed under: `action:<name>` or `route:<name>`. */
export const endpointKey = (entry: Pick<EndpointEntry, "kind" | "name">) => `${entry.kind}:${entry.name}`;
