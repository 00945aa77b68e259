import type { CodeItem } from "@/components/codebook/types";

/** A coding as the workspace holds it: offsets in code points, as stored and served. */
export type ClientCoding = {
  id: string;
  codeId: string;
  coderId: string;
  start: number;
  end: number;
  quote: string;
  memo: string;
  version: number;
  createdAt: string;
  /** The stored quote differs from the text at the offsets: a bug to report, shown loudly. */
  drift?: boolean;
  /** Shown at once, not yet confirmed by the server. */
  pending?: boolean;
};

export type WorkspaceCode = CodeItem;
export type WorkspaceCoder = { id: string; name: string };
