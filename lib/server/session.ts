import { AsyncLocalStorage } from "node:async_hooks";
import { getDb } from "@/db/client";
import { getUserById } from "@/db/queries/users";
import type { User } from "@/db/schema";
import { auth } from "./auth";

// Lets integration tests and scripts run server actions as a given user without an HTTP
// request. Only code inside this process can set it; nothing from a request reaches it.
const actingUser = new AsyncLocalStorage<User>();

export function runAsUser<T>(user: User, fn: () => Promise<T>): Promise<T> {
  return actingUser.run(user, fn);
}

/**
 * The signed-in user, re-read from the database: a session whose user was deleted, or that was
 * issued before a password change (session version bumped), counts as signed out.
 */
export async function getSessionUser(): Promise<User | null> {
  const acting = actingUser.getStore();
  if (acting) return acting;
  const session = await auth();
  const userId = session?.user?.id;
  if (!userId) return null;
  const user = await getUserById(await getDb(), { userId });
  if (!user || user.kind !== "person" || user.sessionVersion !== session.sessionVersion) return null;
  return user;
}
