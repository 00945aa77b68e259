/**
 * Who may do what in a project, as data. Every server action and route handler names one of
 * these permissions; the guard (lib/server/guard.ts) checks it. Non-members have no role and
 * are answered 404, so they cannot even learn that a project exists.
 */
export const ROLES = ["owner", "coder", "viewer"] as const;
export type Role = (typeof ROLES)[number];

const everyone: readonly Role[] = ["owner", "coder", "viewer"];
const contributors: readonly Role[] = ["owner", "coder"];
const owners: readonly Role[] = ["owner"];

export const PERMISSIONS = {
  // Project
  "project.read": everyone,
  "project.rename": owners,
  "project.setMode": owners,
  "project.reveal": owners,
  "project.delete": owners,
  // Members
  "members.read": everyone,
  "members.manage": owners,
  // Codebook: coders may grow and refine it (in-vivo coding creates codes);
  // restructuring that moves or removes other people's codings is the owner's.
  "codes.read": everyone,
  "codes.create": contributors,
  "codes.update": contributors,
  "codes.merge": owners,
  "codes.delete": owners,
  // Documents
  "documents.read": everyone,
  "documents.import": contributors,
  "documents.update": contributors,
  "documents.delete": owners,
  "attributes.manage": owners,
  // Codings: everyone edits their own; only the owner edits another coder's.
  "codings.read": everyone,
  "codings.create": contributors,
  "codings.updateOwn": contributors,
  "codings.updateAny": owners,
  "codings.restore": owners,
  "consensus.write": owners,
  // Memos
  "memos.read": everyone,
  "memos.write": contributors,
  // Analysis and output
  "agreement.read": everyone,
  "agreement.save": contributors,
  "agreement.delete": owners,
  "aggregate.read": everyone,
  // Saved retrieval queries: contributors save; each deletes their own, the owner any.
  "queries.save": contributors,
  "export.read": everyone,
  // Search reads only the texts, which every member may read; auto-coding writes codings.
  "search.read": everyone,
  "events.read": everyone,
  "assignments.manage": owners,
  "assignments.complete": contributors,
  "suggester.train": contributors,
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;
export const PERMISSION_NAMES = Object.keys(PERMISSIONS) as Permission[];

export function can(role: Role | null | undefined, permission: Permission): boolean {
  if (!role) return false;
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/**
 * Blind mode: until the owner reveals, a coder or viewer sees only the codings in their own
 * coder layer; the owner sees everything. In open mode, or once revealed, everyone sees all.
 */
export function seesAllCodings(role: Role, project: { mode: "open" | "blind"; revealed: boolean }): boolean {
  return project.mode === "open" || project.revealed || role === "owner";
}

/** What each permission lets someone do, for "your role cannot …" messages. */
export const PERMISSION_LABELS: Record<Permission, string> = {
  "project.read": "open this project",
  "project.rename": "rename the project",
  "project.setMode": "change the project's coding mode",
  "project.reveal": "reveal blind codings",
  "project.delete": "delete the project",
  "members.read": "see the members",
  "members.manage": "manage members",
  "codes.read": "read the codebook",
  "codes.create": "create codes",
  "codes.update": "edit codes",
  "codes.merge": "merge codes",
  "codes.delete": "delete codes",
  "documents.read": "read documents",
  "documents.import": "import documents",
  "documents.update": "edit document details",
  "documents.delete": "delete documents",
  "attributes.manage": "manage document attributes",
  "codings.read": "read codings",
  "codings.create": "code passages",
  "codings.updateOwn": "edit codings",
  "codings.updateAny": "edit other coders' codings",
  "codings.restore": "restore deleted codings",
  "consensus.write": "adjudicate into the consensus layer",
  "memos.read": "read memos",
  "memos.write": "write memos",
  "agreement.read": "see agreement reports",
  "agreement.save": "save agreement reports",
  "agreement.delete": "delete saved agreement reports",
  "aggregate.read": "see aggregate views",
  "queries.save": "save retrieval queries",
  "export.read": "export data",
  "search.read": "search the documents",
  "events.read": "follow project activity",
  "assignments.manage": "assign documents",
  "assignments.complete": "mark assigned documents done",
  "suggester.train": "train the suggester",
};
