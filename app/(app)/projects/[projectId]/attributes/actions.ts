"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { createAttributeDefinition, deleteAttributeDefinition, setAttributeValues } from "@/db/queries/attributes";
import { projectAction } from "@/lib/server/guard";
import { bulkAttributeValuesSchema, createAttributeSchema } from "@/lib/validation/documents";

// Attributes: the owner defines them (they shape every coder's data); coders and owners fill
// in the values. The bulk save is all or nothing: one bad cell changes nothing.

function refresh() {
  revalidatePath("/projects/[projectId]", "layout");
}

export const createAttributeAction = projectAction(
  "attributes.create",
  "attributes.manage",
  z.object({ projectId: z.string() }).and(createAttributeSchema),
  async ({ db, user, project }, { name, type, choices }) => {
    const def = await createAttributeDefinition(db, { projectId: project.id, actorId: user.id, name, type, choices });
    refresh();
    return { id: def.id, name: def.name };
  },
);

export const deleteAttributeAction = projectAction(
  "attributes.delete",
  "attributes.manage",
  z.object({ projectId: z.string(), attributeId: z.string().uuid("Attribute not found.") }),
  async ({ db, user, project }, { attributeId }) => {
    await deleteAttributeDefinition(db, { projectId: project.id, actorId: user.id, attributeId });
    refresh();
    return { attributeId };
  },
);

export const setAttributeValuesAction = projectAction(
  "attributes.setValues",
  "documents.update",
  z.object({ projectId: z.string(), values: bulkAttributeValuesSchema }),
  async ({ db, user, project }, { values }) => {
    await setAttributeValues(db, { projectId: project.id, actorId: user.id, values });
    refresh();
    return { documents: values.length, values: values.reduce((n, v) => n + Object.keys(v.attributes).length, 0) };
  },
);
