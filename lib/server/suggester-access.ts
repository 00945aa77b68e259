import "server-only";
import type { Project } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { seesAllCodings, type Role } from "@/lib/permissions";

/**
 * The suggester learns from every coder's codings, so in a blind project its proposals would
 * show a coder what the others coded: until the owner reveals, only the owner may train it or
 * read its suggestions.
 */
export function requireSuggesterAccess(role: Role, project: Project): void {
  if (!seesAllCodings(role, project)) throw new AppError("forbidden", "This project is blind: the suggester learns from everyone's codings, so only the owner may use it until the codings are revealed.");
}
