import { and, eq, sql } from "drizzle-orm";
import { AppError } from "@/lib/errors";
import type { Database } from "../client";
import { queryRows } from "../raw";
import { codings, memberships, users } from "../schema";
import { codingColumns } from "./codings";
import { recordEvents } from "./events";

/**
 * Coders who came with an imported project (REFI-QDA users, `external` identities who cannot
 * sign in), with how many codings each holds here, so the owner can hand their codings to the
 * members who made them.
 */
export async function getImportedCoders(db: Database, { projectId }: { projectId: string }): Promise<{ id: string; name: string; codings: number }[]> {
  const rows = await queryRows<{ id: string; name: string; n: number }>(
    db,
    sql`select u.id, u.name, count(c.id)::int as n from users u join codings c on c.coder_id = u.id
        where c.project_id = ${projectId}::uuid and u.kind = 'external' group by u.id, u.name order by u.name`,
  );
  return rows.map((r) => ({ id: r.id, name: r.name, codings: Number(r.n) }));
}

/** Gives every coding of an imported coder to a member (one transaction, each change logged). */
export async function assignImportedCoder(db: Database, input: { projectId: string; actorId: string; importedId: string; memberId: string }): Promise<number> {
  return db.transaction(async (tx) => {
    const [imported] = await tx.select().from(users).where(and(eq(users.id, input.importedId), eq(users.kind, "external")));
    if (!imported) throw new AppError("not_found", "That imported coder does not exist.");
    const [member] = await tx.select().from(memberships).where(and(eq(memberships.projectId, input.projectId), eq(memberships.userId, input.memberId)));
    if (!member) throw new AppError("bad_request", "Choose a member of this project.", { field: "memberId" });
    if (member.role === "viewer") throw new AppError("bad_request", "Viewers do not code: make them a coder first, or choose another member.", { field: "memberId" });
    const moved = await tx
      .update(codings)
      .set({ coderId: input.memberId, version: sql`${codings.version} + 1`, updatedAt: new Date() })
      .where(and(eq(codings.projectId, input.projectId), eq(codings.coderId, input.importedId)))
      .returning(codingColumns);
    await recordEvents(
      tx,
      moved.map((coding) => ({
        projectId: input.projectId,
        actorId: input.actorId,
        type: "coding.updated" as const,
        entityId: coding.id,
        before: { coderId: input.importedId, version: coding.version - 1 },
        after: coding,
        meta: { cause: "coder.assigned", importedCoder: imported.name },
      })),
    );
    return moved.length;
  });
}
