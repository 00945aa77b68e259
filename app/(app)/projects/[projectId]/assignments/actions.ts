"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { applySample, assignDocuments, crossPairs, previewSample, setAssignmentDone, unassignDocuments } from "@/db/queries/assignments";
import { projectAction } from "@/lib/server/guard";
import { assignSchema, sampleSchema, setDoneSchema, toStratifyBy, unassignSchema } from "@/lib/validation/assignments";

const inProject = z.object({ projectId: z.string() });

function refresh() {
  revalidatePath("/projects/[projectId]/assignments", "page");
}

export const assignDocumentsAction = projectAction(
  "assignments.assign",
  "assignments.manage",
  assignSchema.extend(inProject.shape),
  async ({ db, user, project }, { documentIds, userIds }) => {
    const result = await assignDocuments(db, { projectId: project.id, actorId: user.id, pairs: crossPairs(documentIds, userIds) });
    refresh();
    return result;
  },
);

export const unassignAction = projectAction(
  "assignments.unassign",
  "assignments.manage",
  z.intersection(unassignSchema, inProject),
  async ({ db, user, project }, { pairs, sample }) => {
    const result = await unassignDocuments(db, { projectId: project.id, actorId: user.id, pairs, sample });
    refresh();
    return result;
  },
);

const sampleInput = z.intersection(sampleSchema, inProject);

/** What a sample would assign, before anything is written. */
export const previewSampleAction = projectAction("assignments.previewSample", "assignments.manage", sampleInput, async ({ db, project }, input) =>
  previewSample(db, { ...input, projectId: project.id, stratifyBy: toStratifyBy(input.stratifyBy) }),
);

export const applySampleAction = projectAction(
  "assignments.applySample",
  "assignments.manage",
  z.intersection(sampleSchema, inProject.extend({ expectedFingerprint: z.string().max(20).optional() })),
  async ({ db, user, project }, input) => {
    const result = await applySample(db, { ...input, projectId: project.id, actorId: user.id, stratifyBy: toStratifyBy(input.stratifyBy) });
    refresh();
    return { label: result.label, size: result.size, created: result.created, existing: result.existing };
  },
);

/** A coder marks their own assignment done (or not done again); nobody marks another's. */
export const setAssignmentDoneAction = projectAction(
  "assignments.setDone",
  "assignments.complete",
  setDoneSchema.extend(inProject.shape),
  async ({ db, user, project }, { documentId, done }) => {
    const row = await setAssignmentDone(db, { projectId: project.id, documentId, userId: user.id, actorId: user.id, done });
    refresh();
    return { documentId: row.documentId, doneAt: row.doneAt?.toISOString() ?? null };
  },
);
