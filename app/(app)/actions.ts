"use server";
import { z } from "zod";
import { signOut } from "@/lib/server/auth";
import { publicAction } from "@/lib/server/guard";

/** Public on purpose: an expired session must still be able to clear its cookie. */
export const signOutAction = publicAction("auth.signOut", z.object({}), async () => {
  await signOut({ redirect: false });
  return { redirectTo: "/sign-in" };
});
