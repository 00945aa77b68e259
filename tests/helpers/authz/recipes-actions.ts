import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { createApiToken } from "@/db/queries/api-tokens";
import { saveAgreementReport } from "@/db/queries/agreement-reports";
import { assignDocuments } from "@/db/queries/assignments";
import { createAttributeDefinition } from "@/db/queries/attributes";
import { createCoding } from "@/db/queries/codings";
import { dismissSite, writeConsensus } from "@/db/queries/consensus";
import { upsertMemo } from "@/db/queries/memos";
import { saveQuery } from "@/db/queries/saved-queries";
import { createExternalUser, getUserById, updateUserPassword } from "@/db/queries/users";
import { users } from "@/db/schema";
import { memoDocFromText } from "@/lib/memos/doc";
import { can } from "@/lib/permissions";
import { runAgreement } from "@/lib/server/agreement";
import { agreementQuerySchema } from "@/lib/validation/agreement";
import { retrievalQuerySchema } from "@/lib/validation/retrieval";
import { TEST_PASSWORD } from "../factories";
import { lastEventId } from "../rows";
import { makePerson } from "./fixture";
import { deletedCoding, freshCode, freshCoding, freshDocument, freshMember, freshProject, unique, type ActionCall, type Recipe, type RecipeContext } from "./recipe";

/**
 * One recipe per registered server action (by its registered name). `prepare` returns a valid
 * input for the caller; targets the call consumes are made fresh each time.
 */
type ActionRecipe = Recipe<ActionCall>;

const inProject = (ctx: RecipeContext, fields: Record<string, unknown> = {}): ActionCall => ({ input: { projectId: ctx.fx.project.id, ...fields } });

/** A site (document, code, span) no other call has used, for consensus dismissals. */
function freshSite(ctx: RecipeContext) {
  const start = Math.floor(Math.random() * 100);
  return { documentId: ctx.fx.document.id, codeId: ctx.fx.codes[1]!.id, start, end: start + 1 + Math.floor(Math.random() * 50) };
}

/** Whether the caller may code: only then can they have assignments or saved queries of their own. */
const mayCode = (ctx: RecipeContext) => ctx.caller !== "anonymous" && ctx.caller !== "nonMember" && can(ctx.caller, "codings.create");

const passwordHashes = new Map<string, string>();
const sessionVersions = new Map<string, number>();

