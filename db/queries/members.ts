import { and, asc, eq } from "drizzle-orm";
import { AppError } from "@/lib/errors";
import type { Role } from "@/lib/permissions";
import type { Database } from "../client";
import { memberships, users } from "../schema";
import { forgetTokenAccess } from "./api-tokens";
import { recordEvent } from "./events";
import { normalizeEmail } from "./users";

export type Member = { userId: string; name: string; email: string | null; role: Role; createdAt: Date };

export async function getMembersByProjectId(db: Database, { projectId }: { projectId: string }): Promise<Member[]> {
  return db
    .select({ userId: users.id, name: users.name, email: users.email, role: memberships.role, createdAt: memberships.createdAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.projectId, projectId))
    .orderBy(asc(memberships.createdAt), asc(users.name));
}

/** One member of a project, or undefined when that user is not in it. */
export async function getMemberByUserId(
  db: Database,
  { projectId, userId }: { projectId: string; userId: string },
): Promise<Member | undefined> {
  const [member] = await db
    .select({ userId: users.id, name: users.name, email: users.email, role: memberships.role, createdAt: memberships.createdAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.projectId, projectId), eq(memberships.userId, userId)))
    .limit(1);
  return member;
}

export async function addMember(
  db: Database,
  { projectId, email, role, actorId }: { projectId: string; email: string; role: Role; actorId: string },
): Promise<Member> {
  const member = await db.transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.email, normalizeEmail(email))).limit(1);
    if (!user || user.kind !== "person") {
      throw new AppError("not_found", `No one has signed up with ${normalizeEmail(email)} yet. Ask them to create an account first.`, {
        field: "email",
      });
    }
    const inserted = await tx
      .insert(memberships)
      .values({ projectId, userId: user.id, role })
      .onConflictDoNothing()
      .returning();
    if (inserted.length === 0) throw new AppError("conflict", `${user.name} is already a member of this project.`, { field: "email" });
    await recordEvent(tx, { projectId, actorId, type: "member.added", entityId: user.id, after: { userId: user.id, name: user.name, role } });
    return { userId: user.id, name: user.name, email: user.email, role, createdAt: inserted[0]!.createdAt };
  });
  forgetTokenAccess();
  return member;
}

/**
 * Locks the project's memberships and checks the last-owner rule: a project always keeps at
 * least one owner, so the last one can be neither demoted nor removed.
 */
async function lockAndCheckOwners(tx: Database, projectId: string, userId: string, action: "demote" | "remove") {
  const rows = await tx.select().from(memberships).where(eq(memberships.projectId, projectId)).for("update");
  const target = rows.find((r) => r.userId === userId);
  if (!target) throw new AppError("not_found", "That person is not a member of this project.");
  const owners = rows.filter((r) => r.role === "owner");
  if (target.role === "owner" && owners.length === 1) {
    throw new AppError(
      "conflict",
      action === "demote"
        ? "A project needs at least one owner. Make someone else an owner before changing this role."
        : "A project needs at least one owner. Make someone else an owner before removing the last one.",
    );
  }
  return target;
}

export async function updateMemberRole(
  db: Database,
  { projectId, userId, role, actorId }: { projectId: string; userId: string; role: Role; actorId: string },
): Promise<void> {
  await db.transaction(async (tx) => {
    const rows = await tx.select().from(memberships).where(eq(memberships.projectId, projectId)).for("update");
    const target = rows.find((r) => r.userId === userId);
    if (!target) throw new AppError("not_found", "That person is not a member of this project.");
    if (target.role === role) return;
    if (role !== "owner") await lockAndCheckOwners(tx, projectId, userId, "demote");
    await tx.update(memberships).set({ role }).where(and(eq(memberships.projectId, projectId), eq(memberships.userId, userId)));
    await recordEvent(tx, { projectId, actorId, type: "member.role_changed", entityId: userId, before: { role: target.role }, after: { role } });
  });
  forgetTokenAccess();
}

export async function removeMember(
  db: Database,
  { projectId, userId, actorId }: { projectId: string; userId: string; actorId: string },
): Promise<void> {
  await db.transaction(async (tx) => {
    const target = await lockAndCheckOwners(tx, projectId, userId, "remove");
    await tx.delete(memberships).where(and(eq(memberships.projectId, projectId), eq(memberships.userId, userId)));
    await recordEvent(tx, { projectId, actorId, type: "member.removed", entityId: userId, before: { role: target.role } });
  });
  forgetTokenAccess();
}
