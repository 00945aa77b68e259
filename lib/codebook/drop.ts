import { applyMove, codePaths, siblingIndex, treeOrder, type CodeNode } from "./tree";

/**
 * Drag and drop over a code tree, as data. A drop lands `before` or `after` a code (as its
 * sibling) or `inside` it (as its last sub-code); `root-end` is the strip below the tree.
 * Dropping just below a code that shows sub-codes puts it first among them: that is where
 * the line is drawn. Pure, so the browser and the tests agree on what a drop means.
 */
export type DropZone = "before" | "inside" | "after";
export type DropPlace = { overId: string; zone: DropZone } | { overId: typeof ROOT_END; zone: "inside" };
export const ROOT_END = "__root-end__";

/** Which zone of a target a point falls in: top and bottom 30 % are between codes. */
export function zoneAt(y: number, rect: { top: number; height: number }): DropZone {
  const rel = rect.height > 0 ? (y - rect.top) / rect.height : 0.5;
  return rel < 0.3 ? "before" : rel > 0.7 ? "after" : "inside";
}

/** The move a drop asks for (new parent and index among its siblings), or null for none. */
export function resolveDrop<T extends CodeNode>(codes: readonly T[], activeId: string, place: DropPlace): { parentId: string | null; index: number } | null {
  const active = codes.find((c) => c.id === activeId);
  if (!active) return null;
  const ordered = treeOrder(codes).map((e) => e.code);
  const childrenOf = (parentId: string | null) => ordered.filter((c) => (c.parentId ?? null) === parentId && c.id !== activeId);
  let target: { parentId: string | null; index: number };
  if (place.overId === ROOT_END) target = { parentId: null, index: childrenOf(null).length };
  else {
    const over = codes.find((c) => c.id === place.overId);
    if (!over || over.id === activeId) return null;
    const children = childrenOf(over.id);
    if (place.zone === "inside") target = { parentId: over.id, index: children.length };
    else if (place.zone === "after" && children.length > 0) target = { parentId: over.id, index: 0 };
    else {
      const parentId = over.parentId ?? null;
      const i = childrenOf(parentId).findIndex((c) => c.id === over.id);
      target = { parentId, index: place.zone === "before" ? i : i + 1 };
    }
  }
  // Dropped where it already is: nothing to do.
  const current = siblingIndex(codes, activeId);
  if ((active.parentId ?? null) === target.parentId && current.index === target.index) return null;
  return target;
}

/** The list after a move, in tree order with depth and path recomputed (optimistic display). */
export function movedTree<T extends CodeNode & { depth: number; path: string }>(codes: readonly T[], codeId: string, parentId: string | null, index: number): T[] {
  const moved = applyMove(codes, codeId, parentId, index);
  const paths = codePaths(moved);
  return treeOrder(moved).map(({ code, depth }) => ({ ...code, depth, path: paths.get(code.id) ?? code.name }));
}
