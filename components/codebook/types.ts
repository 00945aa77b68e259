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
  /** Among its siblings; the list is already in tree order, this is for moves. */
  position: number;
  depth: number;
  path: string;
  /** Codings the viewer may see with this code; null when blind mode hides the count. */
  codingCount: number | null;
  /** Documents those codings are in; null when unknown. */
  documentCount?: number | null;
};

export type CodebookPermissions = {
  create: boolean;
  update: boolean;
  delete: boolean;
  /** Merge two codes (moves other people's codings): the owner's. */
  merge?: boolean;
  /** Write one's own memos on codes. */
  memos?: boolean;
};
