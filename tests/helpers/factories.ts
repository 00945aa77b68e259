import { randomBytes } from "node:crypto";
import type { Database } from "@/db/client";
import { createProject } from "@/db/queries/projects";
import { createUser } from "@/db/queries/users";
import { hashPassword } from "@/lib/auth/password";

let cachedHash: Promise<string> | undefined;
export const TEST_PASSWORD = "correct horse battery";

/** A signed-up user; the password hash is computed once per file (scrypt is slow on purpose). */
export async function makeUser(db: Database, name = "Test User") {
  cachedHash ??= hashPassword(TEST_PASSWORD);
  const email = `${name.toLowerCase().replace(/\W+/g, ".")}.${randomBytes(3).toString("hex")}@example.org`;
  return createUser(db, { email, name, passwordHash: await cachedHash });
}

export async function makeProject(db: Database, ownerId: string, name = "Ratification study") {
  return createProject(db, { name, ownerId });
}
