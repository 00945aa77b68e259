import { and, asc, eq, inArray } from "drizzle-orm";
import { parseAttributeValue } from "@/lib/attributes/values";
import { AppError, isUniqueViolation } from "@/lib/errors";
import type { Database } from "../client";
import { attributeDefinitions, attributeValues, documents, type AttributeDefinition, type AttributeType } from "../schema";
import { recordEvent } from "./events";

export async function getAttributeDefinitions(db: Database, { projectId }: { projectId: string }): Promise<AttributeDefinition[]> {
  return db
    .select()
    .from(attributeDefinitions)
    .where(eq(attributeDefinitions.projectId, projectId))
    .orderBy(asc(attributeDefinitions.position), asc(attributeDefinitions.name));
}

export async function createAttributeDefinition(
  db: Database,
  { projectId, actorId, name, type, choices = [] }: { projectId: string; actorId: string; name: string; type: AttributeType; choices?: string[] },
): Promise<AttributeDefinition> {
  try {
    return await db.transaction(async (tx) => {
      const existing = await getAttributeDefinitions(tx, { projectId });
      // Values are addressed by name, case-insensitively: "Country" and "country" cannot both exist.
      const clash = existing.find((d) => d.name.toLowerCase() === name.trim().toLowerCase());
      if (clash) throw new AppError("conflict", `An attribute named "${clash.name}" already exists.`, { field: "name" });
      const [row] = await tx
        .insert(attributeDefinitions)
        .values({ projectId, name: name.trim(), type, choices: type === "choice" ? choices : [], position: existing.length })
        .returning();
      await recordEvent(tx, { projectId, actorId, type: "attribute.defined", entityId: row!.id, after: row });
      return row!;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("conflict", `An attribute named "${name.trim()}" already exists.`, { field: "name" });
    throw error;
  }
}

export async function deleteAttributeDefinition(
  db: Database,
  { projectId, actorId, attributeId }: { projectId: string; actorId: string; attributeId: string },
): Promise<void> {
  await db.transaction(async (tx) => {
    const [before] = await tx
      .delete(attributeDefinitions)
      .where(and(eq(attributeDefinitions.id, attributeId), eq(attributeDefinitions.projectId, projectId)))
      .returning();
    if (!before) throw new AppError("not_found", "Attribute not found.");
    await recordEvent(tx, { projectId, actorId, type: "attribute.deleted", entityId: attributeId, before });
  });
}

/**
 * Sets attribute values on several documents at once (the bulk table, an import, the API), all
 * or nothing: one invalid cell refuses the whole batch with a message naming the cell. Values
 * are keyed by attribute id or name (exact first, then ignoring case); empty clears. Each
 * document whose values change gets one `attribute.updated` event with before and after.
 */
export async function setAttributeValues(
  db: Database,
  {
    projectId,
    actorId,
    values,
  }: { projectId: string; actorId: string; values: { documentId: string; attributes: Record<string, unknown> }[] },
): Promise<void> {
  if (values.length === 0) return;
  await db.transaction(async (tx) => {
    const defs = await getAttributeDefinitions(tx, { projectId });
    const byId = new Map(defs.map((d) => [d.id, d]));
    const byName = new Map(defs.map((d) => [d.name, d]));
    const byLowerName = new Map(defs.map((d) => [d.name.toLowerCase(), d]));
    const find = (key: string) => byId.get(key) ?? byName.get(key) ?? byName.get(key.trim()) ?? byLowerName.get(key.trim().toLowerCase());

    const documentIds = [...new Set(values.map((v) => v.documentId))];
    // A malformed id would make PostgreSQL fail the whole statement (500); it names no document.
    const missing = documentIds.find((id) => !UUID.test(id));
    if (missing !== undefined) throw new AppError("not_found", "Document not found.", { documentId: missing });
    const found = await tx
      .select({ id: documents.id, title: documents.title })
      .from(documents)
      .where(and(eq(documents.projectId, projectId), inArray(documents.id, documentIds)));
    const titles = new Map(found.map((d) => [d.id, d.title]));
    const absent = documentIds.find((id) => !titles.has(id));
    if (absent !== undefined) throw new AppError("not_found", "Document not found.", { documentId: absent });
    const current = await getAttributeValuesByDocumentIds(tx, { projectId, documentIds });
    // In a batch, say which document a bad cell is in.
    const where = (documentId: string) => (documentIds.length > 1 ? `“${titles.get(documentId)}”: ` : "");

    for (const { documentId, attributes } of values) {
      const before: Record<string, string | null> = {};
      const after: Record<string, string | null> = {};
      for (const [key, raw] of Object.entries(attributes)) {
        const def = find(key);
        if (!def) throw new AppError("bad_request", `${where(documentId)}There is no attribute “${key}” in this project. Define it first.`, { field: key, documentId });
        const parsed = parseAttributeValue(def, raw);
        if (!parsed.ok) throw new AppError("bad_request", `${where(documentId)}${parsed.message}`, { field: def.name, documentId });
        const old = current.get(documentId)?.[def.name] ?? null;
        const next = parsed.value?.valueText ?? null;
        if (parsed.value === null) {
          await tx.delete(attributeValues).where(and(eq(attributeValues.documentId, documentId), eq(attributeValues.attributeId, def.id)));
        } else {
          await tx
            .insert(attributeValues)
            .values({ documentId, attributeId: def.id, ...parsed.value })
            .onConflictDoUpdate({ target: [attributeValues.documentId, attributeValues.attributeId], set: parsed.value });
        }
        const entry = current.get(documentId) ?? {};
        if (next === null) delete entry[def.name];
        else entry[def.name] = next;
        current.set(documentId, entry);
        if (old !== next) {
          if (!(def.name in before)) before[def.name] = old;
          after[def.name] = next;
        }
      }
      if (Object.keys(after).length > 0) {
        await recordEvent(tx, { projectId, actorId, type: "attribute.updated", entityId: documentId, before, after, meta: { documentId } });
      }
    }
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** documentId → attribute name → canonical string value. */
export async function getAttributeValuesByDocumentIds(
  db: Database,
  { projectId, documentIds }: { projectId: string; documentIds: string[] },
): Promise<Map<string, Record<string, string>>> {
  const result = new Map<string, Record<string, string>>();
  if (documentIds.length === 0) return result;
  const rows = await db
    .select({ documentId: attributeValues.documentId, name: attributeDefinitions.name, value: attributeValues.valueText })
    .from(attributeValues)
    .innerJoin(attributeDefinitions, eq(attributeDefinitions.id, attributeValues.attributeId))
    .where(and(eq(attributeDefinitions.projectId, projectId), inArray(attributeValues.documentId, documentIds)));
  for (const row of rows) {
    const entry = result.get(row.documentId) ?? {};
    entry[row.name] = row.value;
    result.set(row.documentId, entry);
  }
  return result;
}
