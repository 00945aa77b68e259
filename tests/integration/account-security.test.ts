import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useDatabaseHandleForProcess, type DatabaseHandle } from "@/db/client";
import { createApiToken, getApiTokensByUserId, revokeApiToken } from "@/db/queries/api-tokens";
import { getUserById } from "@/db/queries/users";
import { authThrottle } from "@/db/schema";
import { throttleMessage } from "@/lib/auth/throttle";
import { runAsUser } from "@/lib/server/session";
import { GET as listProjects } from "@/app/api/v1/projects/route";
import { changePasswordAction, signOutEverywhereAction } from "@/app/(app)/settings/actions";
import { call } from "../helpers/api";
import { createTestDatabase } from "../helpers/db";
import { makeUser, TEST_PASSWORD } from "../helpers/factories";

/** Account security: password changes (session revocation, throttled checks), signing out everywhere and API tokens. */
let handle: DatabaseHandle & { label: string };
const db = () => handle.db;

beforeAll(async () => {
  handle = await createTestDatabase();
  useDatabaseHandleForProcess(handle);
});
afterAll(async () => handle?.close());

const canList = async (token: string) => (await call(listProjects, { path: "/api/v1/projects", token })).status === 200;

describe("changing the password", () => {
  it("bumps the session version, so every session issued before it is refused", async () => {
    const user = await makeUser(db(), "Changer");
    const result = await runAsUser(user, () => changePasswordAction({ currentPassword: TEST_PASSWORD, newPassword: "an entirely new passphrase" }));
    expect(result.ok).toBe(true);
    expect((await getUserById(db(), { userId: user.id }))!.sessionVersion).toBe(user.sessionVersion + 1);
  });

  it("counts a wrong current password against the sign-in throttle: the sixth check is refused, even with the right one", async () => {
    const user = await makeUser(db(), "Guessed");
    for (let i = 0; i < 5; i++) {
      const wrong = await runAsUser(user, () => changePasswordAction({ currentPassword: `guess ${i}`, newPassword: "an entirely new passphrase" }));
      expect(wrong).toEqual({ ok: false, error: { code: "bad_request", message: "Your current password is not correct.", details: { field: "currentPassword" } } });
    }
    const blocked = await runAsUser(user, () => changePasswordAction({ currentPassword: TEST_PASSWORD, newPassword: "an entirely new passphrase" }));
    expect(blocked).toEqual({ ok: false, error: { code: "too_many_requests", message: throttleMessage(15 * 60_000), details: { field: "currentPassword" } } });
    // Nothing changed.
    expect((await getUserById(db(), { userId: user.id }))!.sessionVersion).toBe(user.sessionVersion);
  });

  it("a right current password clears the account's count", async () => {
    const user = await makeUser(db(), "Forgetful");
    for (let i = 0; i < 3; i++) await runAsUser(user, () => changePasswordAction({ currentPassword: `guess ${i}`, newPassword: "an entirely new passphrase" }));
    expect((await runAsUser(user, () => changePasswordAction({ currentPassword: TEST_PASSWORD, newPassword: "an entirely new passphrase" }))).ok).toBe(true);
    expect(await db().select().from(authThrottle).where(eq(authThrottle.key, `email:${user.email!.toLowerCase()}`))).toEqual([]);
  });
});

describe("signing out everywhere", () => {
  it("bumps the session version (every session issued before it is refused, this one too) and leaves the password and API tokens alone", async () => {
    const user = await makeUser(db(), "Leaver");
    const { token } = await createApiToken(db(), { userId: user.id, name: "script" });
    const result = await runAsUser(user, () => signOutEverywhereAction({}));
    expect(result).toEqual({ ok: true, data: { redirectTo: "/sign-in?reason=signed-out-everywhere" } });
    const after = (await getUserById(db(), { userId: user.id }))!;
    expect(after.sessionVersion).toBe(user.sessionVersion + 1);
    expect(after.passwordHash).toBe(user.passwordHash);
    expect(await canList(token)).toBe(true);
  });

  it("touches only the caller's account", async () => {
    const user = await makeUser(db(), "Leaver two");
    const other = await makeUser(db(), "Stays signed in");
    await runAsUser(user, () => signOutEverywhereAction({}));
    expect((await getUserById(db(), { userId: other.id }))!.sessionVersion).toBe(other.sessionVersion);
  });
});

describe("API tokens", () => {
  // The settings page's actions are thin (they revalidate the page, which needs Next's request
  // scope); the queries below are where "shown once" and "only one's own" are decided.
  it("shows the secret once: the list afterwards has its prefix, never the secret or its hash", async () => {
    const user = await makeUser(db(), "Token keeper");
    const { token } = await createApiToken(db(), { userId: user.id, name: "R notebook", expiresAt: new Date(Date.now() + 30 * 24 * 60 * 60_000) });
    expect(await canList(token)).toBe(true);
    const listed = await getApiTokensByUserId(db(), { userId: user.id });
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ name: "R notebook", prefix: token.slice(0, 10) });
    expect(JSON.stringify(listed)).not.toContain(token);
    expect(Object.keys(listed[0]!)).not.toContain("tokenHash");
  });

  it("revokes one's own token, and not someone else's, which keeps working", async () => {
    const owner = await makeUser(db(), "Token owner");
    const other = await makeUser(db(), "Someone else");
    const { token, record } = await createApiToken(db(), { userId: owner.id, name: "mine" });
    expect(await revokeApiToken(db(), { userId: other.id, tokenId: record.id })).toBe(false);
    expect(await canList(token)).toBe(true);
    expect(await revokeApiToken(db(), { userId: owner.id, tokenId: record.id })).toBe(true);
    expect(await canList(token)).toBe(false);
    expect(await revokeApiToken(db(), { userId: owner.id, tokenId: record.id })).toBe(false);
  });
});
