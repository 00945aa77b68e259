import { eq, sql } from "drizzle-orm";
import type { Database } from "../client";
import { users, type User } from "../schema";
import { forgetTokenAccess } from "./api-tokens";

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function createUser(
  db: Database,
  { email, name, passwordHash }: { email: string; name: string; passwordHash: string },
): Promise<User> {
  const [user] = await db
    .insert(users)
    .values({ email: normalizeEmail(email), name: name.trim(), passwordHash, kind: "person" })
    .returning();
  return user!;
}

export async function getUserByEmail(db: Database, { email }: { email: string }): Promise<User | undefined> {
  const [user] = await db.select().from(users).where(eq(users.email, normalizeEmail(email))).limit(1);
  return user;
}

export async function getUserById(db: Database, { userId }: { userId: string }): Promise<User | undefined> {
  const [user] = await db.select().from(users).where(eq(users.id, userId)).limit(1);
  return user;
}

/** Sets a new password and bumps the session version, which signs out every other session. */
export async function updateUserPassword(
  db: Database,
  { userId, passwordHash }: { userId: string; passwordHash: string },
): Promise<User> {
  const [user] = await db
    .update(users)
    .set({ passwordHash, sessionVersion: sql`${users.sessionVersion} + 1`, updatedAt: new Date() })
    .where(eq(users.id, userId))
    .returning();
  forgetTokenAccess();
  return user!;
}

/**
 * Bumps the session version without touching the password: every session issued before it,
 * the caller's own included, is signed out ("Sign out everywhere"). API tokens are not sessions
 * and keep working; they are revoked one by one.
 */
export async function endAllSessions(db: Database, { userId }: { userId: string }): Promise<void> {
  await db.update(users).set({ sessionVersion: sql`${users.sessionVersion} + 1`, updatedAt: new Date() }).where(eq(users.id, userId));
  forgetTokenAccess();
}

export async function updateUserName(db: Database, { userId, name }: { userId: string; name: string }): Promise<void> {
  await db.update(users).set({ name: name.trim(), updatedAt: new Date() }).where(eq(users.id, userId));
  forgetTokenAccess();
}

/** What other people may see of a user. */
export type PublicUser = Pick<User, "id" | "name" | "email">;
export function toPublicUser(user: User): PublicUser {
  return { id: user.id, name: user.name, email: user.email };
}

/** A coder imported from another tool (REFI-QDA): a name that codings can carry, with no sign-in. */
export async function createExternalUser(db: Database, { name }: { name: string }): Promise<User> {
  const [user] = await db
    .insert(users)
    .values({ email: null, name: name.trim().slice(0, 200) || "Imported coder", passwordHash: null, kind: "external" })
    .returning();
  return user!;
}
