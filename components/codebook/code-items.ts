import type { CodeWithPath } from "@/db/queries/codes";
import type { CodeItem } from "./types";

/**
 * Codes as the codebook components take them, from the tree-ordered query result and the
 * counts the viewer may see (blind mode: their own). Server-side; pure.
 */
export function toCodeItems(
  codes: readonly CodeWithPath[],
  counts: { codings?: ReadonlyMap<string, number> | null; documents?: ReadonlyMap<string, number> | null } = {},
): CodeItem[] {
  return codes.map((c) => ({
    id: c.id,
    parentId: c.parentId,
    name: c.name,
    color: c.color,
    definition: c.definition,
    include: c.include,
    exclude: c.exclude,
    examples: c.examples,
    version: c.version,
    position: c.position,
    depth: c.depth,
    path: c.path,
    codingCount: counts.codings ? (counts.codings.get(c.id) ?? 0) : null,
    documentCount: counts.documents ? (counts.documents.get(c.id) ?? 0) : null,
  }));
}
