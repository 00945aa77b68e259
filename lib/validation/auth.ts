import { z } from "zod";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "@/lib/auth/password";

export const emailSchema = z.string().trim().toLowerCase().email("Enter a valid email address.").max(320);
export const passwordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`)
  .max(MAX_PASSWORD_LENGTH, `Use at most ${MAX_PASSWORD_LENGTH} characters.`);
export const personNameSchema = z.string().trim().min(1, "Enter your name.").max(120, "Use at most 120 characters.");

export const signUpSchema = z.object({ name: personNameSchema, email: emailSchema, password: passwordSchema });
export const signInSchema = z.object({ email: emailSchema, password: z.string().min(1, "Enter your password.").max(MAX_PASSWORD_LENGTH) });
export const changePasswordSchema = z.object({ currentPassword: z.string().min(1, "Enter your current password."), newPassword: passwordSchema });
/** Days until a token expires; none means it lasts until revoked. */
const expiresInDaysSchema = z.coerce
  .number({ message: "expiresInDays is a whole number of days." })
  .int("expiresInDays is a whole number of days.")
  .min(1, "expiresInDays is at least 1.")
  .max(3650, "expiresInDays is at most 3650 (ten years).");
export const createTokenSchema = z.object({
  name: z.string().trim().max(100, "Use at most 100 characters.").default("API token"),
  expiresInDays: expiresInDaysSchema.optional(),
});
export const apiCreateTokenSchema = z.object({
  email: emailSchema,
  password: z.string().min(1).max(MAX_PASSWORD_LENGTH),
  name: z.string().trim().max(100).optional(),
  expiresInDays: expiresInDaysSchema.optional(),
});

export function tokenExpiry(expiresInDays: number | undefined, now = Date.now()): Date | null {
  return expiresInDays ? new Date(now + expiresInDays * 24 * 60 * 60 * 1000) : null;
}
