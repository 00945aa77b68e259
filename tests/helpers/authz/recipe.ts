import { randomBytes } from "node:crypto";
import type { Database } from "@/db/client";
import { createCode } from "@/db/queries/codes";
import { createCoding, deleteCoding } from "@/db/queries/codings";
import { addMember } from "@/db/queries/members";
import type { Code, Coding, Document, Project, User } from "@/db/schema";
import { can, type Permission, type Role } from "@/lib/permissions";
import type { EndpointEntry } from "@/lib/server/registry";
import { FIXTURE_TEXT, importText, makePerson, makeTeamProject, personOf, type Caller, type Fixture } from "./fixture";

/**
 * A recipe says how to call one registered endpoint with valid input on the fixture, for any
 * caller. The matrix derives what each caller must get from the endpoint's registered access
 * and lib/permissions; the recipe only supplies the input (and fresh targets when the call
 * consumes them, so no test depends on another's order).
 */
export type RecipeContext = {
  fx: Fixture;
  db: Database;
  caller: Caller;
  /** Who calls: null when anonymous. */
  actor: User | null;
  /** Whose things the call is about: the caller, or the owner for an anonymous caller. */
  self: User;
};

export type ActionCall = { input: unknown; markers?: string[] };
export type RouteCall = {
  params?: Record<string, string>;
  /** The query string, without "?". */
  query?: string;
  body?: unknown;
  form?: FormData;
  headers?: Record<string, string>;
  /** Strings of fresh targets a non-member must not learn, beyond the fixture's. */
  markers?: string[];
};

export type Recipe<C> = {
  /**
   * Permissions the handler checks itself, after the guard's (a PATCH that renames needs
   * project.rename on top of project.read). Expectations are derived from all of them.
   */
  alsoNeeds?: Permission[];
  prepare: (ctx: RecipeContext) => Promise<C>;
  /** After an allowed call: waits for work it started in the background, restores what it changed. */
  settle?: (ctx: RecipeContext, call: C) => Promise<void>;
};

export type Expected = "allowed" | "unauthorized" | "not_found" | "forbidden";

/** What a caller must get, from the registered access and lib/permissions alone. */
export function expectedOutcome(entry: EndpointEntry, caller: Caller, alsoNeeds: readonly Permission[] = []): Expected {
  if (entry.access === "public") return "allowed";
  if (caller === "anonymous") return "unauthorized";
  if (entry.access === "account") return "allowed";
  if (caller === "nonMember") return "not_found";
  const role: Role = caller;
  return [entry.access, ...alsoNeeds].every((p) => can(role, p)) ? "allowed" : "forbidden";
}

export function recipeContext(fx: Fixture, caller: Caller): RecipeContext {
  const person = personOf(caller);
  const actor = person ? fx.users[person] : null;
  return { fx, db: fx.db, caller, actor, self: actor ?? fx.users.owner };
}

// ── Fresh targets ─────────────────────────────────────────────────────────────────────────

export const unique = (prefix: string) => `${prefix} ${randomBytes(4).toString("hex")}`;

export function freshCode(ctx: RecipeContext): Promise<Code> {
  return createCode(ctx.db, { projectId: ctx.fx.project.id, actorId: ctx.fx.users.owner.id, fields: { name: unique("fresh code") } });
}

let spanCounter = 0;
/** A coding by `coder` on the fixture document, at a span no other fresh coding has. */
export function freshCoding(ctx: RecipeContext, coder: User, options: { codeId?: string; documentId?: string } = {}): Promise<Coding> {
  const length = FIXTURE_TEXT.length;
  const n = spanCounter++;
  const start = n % (length - 10);
  const end = start + 2 + Math.floor(n / (length - 10));
  return createCoding(ctx.db, {
    projectId: ctx.fx.project.id,
    documentId: options.documentId ?? ctx.fx.document.id,
    codeId: options.codeId ?? ctx.fx.codes[0]!.id,
    coderId: coder.id,
    start,
    end: Math.min(end, length),
  });
}

export async function deletedCoding(ctx: RecipeContext, coder: User): Promise<Coding> {
  const coding = await freshCoding(ctx, coder);
  await deleteCoding(ctx.db, { projectId: ctx.fx.project.id, codingId: coding.id, actorId: ctx.fx.users.owner.id, mayEditOthers: true });
  return coding;
}

/** A document with a word found nowhere else, for searches and auto-coding that must have hits. */
export async function freshDocument(ctx: RecipeContext, projectId = ctx.fx.project.id): Promise<Document & { word: string }> {
  const word = `zq${randomBytes(5).toString("hex")}`;
  const doc = await importText(ctx.db, projectId, ctx.fx.users.owner.id, `The ${word} clause was debated.\n\nNobody mentioned the ${word} again.`, unique("fresh document"));
  return { ...doc, word };
}

export async function freshMember(ctx: RecipeContext, role: Role): Promise<User> {
  const user = await makePerson(ctx.db, unique("Fresh member"));
  await addMember(ctx.db, { projectId: ctx.fx.project.id, email: user.email!, role, actorId: ctx.fx.users.owner.id });
  return user;
}

/** A project of its own where every fixture person has the same role: for renames, mode changes, deletion. */
export function freshProject(ctx: RecipeContext, mode: "open" | "blind" = "open"): Promise<Project> {
  return makeTeamProject(ctx.db, ctx.fx.users, { mode });
}
