/**
 * A V8 CPU profile (.cpuprofile) summed by where the code comes from, to say where a server's
 * time goes: Next.js, Node's HTTP and web-stream layers, the database driver, our code, GC.
 */
type ProfileNode = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
export type CpuProfile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };

/** First match wins: specific packages before the bundles that contain them. */
const CATEGORIES: [string, (url: string, fn: string) => boolean][] = [
  ["idle (waiting for I/O)", (_u, fn) => fn === "(idle)"],
  ["garbage collection", (_u, fn) => fn === "(garbage collector)"],
  ["V8 and native code", (u, fn) => !u && (fn === "(program)" || fn === "(root)")],
  ["postgres.js (driver)", (u) => /node_modules\/postgres\/|node_modules_postgres_/.test(u)],
  ["drizzle-orm", (u) => /drizzle-orm/.test(u)],
  ["zod", (u) => /zod/.test(u)],
  ["next-auth / jose", (u) => /next-auth|@auth|jose/.test(u)],
  ["Node: undici / web Request, Response, streams", (u) => /internal\/deps\/undici|internal\/webstreams|node:internal\/webstreams/.test(u)],
  ["Node: http, net, other core", (u) => u.startsWith("node:")],
  ["React (server)", (u) => /react-dom|react-server|compiled\/react/.test(u)],
  ["Next.js server", (u) => /node_modules\/next\//.test(u)],
  ["app bundle (our routes, guard, queries)", (u) => /\.next\/server\//.test(u)],
  ["other native / built-in", (u) => !u],
];

export type ProfileSummary = { totalMs: number; busyMs: number; rows: { category: string; ms: number }[]; topFiles: { url: string; ms: number }[] };

export function summarizeProfile(profile: CpuProfile): ProfileSummary {
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + Math.max(0, profile.timeDeltas[i] ?? 0)));
  const byCategory = new Map<string, number>();
  const byFile = new Map<string, number>();
  let totalUs = 0;
  for (const node of profile.nodes) {
    const us = selfUs.get(node.id) ?? 0;
    if (!us) continue;
    totalUs += us;
    const { url, functionName } = node.callFrame;
    const category = CATEGORIES.find(([, test]) => test(url, functionName))?.[0] ?? "other JavaScript";
    byCategory.set(category, (byCategory.get(category) ?? 0) + us);
    if (functionName !== "(idle)") byFile.set(url || `(${functionName || "native"})`, (byFile.get(url || `(${functionName || "native"})`) ?? 0) + us);
  }
  const idle = byCategory.get("idle (waiting for I/O)") ?? 0;
  return {
    totalMs: totalUs / 1000,
    busyMs: (totalUs - idle) / 1000,
    rows: [...byCategory].filter(([category]) => category !== "idle (waiting for I/O)").map(([category, us]) => ({ category, ms: us / 1000 })).sort((a, b) => b.ms - a.ms),
    topFiles: [...byFile].map(([url, us]) => ({ url, ms: us / 1000 })).sort((a, b) => b.ms - a.ms).slice(0, 12),
  };
}
