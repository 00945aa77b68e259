/**
 * The JSON shapes of the API, one function per entity, so every route answers with the same
 * fields: ids as strings, timestamps as ISO 8601, camelCase. Pure: rows in, plain objects out.
 * Secrets (password and token hashes, session versions) never appear here, so they cannot leak.
 */
import type { ApiToken, AttributeDefinition, AttributeType, Code, Coding, DocumentSegment, Project, SegmentKind, SourceType } from "@/db/schema";
import type { DocumentSummary } from "@/db/queries/documents";
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

export type DocumentJson = {
  id: string;
  title: string;
  /** Length of the text in Unicode code points (the unit of every offset). */
  length: number;
  /** SHA-256 of the original file (or of the pasted text), hex. */
  sha256: string;
  sourceType: SourceType;
  publishedOn: string | null;
  author: string | null;
  url: string | null;
  language: string | null;
  position: number;
  version: number;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  /** Codings on the document the caller may see (their own only, in blind mode); lists only. */
  codingCount?: number;
  /** Attribute name → canonical value. */
  attributes?: Record<string, string>;
  importReport?: Record<string, unknown>;
  text?: string;
  segments?: SegmentJson[];
};

export type SegmentJson = { kind: SegmentKind; start: number; end: number; level: number | null; ordinal: number };

export function documentJson(
  doc: DocumentSummary & { codingCount?: number },
  extra: { attributes?: Record<string, string>; text?: string; segments?: DocumentSegment[]; importReport?: boolean } = {},
): DocumentJson {
  const json: DocumentJson = {
    id: doc.id,
    title: doc.title,
    length: doc.length,
    sha256: doc.sha256,
    sourceType: doc.sourceType,
    publishedOn: doc.publishedOn,
    author: doc.author,
    url: doc.url,
    language: doc.language,
    position: doc.position,
    version: doc.version,
    createdBy: doc.createdBy,
    createdAt: iso(doc.createdAt),
    updatedAt: iso(doc.updatedAt),
  };
  if (doc.codingCount !== undefined) json.codingCount = doc.codingCount;
  if (extra.attributes) json.attributes = extra.attributes;
  if (extra.importReport) json.importReport = doc.importReport;
  if (extra.text !== undefined) json.text = extra.text;
  if (extra.segments) json.segments = extra.segments.map(segmentJson);
  return json;
}

export function segmentJson(s: DocumentSegment): SegmentJson {
  return { kind: s.kind, start: s.startOffset, end: s.endOffset, level: s.level, ordinal: s.ordinal };
}

export type AttributeJson = { id: string; name: string; type: AttributeType; choices: string[]; position: number; createdAt: string };

export function attributeJson(def: AttributeDefinition): AttributeJson {
  return { id: def.id, name: def.name, type: def.type, choices: def.choices, position: def.position, createdAt: iso(def.createdAt) };
}

export type CodingJson = {
  id: string;
  documentId: string;
  codeId: string;
  coderId: string;
  layer: "coder" | "consensus";
  /** Code points, end exclusive. */
  start: number;
  end: number;
  quote: string;
  memo: string;
  version: number;
  createdAt: string;
  updatedAt: string;
};

export function codingJson(coding: Coding): CodingJson {
  return {
    id: coding.id,
    documentId: coding.documentId,
    codeId: coding.codeId,
    coderId: coding.coderId,
    layer: coding.layer,
    start: coding.startOffset,
    end: coding.endOffset,
    quote: coding.quote,
    memo: coding.memo,
    version: coding.version,
    createdAt: iso(coding.createdAt),
    updatedAt: iso(coding.updatedAt),
  };
}
