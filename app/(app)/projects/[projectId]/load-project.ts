import "server-only";
import { notFound } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/db/client";
import { AppError } from "@/lib/errors";
import { can, type Permission } from "@/lib/permissions";
import { requireProjectRole } from "@/lib/server/guard";
import { getCurrentUser, requireUser } from "../../current-user";

/**
 * The project a page shows, for the signed-in member, read once per request. Not a member, or
 * an id that is not even a uuid: a real 404, the same answer as for a project that does not
 * exist, so nobody learns which projects exist. Null when nobody is signed in.
 */
export const loadProject = cache(async (projectId: string) => {
  const user = await getCurrentUser();
  if (!user) return null;
  const db = await getDb();
  try {
    const { project, role } = await requireProjectRole(db, user, projectId, "project.read");
    return { db, user, project, role, can: (permission: Permission) => can(role, permission) };
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
});

/**
 * What every project page calls: signed out, a redirect to sign-in that comes back to `tab`
 * (the page's own path); not a member, a 404.
 */
export async function requireProject(projectId: string, tab = "") {
  await requireUser(`/projects/${encodeURIComponent(projectId)}${tab}`);
  const loaded = await loadProject(projectId);
  if (!loaded) throw new Error("unreachable: requireUser redirects when nobody is signed in");
  return loaded;
}

export type LoadedProject = NonNullable<Awaited<ReturnType<typeof loadProject>>>;
export type ProjectPageProps = { params: Promise<{ projectId: string }> };
