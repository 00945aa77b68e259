import { and, asc, count, eq, sql } from "drizzle-orm";
import { DEFAULT_CODEBOOK } from "@/lib/codebook/default-codebook";
import { AppError } from "@/lib/errors";
import type { Role } from "@/lib/permissions";
import type { Database } from "../client";
import { codes, codings, documents, memberships, projects, type Project, type ProjectMode } from "../schema";
import { forgetTokenAccess } from "./api-tokens";
import { recordEvent } from "./events";

/**
 * Creates a project, makes the creator its owner and seeds the default codebook (unless the
 * project brings its own, as an import does): one transaction.
 */
export async function createProject(
  db: Database,
  { name, mode = "open", ownerId, codebook = "default" }: { name: string; mode?: ProjectMode; ownerId: string; codebook?: "default" | "empty" },
): Promise<Project> {
  return db.transaction(async (tx) => {
    const [project] = await tx.insert(projects).values({ name: name.trim(), mode }).returning();
    await tx.insert(memberships).values({ projectId: project!.id, userId: ownerId, role: "owner" });
    await recordEvent(tx, { projectId: project!.id, actorId: ownerId, type: "project.created", entityId: project!.id, after: project });
    await recordEvent(tx, {
      projectId: project!.id,
      actorId: ownerId,
      type: "member.added",
      entityId: ownerId,
      after: { userId: ownerId, role: "owner" },
    });
    const seeded =
      codebook === "empty"
        ? []
        : await tx
            .insert(codes)
            .values(DEFAULT_CODEBOOK.map((seed, position) => ({ ...seed, projectId: project!.id, position, createdBy: ownerId })))
            .returning();
    for (const code of seeded) {
      await recordEvent(tx, { projectId: project!.id, actorId: ownerId, type: "code.created", entityId: code.id, after: code });
    }
    return project!;
  });
}

export type ProjectSummary = Project & { role: Role; documentCount: number; codingCount: number; memberCount: number };

/** The projects a user belongs to, newest first, with the counts the project list shows. */
export async function getProjectsByUserId(db: Database, { userId }: { userId: string }): Promise<ProjectSummary[]> {
  const documentCounts = db
    .select({ projectId: documents.projectId, n: count().as("document_n") })
    .from(documents)
    .groupBy(documents.projectId)
    .as("document_counts");
  // Blind mode (seesAllCodings): until the owner reveals, a coder counts only their own codings.
  const codingCount = sql<number>`(select count(*) from ${codings} c where c.project_id = ${projects.id} and (
    ${projects.mode} = 'open' or ${projects.revealed} or ${memberships.role} = 'owner' or (c.coder_id = ${memberships.userId} and c.layer = 'coder')))`.mapWith(Number);
  const memberCounts = db
    .select({ projectId: memberships.projectId, n: count().as("member_n") })
    .from(memberships)
    .groupBy(memberships.projectId)
    .as("member_counts");
  const rows = await db
    .select({
      project: projects,
      role: memberships.role,
      documentCount: sql<number>`coalesce(${documentCounts.n}, 0)`.mapWith(Number),
      codingCount,
      memberCount: sql<number>`coalesce(${memberCounts.n}, 0)`.mapWith(Number),
    })
    .from(memberships)
    .innerJoin(projects, eq(projects.id, memberships.projectId))
    .leftJoin(documentCounts, eq(documentCounts.projectId, projects.id))
    .leftJoin(memberCounts, eq(memberCounts.projectId, projects.id))
    .where(eq(memberships.userId, userId))
    .orderBy(sql`${projects.updatedAt} desc`, asc(projects.name));
  return rows.map((r) => ({ ...r.project, role: r.role, documentCount: r.documentCount, codingCount: r.codingCount, memberCount: r.memberCount }));
}

/** The project and the user's role in it, or undefined when the user is not a member. */
export async function getProjectMembership(
  db: Database,
  { projectId, userId }: { projectId: string; userId: string },
): Promise<{ project: Project; role: Role } | undefined> {
  const [row] = await db
    .select({ project: projects, role: memberships.role })
    .from(memberships)
    .innerJoin(projects, eq(projects.id, memberships.projectId))
    .where(and(eq(memberships.projectId, projectId), eq(memberships.userId, userId)))
    .limit(1);
  return row;
}

export async function getProjectById(db: Database, { projectId }: { projectId: string }): Promise<Project | undefined> {
  const [project] = await db.select().from(projects).where(eq(projects.id, projectId)).limit(1);
  return project;
}

export type ProjectPatch = { name?: string; description?: string; mode?: ProjectMode; revealed?: boolean };

/** Renames, switches mode or reveals; each kind of change is its own logged event. */
export async function updateProject(
  db: Database,
  { projectId, actorId, patch }: { projectId: string; actorId: string; patch: ProjectPatch },
): Promise<Project> {
  // A cached API token answer carries the project (mode, revealed): forget it once this is saved.
  const project = await db.transaction(async (tx) => {
    const [before] = await tx.select().from(projects).where(eq(projects.id, projectId)).for("update");
    if (!before) throw new AppError("not_found", "Project not found.");
    const next: Partial<Project> = {};
    if (patch.name !== undefined && patch.name.trim() !== before.name) next.name = patch.name.trim();
    if (patch.description !== undefined && patch.description !== before.description) next.description = patch.description;
    if (patch.mode !== undefined && patch.mode !== before.mode) {
      next.mode = patch.mode;
      // Switching to blind starts a new blind phase: nothing is revealed yet.
      if (patch.mode === "blind") next.revealed = false;
    }
    if (patch.revealed !== undefined && patch.revealed !== (next.revealed ?? before.revealed)) next.revealed = patch.revealed;
    if (Object.keys(next).length === 0) return before;
    const [after] = await tx
      .update(projects)
      .set({ ...next, version: before.version + 1, updatedAt: new Date() })
      .where(eq(projects.id, projectId))
      .returning();
    const base = { projectId, actorId, entityId: projectId };
    if (next.name !== undefined || next.description !== undefined) {
      await recordEvent(tx, { ...base, type: "project.updated", before: { name: before.name, description: before.description }, after: { name: after!.name, description: after!.description } });
    }
    if (next.mode !== undefined) {
      await recordEvent(tx, { ...base, type: "project.mode_changed", before: { mode: before.mode, revealed: before.revealed }, after: { mode: after!.mode, revealed: after!.revealed } });
    }
    if (next.revealed !== undefined && next.mode === undefined) {
      await recordEvent(tx, { ...base, type: "project.revealed", before: { revealed: before.revealed }, after: { revealed: after!.revealed } });
    }
    return after!;
  });
  forgetTokenAccess();
  return project;
}

/** Deletes a project with everything in it. The event outlives it for the audit trail. */
export async function deleteProject(db: Database, { projectId, actorId }: { projectId: string; actorId: string }): Promise<void> {
  await db.transaction(async (tx) => {
    const [before] = await tx.delete(projects).where(eq(projects.id, projectId)).returning();
    if (!before) throw new AppError("not_found", "Project not found.");
    await recordEvent(tx, { projectId, actorId, type: "project.deleted", entityId: projectId, before });
  });
  forgetTokenAccess();
}
