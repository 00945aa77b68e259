import { createApiToken } from "@/db/queries/api-tokens";
import { claimSignInAttempt, recordSignInSuccess } from "@/db/queries/auth-throttle";
import { getUserByEmail } from "@/db/queries/users";
import { createdTokenJson } from "@/lib/api/serialize";
import { verifyPassword } from "@/lib/auth/password";
import { throttleMessage } from "@/lib/auth/throttle";
import { AppError } from "@/lib/errors";
import { clientIp } from "@/lib/server/client-ip";
import { apiRoute } from "@/lib/server/guard";
import { apiCreateTokenSchema, tokenExpiry } from "@/lib/validation/auth";

export const dynamic = "force-dynamic";

/**
 * A new API token for scripts, in exchange for the account's email and password. Public, so it
 * goes through the same sign-in throttle as the sign-in form: it is the same password check.
 */
export const POST = apiRoute(
  { name: "api.tokens.create", access: "public", body: apiCreateTokenSchema, status: 201 },
  async ({ db }, { body, request }) => {
    const { email, password, name, expiresInDays } = body;
    const who = { email, ip: clientIp(request.headers) };
    // Counted before the password is checked, so a burst cannot slip past the limit.
    const attempt = await claimSignInAttempt(db, who);
    if (!attempt.allowed) throw new AppError("too_many_requests", throttleMessage(attempt.blockedMs));
    const user = await getUserByEmail(db, { email });
    // Runs scrypt even for an unknown email (null hash), so timing tells nothing.
    const valid = await verifyPassword(password, user?.kind === "person" ? user.passwordHash : null);
    if (!user || !valid) throw new AppError("unauthorized", "The email or password is not correct.");
    await recordSignInSuccess(db, who);
    const { token, record } = await createApiToken(db, { userId: user.id, name: name || "API token", expiresAt: tokenExpiry(expiresInDays) });
    return createdTokenJson(token, record);
  },
);