export const ACTION_RECIPES: Record<string, ActionRecipe> = {
  // ── Public and account ────────────────────────────────────────────────────────────────
  "auth.signOut": { prepare: async () => ({ input: {} }) },
  "auth.signIn": { prepare: async (ctx) => ({ input: { email: ctx.self.email, password: TEST_PASSWORD } }) },
  "auth.signUp": { prepare: async () => ({ input: { name: "New Person", email: `new.${randomBytes(4).toString("hex")}@example.org`, password: "a long enough password" } }) },
  "projects.create": { prepare: async () => ({ input: { name: unique("Matrix project") } }) },
  "account.changePassword": {
    prepare: async (ctx) => {
      passwordHashes.set(ctx.self.id, (await getUserById(ctx.db, { userId: ctx.self.id }))!.passwordHash!);
      return { input: { currentPassword: TEST_PASSWORD, newPassword: "a different long password" } };
    },
    // Put the password back, so later sign-ins in the suite still work.
    settle: async (ctx) => void (await updateUserPassword(ctx.db, { userId: ctx.self.id, passwordHash: passwordHashes.get(ctx.self.id)! })),
  },
  "account.signOutEverywhere": {
    prepare: async (ctx) => {
      sessionVersions.set(ctx.self.id, (await getUserById(ctx.db, { userId: ctx.self.id }))!.sessionVersion);
      return { input: {} };
    },
    // Put the version back, so sessions the suite signs in elsewhere stay valid.
    settle: async (ctx) => void (await ctx.db.update(users).set({ sessionVersion: sessionVersions.get(ctx.self.id)! }).where(eq(users.id, ctx.self.id))),
  },
  "account.createToken": { prepare: async () => ({ input: { name: "matrix token" } }) },
  "account.revokeToken": { prepare: async (ctx) => ({ input: { tokenId: (await createApiToken(ctx.db, { userId: ctx.self.id, name: "to revoke" })).record.id } }) },

  // ── Codebook ──────────────────────────────────────────────────────────────────────────
  "codes.create": { prepare: async (ctx) => inProject(ctx, { name: unique("new code") }) },
  "codes.update": { prepare: async (ctx) => inProject(ctx, { codeId: (await freshCode(ctx)).id, name: unique("renamed") }) },
  "codes.delete": { prepare: async (ctx) => inProject(ctx, { codeId: (await freshCode(ctx)).id, codings: "delete" }) },
  "codes.move": { prepare: async (ctx) => inProject(ctx, { codeId: (await freshCode(ctx)).id, parentId: null, index: 0 }) },
  "codes.merge": {
    prepare: async (ctx) => inProject(ctx, { sourceCodeId: (await freshCode(ctx)).id, targetCodeId: (await freshCode(ctx)).id }),
  },
  "codes.import": {
    prepare: async (ctx) => inProject(ctx, { fileName: "codebook.csv", content: Buffer.from(`name\n${unique("imported code")}\n`).toString("base64"), apply: true }),
  },

  // ── Activity ──────────────────────────────────────────────────────────────────────────
  "activity.list": { prepare: async (ctx) => inProject(ctx, { before: (await lastEventId(ctx.db, ctx.fx.project.id)) + 1 }) },
  "codings.restore": { prepare: async (ctx) => inProject(ctx, { codingId: (await deletedCoding(ctx, ctx.fx.users.coder)).id }) },

  // ── Agreement and adjudication ────────────────────────────────────────────────────────
  "agreement.save": { prepare: async (ctx) => inProject(ctx, { name: unique("report"), query: { samples: "0" } }) },
  "agreement.delete": {
    prepare: async (ctx) => {
      const query = { samples: "0" };
      const { report, scope } = await runAgreement(ctx.db, { project: ctx.fx.project, role: "owner", query: agreementQuerySchema.parse(query) });
      const saved = await saveAgreementReport(ctx.db, { projectId: ctx.fx.project.id, actorId: ctx.fx.users.owner.id, name: unique("report"), scope: { ...scope, query }, report });
      return inProject(ctx, { reportId: saved.id });
    },
  },
  "consensus.accept": { prepare: async (ctx) => inProject(ctx, { codingIds: [(await freshCoding(ctx, ctx.fx.users.coder)).id] }) },
  "consensus.merge": {
    prepare: async (ctx) => {
      const a = await freshCoding(ctx, ctx.fx.users.coder);
      const b = await freshCoding(ctx, ctx.fx.users.coder2);
      return inProject(ctx, { codingIds: [a.id, b.id] });
    },
  },
  "consensus.write": { prepare: async (ctx) => inProject(ctx, freshSite(ctx)) },
  "consensus.remove": {
    prepare: async (ctx) => {
      const site = freshSite(ctx);
      const written = await writeConsensus(ctx.db, { projectId: ctx.fx.project.id, actorId: ctx.fx.users.owner.id, ...site });
      return inProject(ctx, { codingIds: [written.id] });
    },
  },
  "consensus.dismiss": { prepare: async (ctx) => inProject(ctx, freshSite(ctx)) },
  "consensus.reopen": {
    prepare: async (ctx) => {
      const site = freshSite(ctx);
      await dismissSite(ctx.db, { projectId: ctx.fx.project.id, actorId: ctx.fx.users.owner.id, site });
      return inProject(ctx, site);
    },
  },

  // ── Saved queries ─────────────────────────────────────────────────────────────────────
  "queries.save": { prepare: async (ctx) => inProject(ctx, { name: unique("query"), query: { a: ctx.fx.codes[0]!.id } }) },
  "queries.delete": {
    prepare: async (ctx) => {
      // The caller's own query when they may save one; someone else's would be a finer rule (tested apart).
      const author = mayCode(ctx) ? ctx.self : ctx.fx.users.coder;
      const saved = await saveQuery(ctx.db, { projectId: ctx.fx.project.id, actorId: author.id, name: unique("query"), query: retrievalQuerySchema.parse({ a: ctx.fx.codes[0]!.id }) });
      return inProject(ctx, { queryId: saved.id });
    },
  },

  // ── Assignments ───────────────────────────────────────────────────────────────────────
  "assignments.assign": { prepare: async (ctx) => inProject(ctx, { documentIds: [(await freshDocument(ctx)).id], userIds: [ctx.fx.users.coder2.id] }) },
  "assignments.unassign": {
    prepare: async (ctx) => {
      const doc = await freshDocument(ctx);
      await assignDocuments(ctx.db, { projectId: ctx.fx.project.id, actorId: ctx.fx.users.owner.id, pairs: [{ documentId: doc.id, userId: ctx.fx.users.coder2.id }] });
      return inProject(ctx, { pairs: [{ documentId: doc.id, userId: ctx.fx.users.coder2.id }] });
    },
  },
  "assignments.previewSample": {
    prepare: async (ctx) => inProject(ctx, { count: 1, seed: "matrix", codersPerDocument: 2, userIds: [ctx.fx.users.coder.id, ctx.fx.users.coder2.id] }),
  },
  "assignments.applySample": {
    prepare: async (ctx) => inProject(ctx, { count: 1, seed: unique("seed"), codersPerDocument: 2, userIds: [ctx.fx.users.coder.id, ctx.fx.users.coder2.id] }),
  },
  "assignments.setDone": {
    prepare: async (ctx) => {
      const doc = await freshDocument(ctx);
      if (mayCode(ctx)) await assignDocuments(ctx.db, { projectId: ctx.fx.project.id, actorId: ctx.fx.users.owner.id, pairs: [{ documentId: doc.id, userId: ctx.self.id }] });
      return inProject(ctx, { documentId: doc.id, done: true });
    },
  },

  // ── Attributes and documents ──────────────────────────────────────────────────────────
  "attributes.create": { prepare: async (ctx) => inProject(ctx, { name: unique("attr"), type: "text" }) },
  "attributes.delete": {
    prepare: async (ctx) => {
      const def = await createAttributeDefinition(ctx.db, { projectId: ctx.fx.project.id, actorId: ctx.fx.users.owner.id, name: unique("attr"), type: "text" });
      return inProject(ctx, { attributeId: def.id });
    },
  },
  "attributes.setValues": {
    prepare: async (ctx) => inProject(ctx, { values: [{ documentId: ctx.fx.document.id, attributes: { Wave: Math.floor(Math.random() * 1000) } }] }),
  },
  "documents.readingPosition": { prepare: async (ctx) => inProject(ctx, { documentId: ctx.fx.document.id, offset: 5 }) },
  "documents.update": { prepare: async (ctx) => inProject(ctx, { documentId: (await freshDocument(ctx)).id, title: unique("retitled") }) },
  "documents.delete": { prepare: async (ctx) => inProject(ctx, { documentId: (await freshDocument(ctx)).id }) },

  // ── Members ───────────────────────────────────────────────────────────────────────────
  "members.add": { prepare: async (ctx) => inProject(ctx, { email: (await makePerson(ctx.db, unique("Newcomer"))).email, role: "viewer" }) },
  "members.updateRole": { prepare: async (ctx) => inProject(ctx, { userId: (await freshMember(ctx, "viewer")).id, role: "coder" }) },
  "members.remove": { prepare: async (ctx) => inProject(ctx, { userId: (await freshMember(ctx, "viewer")).id }) },
  "members.assignImported": {
    prepare: async (ctx) => {
      const imported = await createExternalUser(ctx.db, { name: unique("Imported coder") });
      await createCoding(ctx.db, { projectId: ctx.fx.project.id, documentId: ctx.fx.document.id, codeId: ctx.fx.codes[0]!.id, coderId: imported.id, start: 0, end: 9 });
      return inProject(ctx, { importedId: imported.id, memberId: ctx.fx.users.coder2.id });
    },
  },

  // ── Memos ─────────────────────────────────────────────────────────────────────────────
  "memos.save": { prepare: async (ctx) => inProject(ctx, { targetType: "project", targetId: ctx.fx.project.id, body: memoDocFromText(unique("memo")) }) },
  "memos.delete": {
    prepare: async (ctx) => {
      const code = await freshCode(ctx);
      const text = unique("memo");
      const memo = await upsertMemo(ctx.db, { projectId: ctx.fx.project.id, targetType: "code", targetId: code.id, authorId: ctx.self.id, body: memoDocFromText(text), bodyText: text });
      return inProject(ctx, { memoId: memo.id });
    },
  },
  "memos.list": { prepare: async (ctx) => inProject(ctx, { targetType: "project", targetId: ctx.fx.project.id }) },

  // ── Project settings (each on a project of its own: they change the whole project) ───
  "projects.rename": {
    prepare: async (ctx) => {
      const project = await freshProject(ctx);
      return { input: { projectId: project.id, name: unique("renamed project"), description: "" }, markers: [project.id, project.name] };
    },
  },
  "projects.setMode": {
    prepare: async (ctx) => {
      const project = await freshProject(ctx);
      return { input: { projectId: project.id, mode: "blind" }, markers: [project.id, project.name] };
    },
  },
  "projects.reveal": {
    prepare: async (ctx) => {
      const project = await freshProject(ctx, "blind");
      return { input: { projectId: project.id, revealed: true }, markers: [project.id, project.name] };
    },
  },
  "projects.delete": {
    prepare: async (ctx) => {
      const project = await freshProject(ctx);
      return { input: { projectId: project.id, confirmName: project.name }, markers: [project.id] };
    },
  },
};
