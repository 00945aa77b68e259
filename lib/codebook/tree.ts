/**
 * Pure helpers over the flat code list: full paths ("parent/child"), depth-first order for
 * display, and cycle detection for moves.
 */
export type CodeNode = { id: string; parentId: string | null; name: string; position: number };

export const PATH_SEPARATOR = "/";

export function codePaths<T extends CodeNode>(codes: readonly T[]): Map<string, string> {
  const byId = new Map(codes.map((c) => [c.id, c]));
  const paths = new Map<string, string>();
  const pathOf = (code: T, seen: Set<string>): string => {
    const cached = paths.get(code.id);
    if (cached !== undefined) return cached;
    const parent = code.parentId ? byId.get(code.parentId) : undefined;
    // A cycle can only come from corrupt data; cut it rather than loop forever.
    const path = parent && !seen.has(parent.id) ? `${pathOf(parent, seen.add(code.id))}${PATH_SEPARATOR}${code.name}` : code.name;
    paths.set(code.id, path);
    return path;
  };
  for (const code of codes) pathOf(code, new Set());
  return paths;
}

/** Codes in tree order (parents before children, siblings by position then name) with depth. */
export function treeOrder<T extends CodeNode>(codes: readonly T[]): { code: T; depth: number }[] {
  const children = new Map<string | null, T[]>();
  const ids = new Set(codes.map((c) => c.id));
  for (const code of codes) {
    const key = code.parentId && ids.has(code.parentId) ? code.parentId : null;
    const list = children.get(key) ?? [];
    list.push(code);
    children.set(key, list);
  }
  for (const list of children.values()) list.sort((a, b) => a.position - b.position || a.name.localeCompare(b.name));
  const out: { code: T; depth: number }[] = [];
  const visited = new Set<string>();
  const walk = (parentId: string | null, depth: number) => {
    for (const code of children.get(parentId) ?? []) {
      if (visited.has(code.id)) continue;
      visited.add(code.id);
      out.push({ code, depth });
      walk(code.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

/** Whether making `newParentId` the parent of `codeId` would put a code inside itself. */
export function wouldCreateCycle(codes: readonly CodeNode[], codeId: string, newParentId: string | null): boolean {
  const byId = new Map(codes.map((c) => [c.id, c]));
  let current = newParentId;
  for (let steps = 0; current && steps <= codes.length; steps++) {
    if (current === codeId) return true;
    current = byId.get(current)?.parentId ?? null;
  }
  return false;
}

/** The ids of a code and all its descendants: what a count "rolled up the tree" covers. */
export function descendantIds(codes: readonly CodeNode[], codeId: string): Set<string> {
  const result = new Set([codeId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const code of codes) {
      if (code.parentId && result.has(code.parentId) && !result.has(code.id)) {
        result.add(code.id);
        grew = true;
      }
    }
  }
  return result;
}

/**
 * Where a code lands when moved under `parentId` (null: top level) at `index` among its new
 * siblings: returns every code, the moved one re-parented and the new siblings renumbered
 * 0…n-1 in their new order. The database move and the browser's optimistic update both use
 * it, so what the person sees is what gets stored. Callers refuse cycles first.
 */
export function applyMove<T extends CodeNode>(codes: readonly T[], codeId: string, parentId: string | null, index: number): T[] {
  const moving = codes.find((c) => c.id === codeId);
  if (!moving) return [...codes];
  const siblings = codes
    .filter((c) => (c.parentId ?? null) === parentId && c.id !== codeId)
    .sort((a, b) => a.position - b.position || a.name.localeCompare(b.name));
  siblings.splice(Math.max(0, Math.min(Math.trunc(index), siblings.length)), 0, moving);
  const placed = new Map(siblings.map((c, position) => [c.id, position]));
  return codes.map((c) => {
    const position = placed.get(c.id);
    if (position === undefined) return c;
    return { ...c, position, ...(c.id === codeId ? { parentId } : {}) };
  });
}

/** A code's index among its siblings in tree order, and how many siblings it has. */
export function siblingIndex<T extends CodeNode>(codes: readonly T[], codeId: string): { index: number; count: number } {
  const code = codes.find((c) => c.id === codeId);
  if (!code) return { index: -1, count: 0 };
  const siblings = codes
    .filter((c) => (c.parentId ?? null) === (code.parentId ?? null))
    .sort((a, b) => a.position - b.position || a.name.localeCompare(b.name));
  return { index: siblings.findIndex((c) => c.id === codeId), count: siblings.length };
}

/**
 * The number keys 1–9, given to the first nine codes in tree order (hidden or collapsed ones
 * included, so a key never changes meaning when a filter changes). The workspace's keyboard
 * shortcuts and the badges in the code panel both come from here.
 */
export function codeShortcuts<T extends CodeNode>(codes: readonly T[]): Map<string, number> {
  return new Map(
    treeOrder(codes)
      .slice(0, 9)
      .map(({ code }, i) => [code.id, i + 1]),
  );
}
