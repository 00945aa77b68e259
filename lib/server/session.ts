import { getDb } from "@/db/client";
import { getUserById } from "@/db/queries/users";
import type { User } from "@/db/schema";
import { auth } from "./auth";

/**
 * The signed-in user, re-read from the database: a session whose user was deleted, or that was
 * issued before a password change (session version bumped), counts as signed out.
 */
export async function getSessionUser(): Promise<User | null> {
  const session = await auth();
  const userId = session?.user?.id;
  if (!userId) return null;
  const user = await getUserById(await getDb(), { userId });
  if (!user || user.kind !== "person" || user.sessionVersion !== session.sessionVersion) return null;
  return user;
}
