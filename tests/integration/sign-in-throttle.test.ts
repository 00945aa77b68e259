import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useDatabaseHandleForProcess, type DatabaseHandle } from "@/db/client";
import { claimSignInAttempt, getSignInBlock, recordSignInSuccess } from "@/db/queries/auth-throttle";
import { authThrottle } from "@/db/schema";
import { THROTTLE_POLICY, throttleMessage } from "@/lib/auth/throttle";
import { POST as createToken } from "@/app/api/v1/tokens/route";
import { call } from "../helpers/api";
import { createTestDatabase } from "../helpers/db";
import { makeUser, TEST_PASSWORD } from "../helpers/factories";

/**
 * The sign-in throttle's storage, and what it does under a burst: on PostgreSQL the attempts
 * below really run at once (a pool of connections, scrypt on libuv's threads); on PGlite they
 * interleave on its single connection. Either way no more than the policy's number of
 * passwords may be checked.
 */
let handle: DatabaseHandle & { label: string };
const db = () => handle.db;

beforeAll(async () => {
  handle = await createTestDatabase();
  useDatabaseHandleForProcess(handle);
});
afterAll(async () => handle?.close());

const row = async (key: string) => (await db().select().from(authThrottle).where(eq(authThrottle.key, key)))[0];
const allowed = (n: number) => (results: { allowed: boolean }[]) => expect(results.filter((r) => r.allowed)).toHaveLength(n);

describe("sign-in throttle storage", () => {
  const t0 = new Date("2030-01-01T12:00:00Z");
  const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

  it("admits five attempts for an email in the window, refuses the sixth from any address, and a success clears it", async () => {
    const who = { email: "Throttled@Example.org", ip: "192.0.2.10" };
    for (let i = 0; i < 5; i++) expect(await claimSignInAttempt(db(), who, at(i))).toEqual({ allowed: true });
    expect(await getSignInBlock(db(), who, at(4))).toBe(15 * 60_000);
    // The email is blocked from any address, in any letter case; a refusal does not extend it.
    expect(await claimSignInAttempt(db(), { email: "throttled@example.org", ip: "198.51.100.7" }, at(5))).toEqual({ allowed: false, blockedMs: 14 * 60_000 });
    expect(await getSignInBlock(db(), { email: "throttled@example.org", ip: null }, at(19))).toBe(0);
    expect((await row("ip:198.51.100.7"))?.failures).toBe(0);

    await recordSignInSuccess(db(), { email: "THROTTLED@example.org", ip: "192.0.2.10" });
    expect(await getSignInBlock(db(), who, at(5))).toBe(0);
    expect(await row("email:throttled@example.org")).toBeUndefined();
    // The address gives back the one attempt that succeeded, and keeps the rest.
    expect((await row("ip:192.0.2.10"))?.failures).toBe(4);
  });

  it("forgets attempts older than the window", async () => {
    const who = { email: "window@example.org", ip: null };
    for (let i = 0; i < 4; i++) await claimSignInAttempt(db(), who, at(i));
    expect(await claimSignInAttempt(db(), who, at(20))).toEqual({ allowed: true });
    const stored = await row("email:window@example.org");
    expect(stored).toMatchObject({ failures: 1, blockedUntil: null });
    expect(stored!.windowStartedAt.getTime()).toBe(at(20).getTime());
  });

  it("blocks an address after thirty failures across many emails, and only that address", async () => {
    const ip = "203.0.113.99";
    for (let i = 0; i < 30; i++) expect((await claimSignInAttempt(db(), { email: `spray${i}@example.org`, ip }, at(0))).allowed).toBe(true);
    expect(await claimSignInAttempt(db(), { email: "fresh@example.org", ip }, at(1))).toEqual({ allowed: false, blockedMs: 14 * 60_000 });
    expect(await claimSignInAttempt(db(), { email: "fresh@example.org", ip: "203.0.113.100" }, at(1))).toEqual({ allowed: true });
  });
});

describe("a burst of concurrent attempts", () => {
  const BURST = 40;

  it(`lets exactly ${THROTTLE_POLICY.email.maxFailures} of ${BURST} simultaneous attempts on one email through`, async () => {
    const results = await Promise.all(Array.from({ length: BURST }, (_, i) => claimSignInAttempt(db(), { email: "burst@example.org", ip: `192.0.2.${i + 1}` })));
    allowed(THROTTLE_POLICY.email.maxFailures)(results);
    expect((await row("email:burst@example.org"))?.failures).toBe(THROTTLE_POLICY.email.maxFailures);
  });

  it(`lets exactly ${THROTTLE_POLICY.ip.maxFailures} of ${BURST} simultaneous attempts from one address (many emails) through`, async () => {
    const results = await Promise.all(Array.from({ length: BURST }, (_, i) => claimSignInAttempt(db(), { email: `spray-burst-${i}@example.org`, ip: "198.51.100.77" })));
    allowed(THROTTLE_POLICY.ip.maxFailures)(results);
    expect((await row("ip:198.51.100.77"))?.failures).toBe(THROTTLE_POLICY.ip.maxFailures);
  });

  // The same through the endpoint, with real password checks (per address, the e2e burst test
  // covers it against a running server: thirty scrypt checks are too slow to repeat here).
  describe("through POST /api/v1/tokens", () => {
    const post = (body: unknown, ip: string) => call(createToken, { method: "POST", path: "/api/v1/tokens", body, headers: { "x-forwarded-for": ip } });
    const statuses = (results: { status: number }[]) => results.reduce<Record<number, number>>((n, r) => ({ ...n, [r.status]: (n[r.status] ?? 0) + 1 }), {});

    it(`checks at most ${THROTTLE_POLICY.email.maxFailures} wrong passwords for one account, then refuses even the right one`, async () => {
      const victim = await makeUser(db(), "Burst victim");
      const results = await Promise.all(Array.from({ length: BURST }, (_, i) => post({ email: victim.email, password: `wrong guess ${i}` }, `198.18.0.${i + 1}`)));
      expect(statuses(results)).toEqual({ 401: THROTTLE_POLICY.email.maxFailures, 429: BURST - THROTTLE_POLICY.email.maxFailures });
      const right = await post({ email: victim.email, password: TEST_PASSWORD }, "198.18.1.1");
      expect(right.status).toBe(429);
      expect(right.body.error).toEqual({ code: "too_many_requests", message: throttleMessage(15 * 60_000) });
    });
  });
});
