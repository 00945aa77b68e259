import { max, eq } from "drizzle-orm";
import { applyAutocode } from "@/db/queries/autocode";
import { createAttributeDefinition } from "@/db/queries/attributes";
import { suggesterModels, suggestions } from "@/db/schema";
import { exportResponse } from "@/lib/server/export";
import { trainingInFlight } from "@/lib/server/suggester";
import { exportQuerySchema } from "@/lib/validation/export";
import { TEST_PASSWORD } from "../factories";
import { makePerson, type Fixture } from "./fixture";
import { deletedCoding, freshCode, freshCoding, freshDocument, freshMember, freshProject, unique, type Recipe, type RecipeContext, type RouteCall } from "./recipe";

/**
 * One recipe per registered route handler (by its registered name): path parameters, query
 * string and body of a valid request for the caller. The method comes from the export.
 */
type RouteRecipe = Recipe<RouteCall>;

const onProject = (ctx: RecipeContext, call: Omit<RouteCall, "params"> & { params?: Record<string, string> } = {}): RouteCall => ({
  ...call,
  params: { projectId: ctx.fx.project.id, ...call.params },
});

/** The caller's own coding when they may code, else one of the coder's (the role check comes first). */
const codingOwner = (ctx: RecipeContext) => (ctx.caller === "owner" || ctx.caller === "coder" ? ctx.self : ctx.fx.users.coder);

const qdpxCache = new WeakMap<Fixture, Promise<Uint8Array>>();
/** A small project of the owner's (not the fixture: its name is a marker) exported as REFI-QDA, to import. */
function sampleQdpx(ctx: RecipeContext): Promise<Uint8Array> {
  let bytes = qdpxCache.get(ctx.fx);
  if (!bytes) {
    bytes = (async () => {
      const project = await freshProject(ctx);
      await freshDocument(ctx, project.id);
      const response = await exportResponse(ctx.db, { user: ctx.fx.users.owner, project, role: "owner" }, exportQuerySchema.parse({ format: "qdpx" }));
      return new Uint8Array(await response.arrayBuffer());
    })();
    qdpxCache.set(ctx.fx, bytes);
  }
  return bytes;
}

/** A suggestion of a ready suggester version, inserted directly: training is tested on its own. */
async function freshSuggestion(ctx: RecipeContext): Promise<number> {
  const projectId = ctx.fx.project.id;
  const [latest] = await ctx.db.select({ version: max(suggesterModels.version) }).from(suggesterModels).where(eq(suggesterModels.projectId, projectId));
  const [model] = await ctx.db
    .insert(suggesterModels)
    .values({ projectId, version: (latest?.version ?? 0) + 1, status: "ready", progress: 1, stage: "done", seed: 1, params: { unit: "sentence" }, createdBy: ctx.fx.users.owner.id })
    .returning();
  const [row] = await ctx.db
    .insert(suggestions)
    .values({ modelId: model!.id, documentId: ctx.fx.document.id, codeId: ctx.fx.codes[2]!.id, startOffset: 0, endOffset: 9, confidence: 0.8 })
    .returning();
  return row!.id;
}

