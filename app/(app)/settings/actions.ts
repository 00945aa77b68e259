"use server";
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { z } from "zod";
import { createApiToken, revokeApiToken } from "@/db/queries/api-tokens";
import { claimSignInAttempt, recordSignInSuccess } from "@/db/queries/auth-throttle";
import { endAllSessions, updateUserPassword } from "@/db/queries/users";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { throttleMessage } from "@/lib/auth/throttle";
import { AppError } from "@/lib/errors";
import { clientIp } from "@/lib/server/client-ip";
import { signOut } from "@/lib/server/auth";
import { accountAction } from "@/lib/server/guard";
import { isOutsideRequestScope } from "@/lib/server/request-scope";
import { changePasswordSchema, createTokenSchema, tokenExpiry } from "@/lib/validation/auth";
import { signInWithPassword } from "../../(auth)/sign-in-with-password";

/**
 * Changing the password bumps the session version, which signs out every other session. This
 * one is signed in again with the new password, so the person carries on where they were.
 */
export const changePasswordAction = accountAction("account.changePassword", changePasswordSchema, async ({ db, user }, input) => {
  // The current-password check is a password check like sign-in's, so it counts against the
  // same throttle: a session left open must not become a way to guess the password.
  const who = { email: user.email ?? "", ip: clientIp(await requestHeaders()) };
  const attempt = await claimSignInAttempt(db, who);
  if (!attempt.allowed) throw new AppError("too_many_requests", throttleMessage(attempt.blockedMs), { field: "currentPassword" });
  if (!(await verifyPassword(input.currentPassword, user.passwordHash))) {
    throw new AppError("bad_request", "Your current password is not correct.", { field: "currentPassword" });
  }
  await recordSignInSuccess(db, who);
  if (input.currentPassword === input.newPassword) {
    throw new AppError("bad_request", "Choose a password different from your current one.", { field: "newPassword" });
  }
  await updateUserPassword(db, { userId: user.id, passwordHash: await hashPassword(input.newPassword) });
  try {
    await signInWithPassword(user.email ?? "", input.newPassword);
    return { signedIn: true };
  } catch {
    // The password is changed either way; if this session could not be renewed, sign in again.
    return { signedIn: false };
  }
});

/**
 * Signs every session of the account out, this one included (a shared computer, a lost laptop):
 * the session version is bumped, so every cookie issued before is refused on its next request,
 * and this browser's cookie is cleared as well.
 */
export const signOutEverywhereAction = accountAction("account.signOutEverywhere", z.object({}), async ({ db, user }) => {
  await endAllSessions(db, { userId: user.id });
  await clearSessionCookie();
  return { redirectTo: "/sign-in?reason=signed-out-everywhere" };
});

/** Clears this browser's session cookie; outside a request (integration tests) there is none to clear. */
async function clearSessionCookie(): Promise<void> {
  try {
    await signOut({ redirect: false });
  } catch (error) {
    if (isOutsideRequestScope(error)) return;
    throw error;
  }
}

/** The request's headers; none when an action runs outside a request (integration tests, scripts). */
async function requestHeaders(): Promise<Headers> {
  try {
    return await headers();
  } catch {
    return new Headers();
  }
}

export const createApiTokenAction = accountAction("account.createToken", createTokenSchema, async ({ db, user }, input) => {
  const { token, record } = await createApiToken(db, { userId: user.id, name: input.name, expiresAt: tokenExpiry(input.expiresInDays) });
  revalidatePath("/settings");
  return { token, name: record.name, prefix: record.prefix };
});

export const revokeApiTokenAction = accountAction(
  "account.revokeToken",
  z.object({ tokenId: z.string().uuid("That token does not exist.") }),
  async ({ db, user }, { tokenId }) => {
    const revoked = await revokeApiToken(db, { userId: user.id, tokenId });
    if (!revoked) throw new AppError("not_found", "That token does not exist or is already revoked.");
    revalidatePath("/settings");
    return { revoked: true };
  },
);
