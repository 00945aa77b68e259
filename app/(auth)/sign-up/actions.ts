"use server";
import { z } from "zod";
import { getDb } from "@/db/client";
import { createUser, getUserByEmail } from "@/db/queries/users";
import { hashPassword } from "@/lib/auth/password";
import { safeNextPath } from "@/lib/auth/safe-next";
import { AppError, isUniqueViolation } from "@/lib/errors";
import { signUpSchema } from "@/lib/validation/auth";
import { publicAction } from "@/lib/server/guard";
import { signInWithPassword } from "../sign-in-with-password";

const taken = () => new AppError("conflict", "An account with this email already exists. Sign in instead.", { field: "email" });

export const signUpAction = publicAction(
  "auth.signUp",
  signUpSchema.extend({ next: z.string().max(2000).optional() }),
  async ({ name, email, password, next }) => {
    const db = await getDb();
    if (await getUserByEmail(db, { email })) throw taken();
    const passwordHash = await hashPassword(password);
    try {
      await createUser(db, { email, name, passwordHash });
    } catch (error) {
      // Two sign-ups with one address at the same moment: the unique index decides.
      if (isUniqueViolation(error)) throw taken();
      throw error;
    }
    try {
      await signInWithPassword(email, password);
    } catch (error) {
      if (error instanceof AppError) {
        throw new AppError(error.code, `Your account was created, but we could not sign you in: ${error.message}`);
      }
      throw error;
    }
    return { redirectTo: safeNextPath(next) };
  },
);
