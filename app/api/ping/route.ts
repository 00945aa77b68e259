import { apiRoute } from "@/lib/server/guard";

export const dynamic = "force-dynamic";

/** Liveness for load balancers and the test runner: answers once the database is open. */
export const GET = apiRoute({ name: "ping", access: "public" }, async () => ({ ok: true }));
