/**
 * The JSON shapes of the API, one function per entity, so every route answers with the same
 * fields: ids as strings, timestamps as ISO 8601, camelCase. Pure: rows in, plain objects out.
 * Secrets (password and token hashes, session versions) never appear here, so they cannot leak.
 */
import type { ApiToken, Code, Project } from "@/db/schema";
import type { Member } from "@/db/queries/members";
import type { Role } from "@/lib/permissions";

const iso = (value: Date | string): string => (value instanceof Date ? value : new Date(value)).toISOString();
const isoOrNull = (value: Date | string | null | undefined): string | null => (value == null ? null : iso(value));

export type ProjectJson = {
  id: string;
  name: string;
  description: string;
  mode: "open" | "blind";
  revealed: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
  /** The requesting user's role in the project. */
  role?: Role;
};

export function projectJson(project: Project, role?: Role): ProjectJson {
  const json: ProjectJson = {
    id: project.id,
    name: project.name,
    description: project.description,
    mode: project.mode,
    revealed: project.revealed,
    version: project.version,
    createdAt: iso(project.createdAt),
    updatedAt: iso(project.updatedAt),
  };
  if (role) json.role = role;
  return json;
}

export type ProjectSummaryJson = ProjectJson & { role: Role; documentCount: number; codingCount: number; memberCount: number };

export function projectSummaryJson(
  summary: Project & { role: Role; documentCount: number; codingCount: number; memberCount: number },
): ProjectSummaryJson {
  return {
    ...projectJson(summary, summary.role),
    role: summary.role,
    documentCount: summary.documentCount,
    codingCount: summary.codingCount,
    memberCount: summary.memberCount,
  };
}

export type MemberJson = { userId: string; name: string; email: string | null; role: Role; createdAt: string };

export function memberJson(member: Member): MemberJson {
  return { userId: member.userId, name: member.name, email: member.email, role: member.role, createdAt: iso(member.createdAt) };
}

export type CodeJson = {
  id: string;
  parentId: string | null;
  name: string;
  /** Full path from the root, levels joined by "/". */
  path: string;
  depth: number;
  color: string;
  definition: string;
  include: string;
  exclude: string;
  examples: string;
  position: number;
  version: number;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
};

export function codeJson(code: Code & { path: string; depth: number }): CodeJson {
  return {
    id: code.id,
    parentId: code.parentId,
    name: code.name,
    path: code.path,
    depth: code.depth,
    color: code.color,
    definition: code.definition,
    include: code.include,
    exclude: code.exclude,
    examples: code.examples,
    position: code.position,
    version: code.version,
    createdBy: code.createdBy,
    createdAt: iso(code.createdAt),
    updatedAt: iso(code.updatedAt),
  };
}

export type CreatedTokenJson = { token: string; id: string; name: string; prefix: string; createdAt: string; expiresAt: string | null };

/** A newly created token: the secret is in this answer and nowhere else, ever. */
export function createdTokenJson(token: string, record: ApiToken): CreatedTokenJson {
  return {
    token,
    id: record.id,
    name: record.name,
    prefix: record.prefix,
    createdAt: iso(record.createdAt),
    expiresAt: isoOrNull(record.expiresAt),
  };
}
