import { randomBytes } from "node:crypto";
import type { Database } from "@/db/client";
import { createAttributeDefinition, setAttributeValues } from "@/db/queries/attributes";
import { assignDocuments } from "@/db/queries/assignments";
import { getCodesByProjectId } from "@/db/queries/codes";
import { createCoding } from "@/db/queries/codings";
import { addMember } from "@/db/queries/members";
import { upsertMemo } from "@/db/queries/memos";
import { createProject } from "@/db/queries/projects";
import { createUser } from "@/db/queries/users";
import type { Code, Coding, Document, Project, User } from "@/db/schema";
import { memoDocFromText } from "@/lib/memos/doc";
import type { Role } from "@/lib/permissions";
import { importDocument } from "@/lib/server/documents";
import { tokenFor } from "../api";
import { TEST_PASSWORD } from "../factories";
import { cheapScryptHash } from "./cheap-hash";

/**
 * The authorization tests' world: one project with an owner, two coders and a viewer, a
 * signed-in person who is not a member, and anonymous callers; a document, the default codes,
 * a coding by each coder (each with a memo no one else wrote), an attribute with a value,
 * memos and an assignment. Everything a non-member must never see is listed in `markers`.
 */
export const CALLERS = ["anonymous", "nonMember", "viewer", "coder", "owner"] as const;
export type Caller = (typeof CALLERS)[number];
export type Person = "owner" | "coder" | "coder2" | "viewer" | "outsider";

export const FIXTURE_TEXT = [
  "Ministers promised swift reform of the harbour tariffs.",
  "Fishermen organised a blockade at dawn, and the port stood still.",
  "The council rejected every appeal behind closed doors.",
].join("\n\n");

const spanOf = (quote: string) => ({ start: FIXTURE_TEXT.indexOf(quote), end: FIXTURE_TEXT.indexOf(quote) + quote.length });
/** What each person codes in FIXTURE_TEXT (ASCII, so string indexes are code points). */
export const QUOTES = { owner: "swift reform", coder: "blockade at dawn", coder2: "rejected every appeal" } as const;
export const SPANS = { owner: spanOf(QUOTES.owner), coder: spanOf(QUOTES.coder), coder2: spanOf(QUOTES.coder2) };

export type People = Record<Person, User>;

export type Fixture = {
  db: Database;
  users: People;
  tokens: Record<Person, string>;
  project: Project;
  document: Document;
  codes: Code[];
  codings: Record<"owner" | "coder" | "coder2", Coding>;
  attributeId: string;
  /** Strings that only members may learn: ids, names, quotes, memos, emails. */
  markers: string[];
};

/** Every fixture person's password is TEST_PASSWORD, hashed cheaply (see cheap-hash.ts). */
let testPasswordHash: Promise<string> | undefined;

export async function makePerson(db: Database, name: string): Promise<User> {
  const email = `${name.toLowerCase().replace(/\W+/g, ".")}.${randomBytes(3).toString("hex")}@example.org`;
  return createUser(db, { email, name, passwordHash: await (testPasswordHash ??= cheapScryptHash(TEST_PASSWORD)) });
}

export async function makePeople(db: Database): Promise<{ users: People; tokens: Record<Person, string> }> {
  const tag = randomBytes(3).toString("hex");
  const users = {
    owner: await makePerson(db, `Olga Owner ${tag}`),
    coder: await makePerson(db, `Cora Coder ${tag}`),
    coder2: await makePerson(db, `Cato Coder ${tag}`),
    viewer: await makePerson(db, `Vera Viewer ${tag}`),
    outsider: await makePerson(db, `Otto Outsider ${tag}`),
  };
  const tokens = {} as Record<Person, string>;
  for (const [person, user] of Object.entries(users)) tokens[person as Person] = await tokenFor(db, user.id);
  return { users, tokens };
}

/** A project where the people have their roles (owner; coder and coder2: coder; viewer). */
export async function makeTeamProject(db: Database, users: People, options: { mode?: "open" | "blind"; name?: string } = {}): Promise<Project> {
  const name = options.name ?? `Harbour study ${randomBytes(4).toString("hex")}`;
  const project = await createProject(db, { name, ownerId: users.owner.id, mode: options.mode ?? "open" });
  const roles: [Person, Role][] = [["coder", "coder"], ["coder2", "coder"], ["viewer", "viewer"]];
  for (const [person, role] of roles) await addMember(db, { projectId: project.id, email: users[person].email!, role, actorId: users.owner.id });
  return project;
}

/** Imports pasted text, or (with `fileName`) the text as an uploaded file, which keeps an original. */
export async function importText(db: Database, projectId: string, actorId: string, text: string, title = "Harbour minutes", fileName?: string): Promise<Document> {
  const source = fileName ? ({ kind: "file", bytes: new TextEncoder().encode(text), fileName } as const) : ({ kind: "text", text, title } as const);
  const result = await importDocument(db, { projectId, actorId, source, title, duplicates: "import" });
  if (result.skipped) throw new Error("the fixture document was skipped as a duplicate");
  return result.document as Document;
}

export async function buildFixture(db: Database, options: { mode?: "open" | "blind" } = {}): Promise<Fixture> {
  const { users, tokens } = await makePeople(db);
  // A blind project is blind from the start, so every coding below is hidden work.
  const project = await makeTeamProject(db, users, { mode: options.mode ?? "open" });
  const projectId = project.id;
  const document = await importText(db, projectId, users.owner.id, FIXTURE_TEXT, "Harbour minutes", "harbour-minutes.txt");
  const codes = await getCodesByProjectId(db, { projectId });
  const codeFor = { owner: codes[0]!, coder: codes[1]!, coder2: codes[2]! };
  const codings = {} as Fixture["codings"];
  for (const person of ["owner", "coder", "coder2"] as const) {
    codings[person] = await createCoding(db, {
      projectId,
      documentId: document.id,
      codeId: codeFor[person].id,
      coderId: users[person].id,
      ...SPANS[person],
      memo: `memo-of-${person}-${randomBytes(4).toString("hex")}`,
    });
  }
  const attribute = await createAttributeDefinition(db, { projectId, actorId: users.owner.id, name: "Wave", type: "number" });
  await setAttributeValues(db, { projectId, actorId: users.owner.id, values: [{ documentId: document.id, attributes: { Wave: 3 } }] });
  const memoText = `project memo ${randomBytes(4).toString("hex")}`;
  await upsertMemo(db, { projectId, targetType: "project", targetId: projectId, authorId: users.owner.id, body: memoDocFromText(memoText), bodyText: memoText });
  await assignDocuments(db, { projectId, actorId: users.owner.id, pairs: [{ documentId: document.id, userId: users.coder.id }] });
  const markers = [
    projectId,
    project.name,
    document.id,
    "swift reform of the harbour",
    memoText,
    attribute.id,
    ...codes.map((c) => c.id),
    ...Object.values(codings).flatMap((c) => [c.id, c.memo]),
    ...(["owner", "coder", "coder2", "viewer"] as const).flatMap((p) => [users[p].id, users[p].email!, users[p].name]),
  ];
  return { db, users, tokens, project, document, codes, codings, attributeId: attribute.id, markers };
}

/** The person acting for a caller; null for an anonymous one. */
export function personOf(caller: Caller): Person | null {
  return caller === "anonymous" ? null : caller === "nonMember" ? "outsider" : caller;
}

/** Strings of the fixture found in a response text: what a non-member must never receive. */
export function leakedMarkers(text: string, markers: readonly string[]): string[] {
  return markers.filter((m) => m && text.includes(m));
}
