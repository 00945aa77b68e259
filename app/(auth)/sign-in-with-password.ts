import "server-only";
import { AuthError } from "next-auth";
import { headers } from "next/headers";
import { getDb } from "@/db/client";
import { getSignInBlock } from "@/db/queries/auth-throttle";
import { throttleMessage } from "@/lib/auth/throttle";
import { AppError } from "@/lib/errors";
import { signIn } from "@/lib/server/auth";
import { clientIp } from "@/lib/server/client-ip";

function isThrottled(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === "throttled";
}

/**
 * Signs in with email and password and sets the session cookie. The credentials provider
 * (lib/server/auth.ts) checks and throttles; this turns its errors into messages a person can
 * act on. Not a server action itself (this file has no "use server"): only actions call it.
 */
export async function signInWithPassword(email: string, password: string): Promise<void> {
  try {
    await signIn("credentials", { email, password, redirect: false });
  } catch (error) {
    if (isThrottled(error)) {
      const ms = await getSignInBlock(await getDb(), { email, ip: clientIp(await headers()) });
      throw new AppError("too_many_requests", throttleMessage(ms));
    }
    if (error instanceof AuthError) throw new AppError("unauthorized", "Email or password is incorrect.");
    throw error;
  }
}
