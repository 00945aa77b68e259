import type { MemoWithAuthor } from "@/db/queries/memos";
import type { MemoDoc } from "@/lib/memos/doc";

/** A memo as the browser receives it (plain, serialisable). */
export type MemoView = {
  id: string;
  authorName: string;
  /** Written by the person looking: theirs to edit. */
  mine: boolean;
  body: MemoDoc | null;
  bodyText: string;
  version: number;
  updatedAt: string;
};

/** The memos of one target for one viewer: their own first, then everyone else's with text. */
export function memoViewsFor(memos: readonly MemoWithAuthor[], userId: string): MemoView[] {
  return memos
    .filter((m) => m.authorId === userId || m.bodyText.trim() !== "")
    .map((m) => ({
      id: m.id,
      authorName: m.authorName,
      mine: m.authorId === userId,
      body: (m.body?.type === "doc" ? m.body : null) as MemoDoc | null,
      bodyText: m.bodyText,
      version: m.version,
      updatedAt: m.updatedAt.toISOString(),
    }))
    .sort((a, b) => Number(b.mine) - Number(a.mine));
}
