import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { useDatabaseHandleForProcess, type DatabaseHandle } from "@/db/client";
import { createApiToken, getApiTokensByUserId, hashToken, revokeApiToken, TOKEN_ACCESS_TTL_MS } from "@/db/queries/api-tokens";
import { apiTokens, type User } from "@/db/schema";
import { throttleMessage } from "@/lib/auth/throttle";
import { GET as listProjects, POST as createProject } from "@/app/api/v1/projects/route";
import { POST as createToken } from "@/app/api/v1/tokens/route";
import { call, tokenFor } from "../helpers/api";
import { createTestDatabase } from "../helpers/db";
import { makeUser, TEST_PASSWORD } from "../helpers/factories";

let handle: DatabaseHandle & { label: string };
const db = () => handle.db;
let user: User;

beforeAll(async () => {
  handle = await createTestDatabase();
  useDatabaseHandleForProcess(handle);
  user = await makeUser(db(), "Api user");
});
afterAll(async () => handle?.close());
afterEach(() => vi.useRealTimers());

const list = (token?: string, headers?: Record<string, string>) => call(listProjects, { path: "/api/v1/projects", token, headers });

describe("bearer token authentication", () => {
  it("accepts a valid token", async () => {
    const res = await list(await tokenFor(db(), user.id));
    expect(res.status).toBe(200);
    expect(res.body).toEqual([]);
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it("answers 401 without a token, for reads and for writes", async () => {
    const read = await list();
    expect(read.status).toBe(401);
    expect(read.body.error).toMatchObject({ code: "unauthorized", message: expect.stringMatching(/Authorization: Bearer/) });
    const write = await call(createProject, { method: "POST", path: "/api/v1/projects", body: { name: "No token" } });
    expect(write.status).toBe(401);
  });

  it.each([
    ["an unknown token", { authorization: "Bearer qc_thisTokenDoesNotExist" }],
    ["a token without the prefix", { authorization: "Bearer abc" }],
    ["a scheme other than Bearer", { authorization: "Basic dXNlcjpwYXNz" }],
    ["an empty Bearer", { authorization: "Bearer " }],
  ])("answers 401 to %s", async (_label, headers) => {
    const res = await list(undefined, headers);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("unauthorized");
  });

  it("answers 401 to a revoked token", async () => {
    const { token, record } = await createApiToken(db(), { userId: user.id, name: "to revoke" });
    expect((await list(token)).status).toBe(200);
    expect(await revokeApiToken(db(), { userId: user.id, tokenId: record.id })).toBe(true);
    const res = await list(token);
    expect(res.status).toBe(401);
    expect(res.body.error.message).toMatch(/revoked/);
  });

  it("answers 401 to an expired token", async () => {
    const expired = await tokenFor(db(), user.id, { expiresAt: new Date(Date.now() - 1000) });
    expect((await list(expired)).status).toBe(401);
    const live = await tokenFor(db(), user.id, { expiresAt: new Date(Date.now() + 60_000) });
    expect((await list(live)).status).toBe(200);
  });

  it("accepts the scheme in any letter case", async () => {
    const token = await tokenFor(db(), user.id);
    expect((await list(undefined, { authorization: `bearer ${token}` })).status).toBe(200);
  });
});

describe("POST /api/v1/tokens", () => {
  const post = (body: unknown, ip = "192.0.2.1") =>
    call(createToken, { method: "POST", path: "/api/v1/tokens", body, headers: { "x-forwarded-for": ip } });

  it("exchanges email and password for a token that works, storing only its hash", async () => {
    const res = await post({ email: user.email!.toUpperCase(), password: TEST_PASSWORD, name: "my script" });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ token: expect.stringMatching(/^qc_[A-Za-z0-9_-]{40,}$/), name: "my script", id: expect.any(String) });
    expect(res.body.prefix).toBe(res.body.token.slice(0, 10));
    expect(new Date(res.body.createdAt).toISOString()).toBe(res.body.createdAt);
    expect(res.body.expiresAt).toBeNull();

    const [stored] = await db().select().from(apiTokens).where(eq(apiTokens.id, res.body.id));
    expect(stored!.tokenHash).toBe(hashToken(res.body.token));
    expect(JSON.stringify(stored)).not.toContain(res.body.token);
    expect((await list(res.body.token)).status).toBe(200);
    expect((await getApiTokensByUserId(db(), { userId: user.id })).some((t) => t.name === "my script")).toBe(true);
  });

  it("gives the token the expiry asked for, in days, after which it is refused", async () => {
    const res = await post({ email: user.email, password: TEST_PASSWORD, name: "for a week", expiresInDays: 7 });
    expect(res.status).toBe(201);
    expect(Math.abs(new Date(res.body.expiresAt).getTime() - (Date.now() + 7 * 24 * 60 * 60_000))).toBeLessThan(60_000);
    expect((await list(res.body.token)).status).toBe(200);
    // A week passes (the expiry is moved back by hand, which the token cache of this instance
    // learns within its second: tests/integration/api-token-cache.test.ts).
    await db().update(apiTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(apiTokens.id, res.body.id));
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + TOKEN_ACCESS_TTL_MS + 1 });
    expect((await list(res.body.token)).status).toBe(401);
    vi.useRealTimers();
    const bad = await post({ email: user.email, password: TEST_PASSWORD, expiresInDays: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/expiresInDays is at least 1/);
  });

  it("names the token when no name is given", async () => {
    const res = await post({ email: user.email, password: TEST_PASSWORD });
    expect(res.status).toBe(201);
    expect(res.body.name).toBe("API token");
  });

  it("answers 401 with one message to a wrong password and to an unknown email", async () => {
    const wrong = await post({ email: user.email, password: "not the password" }, "192.0.2.2");
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toEqual({ code: "unauthorized", message: "The email or password is not correct." });
    const unknown = await post({ email: "nobody@example.org", password: TEST_PASSWORD }, "192.0.2.2");
    expect(unknown.status).toBe(401);
    expect(unknown.body.error).toEqual(wrong.body.error);
  });

  it("answers 400 to a malformed request", async () => {
    expect((await post({ email: "not an email", password: "x" })).status).toBe(400);
    expect((await post({ email: user.email })).status).toBe(400);
    const broken = await call(createToken, { method: "POST", path: "/api/v1/tokens", rawBody: "{not json" });
    expect(broken.status).toBe(400);
    expect(broken.body.error).toEqual({ code: "bad_request", message: "The request body is not valid JSON." });
  });

  it("throttles an email after five failures (429), even for the right password; success clears it", async () => {
    const victim = await makeUser(db(), "Throttle victim");
    for (let i = 0; i < 5; i++) {
      expect((await post({ email: victim.email, password: `guess number ${i}` }, `198.51.100.${i}`)).status).toBe(401);
    }
    const blocked = await post({ email: victim.email, password: TEST_PASSWORD }, "198.51.100.200");
    expect(blocked.status).toBe(429);
    expect(blocked.body.error).toEqual({ code: "too_many_requests", message: throttleMessage(15 * 60_000) });

    // Another account is not affected; a success resets that account's count.
    const other = await makeUser(db(), "Other account");
    for (let i = 0; i < 4; i++) await post({ email: other.email, password: "wrong password" }, "198.51.100.50");
    expect((await post({ email: other.email, password: TEST_PASSWORD }, "198.51.100.50")).status).toBe(201);
    for (let i = 0; i < 4; i++) expect((await post({ email: other.email, password: "wrong password" }, "198.51.100.50")).status).toBe(401);
    expect((await post({ email: other.email, password: TEST_PASSWORD }, "198.51.100.50")).status).toBe(201);
  });
});
