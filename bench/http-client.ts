import http from "node:http";

/**
 * The load generator's HTTP client: node:http over kept-alive sockets, the body drained and
 * dropped. Node 20's global fetch (undici, web streams) spent 0.6–0.85 ms of CPU per request,
 * more than the P1 ceiling server itself (~0.25 ms); on two cores shared by client, server and
 * PostgreSQL that made the ceiling partly the client's ceiling. This one spends ~0.2 ms, so what
 * P1 compares is the servers.
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

export type LightRequest = { method?: string; headers?: Record<string, string>; body?: string };

/** Sends one request and resolves with its status once the whole answer has arrived. */
export function send(url: string, init: LightRequest = {}): Promise<number> {
  const target = new URL(url);
  const headers: Record<string, string | number> = { ...init.headers };
  if (init.body !== undefined) headers["content-length"] = Buffer.byteLength(init.body);
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: target.hostname, port: target.port, path: target.pathname + target.search, method: init.method ?? "GET", headers, agent },
      (response) => {
        response.on("data", () => {});
        response.on("end", () => resolve(response.statusCode ?? 0));
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    request.end(init.body);
  });
}