export const ROUTE_RECIPES: Record<string, RouteRecipe> = {
  // ── Public and account ────────────────────────────────────────────────────────────────
  ping: { prepare: async () => ({}) },
  "api.tokens.create": { prepare: async (ctx) => ({ body: { email: ctx.self.email, password: TEST_PASSWORD, name: "matrix" } }) },
  "api.projects.list": { prepare: async () => ({}) },
  "api.projects.create": { prepare: async () => ({ body: { name: unique("API project") } }) },
  "api.projects.import": {
    prepare: async (ctx) => {
      const form = new FormData();
      form.set("file", new File([(await sampleQdpx(ctx)) as Uint8Array<ArrayBuffer>], "study.qdpx", { type: "application/zip" }));
      return { form };
    },
  },

  // ── The project ───────────────────────────────────────────────────────────────────────
  "api.project.read": { prepare: async (ctx) => onProject(ctx) },
  "api.project.update": {
    alsoNeeds: ["project.rename"],
    prepare: async (ctx) => {
      const project = await freshProject(ctx);
      return { params: { projectId: project.id }, body: { name: unique("renamed") }, markers: [project.id, project.name] };
    },
  },
  "api.project.delete": {
    prepare: async (ctx) => {
      const project = await freshProject(ctx);
      return { params: { projectId: project.id }, markers: [project.id, project.name] };
    },
  },
  "api.members.list": { prepare: async (ctx) => onProject(ctx) },
  "api.members.add": { prepare: async (ctx) => onProject(ctx, { body: { email: (await makePerson(ctx.db, unique("Newcomer"))).email, role: "viewer" } }) },
  "api.members.update": { prepare: async (ctx) => onProject(ctx, { params: { userId: (await freshMember(ctx, "viewer")).id }, body: { role: "coder" } }) },
  "api.members.remove": { prepare: async (ctx) => onProject(ctx, { params: { userId: (await freshMember(ctx, "viewer")).id } }) },

  // ── Codebook ──────────────────────────────────────────────────────────────────────────
  "api.codes.list": { prepare: async (ctx) => onProject(ctx) },
  "api.codes.create": { prepare: async (ctx) => onProject(ctx, { body: { name: unique("api code") } }) },
  "api.codes.read": { prepare: async (ctx) => onProject(ctx, { params: { codeId: ctx.fx.codes[0]!.id } }) },
  "api.codes.update": { prepare: async (ctx) => onProject(ctx, { params: { codeId: (await freshCode(ctx)).id }, body: { name: unique("renamed") } }) },
  "api.codes.delete": { prepare: async (ctx) => onProject(ctx, { params: { codeId: (await freshCode(ctx)).id }, query: "codings=delete" }) },

  // ── Documents and attributes ──────────────────────────────────────────────────────────
  "api.documents.list": { prepare: async (ctx) => onProject(ctx) },
  "api.documents.import": { prepare: async (ctx) => onProject(ctx, { query: "duplicates=import", body: { title: unique("pasted"), text: "A pasted paragraph." } }) },
  "api.documents.read": { prepare: async (ctx) => onProject(ctx, { params: { documentId: ctx.fx.document.id }, query: "segments=1" }) },
  "api.documents.update": { prepare: async (ctx) => onProject(ctx, { params: { documentId: (await freshDocument(ctx)).id }, body: { title: unique("retitled") } }) },
  "api.documents.delete": { prepare: async (ctx) => onProject(ctx, { params: { documentId: (await freshDocument(ctx)).id } }) },
  "api.documents.original": { prepare: async (ctx) => onProject(ctx, { params: { documentId: ctx.fx.document.id } }) },
  "api.attributes.list": { prepare: async (ctx) => onProject(ctx) },
  "api.attributes.create": { prepare: async (ctx) => onProject(ctx, { body: { name: unique("attr"), type: "number" } }) },
  "api.attributes.delete": {
    prepare: async (ctx) => {
      const def = await createAttributeDefinition(ctx.db, { projectId: ctx.fx.project.id, actorId: ctx.fx.users.owner.id, name: unique("attr"), type: "text" });
      return onProject(ctx, { params: { attributeId: def.id } });
    },
  },
  "api.attributes.values": { prepare: async (ctx) => onProject(ctx, { body: [{ documentId: ctx.fx.document.id, attributes: { Wave: Math.floor(Math.random() * 1000) } }] }) },

  // ── Codings ───────────────────────────────────────────────────────────────────────────
  "api.codings.list": { prepare: async (ctx) => onProject(ctx, { query: `documentId=${ctx.fx.document.id}` }) },
  "api.codings.create": {
    prepare: async (ctx) => {
      const doc = await freshDocument(ctx);
      return onProject(ctx, { body: { documentId: doc.id, codeId: ctx.fx.codes[0]!.id, start: 4, end: 9, memo: "matrix" } });
    },
  },
  "api.codings.read": { prepare: async (ctx) => onProject(ctx, { params: { codingId: ctx.fx.codings.coder.id } }) },
  "api.codings.update": { prepare: async (ctx) => onProject(ctx, { params: { codingId: (await freshCoding(ctx, codingOwner(ctx))).id }, body: { memo: unique("edited") } }) },
  "api.codings.delete": { prepare: async (ctx) => onProject(ctx, { params: { codingId: (await freshCoding(ctx, codingOwner(ctx))).id } }) },
  "api.codings.history": { prepare: async (ctx) => onProject(ctx, { params: { codingId: ctx.fx.codings.coder.id } }) },
  "api.codings.restore": { prepare: async (ctx) => onProject(ctx, { params: { codingId: (await deletedCoding(ctx, ctx.fx.users.coder)).id } }) },

  // ── Analysis and output ───────────────────────────────────────────────────────────────
  "api.agreement.report": { prepare: async (ctx) => onProject(ctx, { query: "samples=0" }) },
  "api.matrix": { prepare: async (ctx) => onProject(ctx, { query: "kind=code-document" }) },
  "api.export": { prepare: async (ctx) => onProject(ctx, { query: "format=csv" }) },
  "api.search": { prepare: async (ctx) => onProject(ctx, { query: "q=harbour" }) },
  "api.autocode": {
    prepare: async (ctx) => {
      const doc = await freshDocument(ctx);
      return onProject(ctx, { body: { q: doc.word, mode: "words", codeId: ctx.fx.codes[1]!.id, extent: "match" } });
    },
  },
  "api.autocode.undo": {
    prepare: async (ctx) => {
      const doc = await freshDocument(ctx);
      const coder = codingOwner(ctx);
      const { batchId } = await applyAutocode(ctx.db, {
        projectId: ctx.fx.project.id,
        coderId: coder.id,
        codeId: ctx.fx.codes[1]!.id,
        spans: [{ documentId: doc.id, start: 4, end: 4 + doc.word.length }],
        summary: { q: doc.word, mode: "words", extent: "match" },
      });
      return onProject(ctx, { params: { batchId } });
    },
  },
  "api.suggester.list": { prepare: async (ctx) => onProject(ctx) },
  "api.suggester.train": {
    prepare: async (ctx) => onProject(ctx, { body: { seed: 7 } }),
    // Training runs on in the background; let it finish before the next test.
    settle: async (ctx) => void (await trainingInFlight(ctx.fx.project.id)),
  },
  "api.suggestions": { prepare: async (ctx) => onProject(ctx, { query: `documentId=${ctx.fx.document.id}` }) },
  "api.suggestions.dismiss": { prepare: async (ctx) => onProject(ctx, { params: { suggestionId: String(await freshSuggestion(ctx)) } }) },

  // ── Activity, live updates, assignments ───────────────────────────────────────────────
  "api.activity.list": { prepare: async (ctx) => onProject(ctx, { query: "limit=20" }) },
  "api.events.stream": { prepare: async (ctx) => onProject(ctx, { query: "after=0" }) },
  "api.assignments.list": { prepare: async (ctx) => onProject(ctx) },
  "api.assignments.create": { prepare: async (ctx) => onProject(ctx, { body: { documentIds: [(await freshDocument(ctx)).id], userIds: [ctx.fx.users.coder2.id] } }) },
};
