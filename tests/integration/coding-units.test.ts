import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { getCodesByProjectId } from "@/db/queries/codes";
import { createCoding, updateCoding } from "@/db/queries/codings";
import { codings, documentSegments, type Code, type Document, type Project, type User } from "@/db/schema";
import { createTestDatabase } from "../helpers/db";
import { makeProject, makeUser } from "../helpers/factories";
import { insertDocument } from "../helpers/rows";

/**
 * The `codings_units` trigger (migrations 0005–0007) keeps on each coding the ordinals of the
 * first and last paragraph and sentence it touches and its first and last page. Retrieval,
 * co-occurrence by paragraph and the export's page columns read them, so they are checked here
 * against the segments themselves, computed apart: including codings that start in the gap
 * between two paragraphs, cross paragraph and page boundaries, or end exactly where a segment
 * starts (end is exclusive, so that segment is not touched).
 */
type Seg = { kind: "paragraph" | "sentence" | "page"; start: number; end: number; ordinal: number; level: number | null };

// Three paragraphs (a blank line between each), two sentences in the first and in the third,
// and two pages: page 1 ends after the first paragraph's gap, page 2 holds the rest.
const PARAGRAPHS = ["The bill demands reform. Aid was offered.", "The state rejects interference.", "Ratification followed. Trade grew."];
const TEXT = PARAGRAPHS.join("\n\n");

function segmentsOf(text: string): Seg[] {
  const segs: Seg[] = [];
  let at = 0;
  let sentence = 0;
  PARAGRAPHS.forEach((p, i) => {
    segs.push({ kind: "paragraph", start: at, end: at + p.length, ordinal: i, level: null });
    let s = at;
    for (const part of p.split(/(?<=\.) /)) {
      segs.push({ kind: "sentence", start: s, end: s + part.length, ordinal: sentence++, level: null });
      s += part.length + 1;
    }
    at += p.length + 2;
  });
  const pageBreak = PARAGRAPHS[0]!.length + 2;
  segs.push({ kind: "page", start: 0, end: pageBreak, ordinal: 0, level: 1 });
  segs.push({ kind: "page", start: pageBreak, end: text.length, ordinal: 1, level: 2 });
  return segs;
}

/** What the trigger should store, from the segments: the same rule in plain code. */
function expected(segs: Seg[], start: number, end: number) {
  const of = (kind: Seg["kind"]) => segs.filter((s) => s.kind === kind);
  const first = (kind: "paragraph" | "sentence") => {
    const ss = of(kind);
    const touched = ss.filter((s) => s.start < end && start < s.end);
    if (touched.length) return touched[0]!.ordinal;
    // In a gap: the next segment's ordinal (or one past the last).
    const next = ss.find((s) => s.start >= start);
    return next ? next.ordinal : ss.length;
  };
  const last = (kind: "paragraph" | "sentence") => {
    const before = of(kind).filter((s) => s.start < end);
    return before.length ? before[before.length - 1]!.ordinal : null;
  };
  const page = (pos: number, inclusive: boolean) => {
    const ps = of("page").filter((s) => s.start < pos || (inclusive && s.start === pos));
    return ps.length ? ps[ps.length - 1]!.level : null;
  };
  return {
    paragraphFirst: first("paragraph"),
    paragraphLast: last("paragraph"),
    sentenceFirst: first("sentence"),
    sentenceLast: last("sentence"),
    pageFirst: page(start, true),
    pageLast: page(end, false),
  };
}

describe("the codings_units trigger", () => {
  let handle: DatabaseHandle;
  let owner: User;
  let project: Project;
  let code: Code;
  let doc: Document;
  let segs: Seg[];

  beforeAll(async () => {
    handle = await createTestDatabase();
    owner = await makeUser(handle.db, "Units owner");
    project = await makeProject(handle.db, owner.id, "Units");
    code = (await getCodesByProjectId(handle.db, { projectId: project.id }))[0]!;
    doc = await insertDocument(handle.db, project.id, TEXT);
    segs = segmentsOf(TEXT);
    await handle.db.insert(documentSegments).values(segs.map((s) => ({ documentId: doc.id, kind: s.kind, startOffset: s.start, endOffset: s.end, ordinal: s.ordinal, level: s.level })));
  });
  afterAll(async () => handle?.close());

  const stored = async (id: string) => {
    const [row] = await handle.db
      .select({ paragraphFirst: codings.paragraphFirst, paragraphLast: codings.paragraphLast, sentenceFirst: codings.sentenceFirst, sentenceLast: codings.sentenceLast, pageFirst: codings.pageFirst, pageLast: codings.pageLast })
      .from(codings)
      .where(eq(codings.id, id));
    return row!;
  };

  it("stores the paragraphs, sentences and pages every span touches, in gaps and across boundaries", async () => {
    const p1 = PARAGRAPHS[0]!.length;
    const p2Start = p1 + 2;
    const p3Start = p2Start + PARAGRAPHS[1]!.length + 2;
    const spans: [string, number, number][] = [
      ["inside the first sentence", 4, 8],
      ["across the first two sentences", 10, 30],
      ["the whole first paragraph", 0, p1],
      ["starting in the gap after paragraph 1", p1 + 1, p2Start + 5],
      ["only the gap", p1, p2Start],
      ["ending exactly where paragraph 2 starts", 30, p2Start],
      ["across a page and a paragraph boundary", 20, p2Start + 3],
      ["from paragraph 2 to the end", p2Start + 2, TEXT.length],
      ["the last character", TEXT.length - 1, TEXT.length],
      ["the third paragraph's second sentence", p3Start + 23, p3Start + 33],
    ];
    for (const [label, start, end] of spans) {
      const coding = await createCoding(handle.db, { projectId: project.id, documentId: doc.id, codeId: code.id, coderId: owner.id, start, end });
      expect(await stored(coding.id), label).toEqual(expected(segs, start, end));
    }
  });

  it("follows a coding when its boundaries change", async () => {
    const coding = await createCoding(handle.db, { projectId: project.id, documentId: doc.id, codeId: code.id, coderId: owner.id, start: 2, end: 6 });
    expect(await stored(coding.id)).toEqual(expected(segs, 2, 6));
    const end = TEXT.length - 3;
    await updateCoding(handle.db, { projectId: project.id, codingId: coding.id, actorId: owner.id, mayEditOthers: true, patch: { start: 2, end }, expectedVersion: coding.version });
    expect(await stored(coding.id)).toEqual(expected(segs, 2, end));
  });

  it("leaves them empty on a document without structure", async () => {
    const bare = await insertDocument(handle.db, project.id, "No segments were stored for this text.");
    const coding = await createCoding(handle.db, { projectId: project.id, documentId: bare.id, codeId: code.id, coderId: owner.id, start: 3, end: 11 });
    expect(await stored(coding.id)).toEqual({ paragraphFirst: 0, paragraphLast: null, sentenceFirst: 0, sentenceLast: null, pageFirst: null, pageLast: null });
  });
});
