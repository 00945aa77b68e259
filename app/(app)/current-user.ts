import "server-only";
import { redirect } from "next/navigation";
import { cache } from "react";
import type { User } from "@/db/schema";
import { signInHref } from "@/lib/auth/safe-next";
import { getSessionUser } from "@/lib/server/session";

/** The signed-in user, read once per request however many layouts and pages ask. */
export const getCurrentUser = cache(getSessionUser);

/**
 * Every page under (app) calls this, not only the layout: layouts and pages render in parallel
 * and a layout does not re-run on client navigation, so the page is where the check must be.
 */
export async function requireUser(nextPath?: string): Promise<User> {
  const user = await getCurrentUser();
  if (!user) redirect(signInHref(nextPath));
  return user;
}
