"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getActivity, restoreCoding } from "@/db/queries/activity";
import { ENTITY_TYPES } from "@/lib/events/describe";
import type { EntityType } from "@/lib/events/types";
import { seesAllCodings } from "@/lib/permissions";
import { projectAction } from "@/lib/server/guard";
import { toActivityItems } from "./entry-view";

const optionalId = z.string().uuid("Not a valid id.").optional();

/** Older entries of the feed, with the same filters as the page ("Load older"). */
export const loadActivityAction = projectAction(
  "activity.list",
  "events.read",
  z.object({
    projectId: z.string(),
    actorId: optionalId,
    entityType: z.enum(ENTITY_TYPES as [EntityType, ...EntityType[]]).optional(),
    documentId: optionalId,
    before: z.number().int().positive(),
  }),
  async ({ db, user, project, role }, { actorId, entityType, documentId, before }) => {
    const page = await getActivity(db, {
      projectId: project.id,
      viewer: { userId: user.id, seesAll: seesAllCodings(role, project) },
      actorId,
      entityType,
      documentId,
      before,
    });
    const { items } = await toActivityItems(db, project.id, page.entries);
    return { items, nextBefore: page.nextBefore };
  },
);

/** Restores a deleted coding from its last `coding.deleted` event (owners only). */
export const restoreCodingAction = projectAction(
  "codings.restore",
  "codings.restore",
  z.object({ projectId: z.string(), codingId: z.string().uuid("Coding not found.") }),
  async ({ db, user, project }, { codingId }) => {
    const { coding, plan } = await restoreCoding(db, { projectId: project.id, codingId, actorId: user.id });
    revalidatePath("/projects/[projectId]", "layout");
    return {
      codingId: coding.id,
      documentId: coding.documentId,
      codeName: plan.codeName,
      mergedFromName: plan.mergedFrom?.name ?? null,
    };
  },
);
