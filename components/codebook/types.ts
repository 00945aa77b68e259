/** A code as the codebook UI receives it from the server (plain, serialisable). */
export type CodeItem = {
  id: string;
  parentId: string | null;
  name: string;
  color: string;
  definition: string;
  include: string;
  exclude: string;
  examples: string;
  version: number;
  depth: number;
  path: string;
  /** Codings the viewer may see with this code; null when blind mode hides the count. */
  codingCount: number | null;
};

export type CodebookPermissions = { create: boolean; update: boolean; delete: boolean };
