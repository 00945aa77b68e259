"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { createCode, deleteCode, mergeCodes, moveCode, updateCode } from "@/db/queries/codes";
import { applyCodebookImport, codesFromFile, planCodebookImport } from "@/lib/server/codebook-import";
import { projectAction } from "@/lib/server/guard";
import { createCodeSchema, deleteCodeSchema, mergeCodesSchema, moveCodeSchema, updateCodeSchema } from "@/lib/validation/codes";

// The codebook's actions. Coders and owners may create and edit codes; only owners delete
// (deleting moves or removes other people's codings). Viewers are refused by the guard.

const codeRef = z.object({ projectId: z.string(), codeId: z.string().uuid("Code not found.") });

function refreshProjectPages() {
  revalidatePath("/projects/[projectId]", "layout");
}

export const createCodeAction = projectAction(
  "codes.create",
  "codes.create",
  createCodeSchema.extend({ projectId: z.string() }),
  async ({ db, user, project }, { projectId: _projectId, ...fields }) => {
    const code = await createCode(db, { projectId: project.id, actorId: user.id, fields });
    refreshProjectPages();
    return { id: code.id, name: code.name };
  },
);

export const updateCodeAction = projectAction(
  "codes.update",
  "codes.update",
  codeRef.and(updateCodeSchema),
  async ({ db, user, project }, { projectId: _projectId, codeId, version, ...patch }) => {
    const code = await updateCode(db, { projectId: project.id, codeId, actorId: user.id, patch, expectedVersion: version });
    refreshProjectPages();
    return { id: code.id, name: code.name, version: code.version };
  },
);

// `refuse` is what the dialog sends when it showed no codings: if some were made since, the
// delete is refused (with their number) instead of silently taking them along.
const deleteChoice = z.union([deleteCodeSchema, z.object({ codings: z.literal("refuse") })]);

export const deleteCodeAction = projectAction(
  "codes.delete",
  "codes.delete",
  codeRef.and(deleteChoice),
  async ({ db, user, project }, input) => {
    const options =
      input.codings === "move"
        ? { codings: "move" as const, targetCodeId: input.targetCodeId }
        : { codings: input.codings };
    const result = await deleteCode(db, { projectId: project.id, codeId: input.codeId, actorId: user.id, options });
    refreshProjectPages();
    revalidatePath("/projects");
    return result;
  },
);

/** Drag and drop, "Move to…", "Move up/down": a new parent and a place among its children. */
export const moveCodeAction = projectAction(
  "codes.move",
  "codes.update",
  codeRef.and(moveCodeSchema),
  async ({ db, user, project }, { codeId, parentId, index }) => {
    const code = await moveCode(db, { projectId: project.id, codeId, actorId: user.id, parentId, index });
    refreshProjectPages();
    return { id: code.id, parentId: code.parentId, position: code.position, version: code.version };
  },
);

/** Merges one code into another: its codings, sub-codes and memos move, in one transaction. */
export const mergeCodesAction = projectAction(
  "codes.merge",
  "codes.merge",
  mergeCodesSchema.extend({ projectId: z.string() }),
  async ({ db, user, project }, { sourceCodeId, targetCodeId }) => {
    const result = await mergeCodes(db, { projectId: project.id, sourceCodeId, targetCodeId, actorId: user.id });
    refreshProjectPages();
    revalidatePath("/projects");
    return result;
  },
);

/**
 * Imports a codebook (.qdc or CSV) into the project: `apply: false` answers with the merge plan
 * (what would be created, updated or left as is) and writes nothing; `apply: true` applies it
 * in one transaction. Owner only: it can restructure everyone's codebook.
 */
export const importCodebookAction = projectAction(
  "codes.import",
  "codes.merge",
  z.object({
    projectId: z.string(),
    fileName: z.string().max(300),
    // Base64 of the file; a codebook is small (a few hundred kB at most).
    content: z.string().max(4_000_000, "The codebook file is over 3 MB: that is not a codebook."),
    apply: z.boolean(),
  }),
  async ({ db, user, project }, { fileName, content, apply }) => {
    const incoming = codesFromFile(new Uint8Array(Buffer.from(content, "base64")), fileName);
    const plan = await planCodebookImport(db, project.id, incoming);
    if (!apply) return { plan: plan.map((p) => ({ path: p.path.join(" / "), action: p.action, changes: p.changes, matchedBy: p.matchedBy ?? null })), applied: null };
    const applied = await applyCodebookImport(db, { projectId: project.id, actorId: user.id, incoming });
    refreshProjectPages();
    return { plan: [], applied };
  },
);
