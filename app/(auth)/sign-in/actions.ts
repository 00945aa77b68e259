"use server";
import { z } from "zod";
import { safeNextPath } from "@/lib/auth/safe-next";
import { signInSchema } from "@/lib/validation/auth";
import { publicAction } from "@/lib/server/guard";
import { signInWithPassword } from "../sign-in-with-password";

export const signInAction = publicAction(
  "auth.signIn",
  signInSchema.extend({ next: z.string().max(2000).optional() }),
  async ({ email, password, next }) => {
    await signInWithPassword(email, password);
    return { redirectTo: safeNextPath(next) };
  },
);
