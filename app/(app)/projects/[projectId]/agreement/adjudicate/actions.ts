"use server";
import { z } from "zod";
import { acceptIntoConsensus, dismissSite, mergeIntoConsensus, removeConsensus, reopenSite, writeConsensus } from "@/db/queries/consensus";
import { projectAction } from "@/lib/server/guard";
import { offsetSchema } from "@/lib/validation/codings";

/** Adjudication: every write goes to the consensus layer, for owners (permission consensus.write). */

const ids = z.array(z.string().uuid("A coding to adjudicate no longer exists.")).min(1, "Choose at least one coding.").max(5000, "At most 5,000 codings at once.");
const site = {
  documentId: z.string().uuid("Document not found."),
  codeId: z.string().uuid("Code not found."),
  // Bounded like every offset: an end past PostgreSQL's integer range was a 500.
  start: offsetSchema,
  end: offsetSchema,
};
const span = z.object({ projectId: z.string(), ...site }).refine((s) => s.end > s.start, { message: "The end must come after the start.", path: ["end"] });

export const acceptConsensusAction = projectAction("consensus.accept", "consensus.write", z.object({ projectId: z.string(), codingIds: ids }), async ({ db, user, project }, { codingIds }) => {
  const created = await acceptIntoConsensus(db, { projectId: project.id, actorId: user.id, codingIds });
  return { codingIds: created.map((c) => c.id) };
});

export const mergeConsensusAction = projectAction("consensus.merge", "consensus.write", z.object({ projectId: z.string(), codingIds: ids }), async ({ db, user, project }, { codingIds }) => {
  const created = await mergeIntoConsensus(db, { projectId: project.id, actorId: user.id, codingIds });
  return { codingIds: [created.id], start: created.startOffset, end: created.endOffset };
});

export const writeConsensusAction = projectAction("consensus.write", "consensus.write", span, async ({ db, user, project }, input) => {
  const created = await writeConsensus(db, { projectId: project.id, actorId: user.id, documentId: input.documentId, codeId: input.codeId, start: input.start, end: input.end });
  return { codingIds: [created.id] };
});

export const removeConsensusAction = projectAction("consensus.remove", "consensus.write", z.object({ projectId: z.string(), codingIds: ids }), async ({ db, user, project }, { codingIds }) => {
  return { removed: await removeConsensus(db, { projectId: project.id, actorId: user.id, codingIds }) };
});

export const dismissSiteAction = projectAction("consensus.dismiss", "consensus.write", span, async ({ db, user, project }, input) => {
  await dismissSite(db, { projectId: project.id, actorId: user.id, site: { documentId: input.documentId, codeId: input.codeId, start: input.start, end: input.end } });
  return { dismissed: true, codingIds: [] as string[] };
});

export const reopenSiteAction = projectAction("consensus.reopen", "consensus.write", span, async ({ db, user, project }, input) => {
  await reopenSite(db, { projectId: project.id, actorId: user.id, site: { documentId: input.documentId, codeId: input.codeId, start: input.start, end: input.end } });
  return { reopened: true };
});
