import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { TextIndex } from "@/lib/offsets";
import { searchProject } from "@/lib/server/search";
import { codedCorpusDir, loadCodedCorpus, type LoadedCodedCorpus } from "../helpers/coded-corpus";
import { createTestDatabase } from "../helpers/db";
import { makeProject, makeUser } from "../helpers/factories";

/**
 * Search on the five real corpus documents, as imported: phrase and regular-expression hits
 * equal what the canonical texts hold (counted here with plain string methods), every offset
 * slices its hit out of the text, and word search ranks the paper about sovereignty first for
 * "sovereignty". Skipped only when ../shared/corpus is absent (CI always has it).
 */
const corpusDir = codedCorpusDir();
let handle: DatabaseHandle & { label: string };
let loaded: LoadedCodedCorpus;
let projectId: string;

const textOf = (id: string) => [...loaded.documents.values()].find((d) => d.id === id)!.text;

function expectExact(hits: { documentId: string; start: number; end: number; text: string }[]) {
  for (const h of hits) expect(new TextIndex(textOf(h.documentId)).sliceCp(h.start, h.end)).toBe(h.text);
}

// Skipped only when ../shared/corpus is absent (a clone on its own); CI always has it.
describe.skipIf(!corpusDir)("search on the corpus documents", () => {
  beforeAll(async () => {
    handle = await createTestDatabase();
    const owner = await makeUser(handle.db, "Search corpus owner");
    projectId = (await makeProject(handle.db, owner.id, "Corpus search")).id;
    loaded = await loadCodedCorpus(handle.db, { projectId, ownerId: owner.id, corpusDir: corpusDir! });
  }, 120_000);
  afterAll(async () => handle?.close());

  it("finds every occurrence of an exact phrase, across line breaks, and nothing else", async () => {
    for (const phrase of ["internal affairs", "human rights dialogue", "Convention against Torture"]) {
      const result = await searchProject(handle.db, { projectId, q: phrase, mode: "phrase" });
      const pattern = new RegExp(phrase.split(" ").join("\\s+"), "giu");
      const expected = [...loaded.documents.values()].flatMap((d) => {
        const index = new TextIndex(d.text);
        return [...d.text.matchAll(pattern)].map((m) => `${d.id}:${index.u16ToCp(m.index!)}`);
      });
      expect(expected.length, phrase).toBeGreaterThan(0);
      expect(result.hits.map((h) => `${h.documentId}:${h.start}`).sort(), phrase).toEqual(expected.sort());
      expectExact(result.hits);
    }
  });

  it("matches a case-sensitive regular expression exactly where JavaScript does", async () => {
    const result = await searchProject(handle.db, { projectId, q: "\\bCAT\\b", mode: "regex", caseSensitive: true });
    const expected = [...loaded.documents.values()].reduce((n, d) => n + [...d.text.matchAll(/\bCAT\b/gu)].length, 0);
    expect(expected).toBeGreaterThan(0);
    expect(result.hits).toHaveLength(expected);
    expect(result.hits.every((h) => h.text === "CAT")).toBe(true);
    expectExact(result.hits);
  });

  it("ranks the paper on sovereignty fears first for “sovereignty”, and every hit is a form of the word", async () => {
    const result = await searchProject(handle.db, { projectId, q: "sovereignty", mode: "words" });
    const paper = loaded.documents.get("sovereignty-fears-cat-ratification.md")!;
    expect(result.documents[0]!.id).toBe(paper.id);
    expect(result.hits.length).toBeGreaterThan(10);
    for (const h of result.hits) expect(h.text.toLowerCase()).toMatch(/^sovereignt(y|ies)$/);
    expectExact(result.hits);
    // Documents come best first: the first document's best chunk outranks every other document's.
    expect(new Set(result.hits.map((h) => h.documentId)).size).toBe(result.documents.length);
  });
});
