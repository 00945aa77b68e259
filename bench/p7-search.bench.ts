import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { queryRows } from "@/db/raw";
import { indexDocumentText } from "@/db/queries/search";
import { documents } from "@/db/schema";
import { rngFor, type Rng } from "@/lib/sampling/prng";
import { searchProject, type SearchRequest } from "@/lib/server/search";
import { makeProject, makeUser } from "../tests/helpers/factories";
import { median, type BenchRow, postgresBenchDatabase } from "./harness";

export const P7_SHAPE = { documents: 2_000, charactersPerDocument: 50_000 } as const;

/**
 * P7 (issue 10): search over 2,000 documents (≈100 MB of text) on PostgreSQL: words (ranked, with
 * each hit's offsets and context), an exact phrase, and a regular expression, each against
 * PostgreSQL's own full-text count of the same words in the same index, measured in the same
 * run. Target: under 300 ms. The texts are generated (seeded): Zipf-distributed words from a
 * vocabulary of invented words plus the domain's own, in sentences and paragraphs.
 */
export async function benchSearch(pgUrl: string): Promise<BenchRow[]> {
  const handle = await postgresBenchDatabase(pgUrl);
  try {
    const owner = await makeUser(handle.db, "P7 owner");
    const project = await makeProject(handle.db, owner.id, "P7");
    const t0 = performance.now();
    const bytes = await seedTexts(handle.db, project.id, owner.id);
    console.log(`P7 data: ${P7_SHAPE.documents.toLocaleString("en")} documents, ${(bytes / 1e6).toFixed(0)} MB of text, indexed in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const db = handle.db;
    const base: Omit<SearchRequest, "q" | "mode"> = { projectId: project.id };
    const searches: [string, SearchRequest, string][] = [
      ["words: one term (“sovereignty”)", { ...base, q: "sovereignty", mode: "words" }, "sovereignty"],
      ["words: two terms (“treaty ratification”)", { ...base, q: "treaty ratification", mode: "words" }, "treaty ratification"],
      ["exact phrase (“human rights”)", { ...base, q: "human rights", mode: "phrase" }, "human rights"],
      ["regular expression (sovereign\\w*)", { ...base, q: "sovereign\\w*", mode: "regex" }, "sovereignty"],
      // No hit: every one of the 100 MB is read and matched, the regular expression's worst case.
      ["regular expression, no hit (every text read)", { ...base, q: "ratif\\w+ed\\s+treat\\w*", mode: "regex" }, "ratification"],
    ];
    const rows: BenchRow[] = [];
    for (const [label, request, baselineQuery] of searches) {
      const count = () => queryRows(db, sql`select count(*) from search_chunks where project_id = ${project.id}::uuid and tsv @@ websearch_to_tsquery('english', ${baselineQuery})`);
      await count();
      const baseline = await median(5, count);
      const first = await searchProject(db, request);
      const value = await median(3, () => searchProject(db, request));
      console.log(`P7 ${label}: ${first.hits.length} hits in ${first.documents.length} documents${first.truncated ? " (the best 500)" : ""}, ${value.toFixed(0)} ms`);
      rows.push({ id: "P7", figure: `search ${label}, 2,000 docs / ${(bytes / 1e6).toFixed(0)} MB`, value, baseline, baselineLabel: "PostgreSQL FTS count", unit: "ms", target: "< 300 ms", met: value < 300 });
    }
    return rows;
  } finally {
    await handle.close();
  }
}

const DOMAIN = ["sovereignty", "treaty", "ratification", "ratify", "human", "rights", "pressure", "reward", "convention", "torture", "interference", "internal", "affairs", "trade", "aid", "partnership", "dialogue", "government", "ministry", "committee"];
const SYLLABLES = ["ka", "lo", "mi", "tra", "ven", "sol", "dri", "no", "pe", "qua", "ris", "ton", "ula", "vex", "zan", "bel", "cor", "dun", "fil", "gra"];

function vocabulary(rng: Rng): string[] {
  const words = new Set<string>();
  while (words.size < 5_000) {
    const n = 2 + Math.floor(rng() * 3);
    let w = "";
    for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(rng() * SYLLABLES.length)];
    words.add(w);
  }
  // The domain's words sit among the common ones, as they do in a real corpus on the subject.
  const list = [...words];
  DOMAIN.forEach((w, i) => list.splice(30 + i * 7, 0, w));
  return list;
}

/** Zipf's law over the vocabulary: word k is drawn with probability ∝ 1/(k+1). */
function zipfSampler(size: number, rng: Rng): () => number {
  const cumulative = new Float64Array(size);
  let total = 0;
  for (let k = 0; k < size; k++) cumulative[k] = total += 1 / (k + 1);
  return () => {
    const u = rng() * total;
    let lo = 0;
    let hi = size - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

async function seedTexts(db: Database, projectId: string, ownerId: string): Promise<number> {
  const rng = rngFor(7, "p7-search");
  const words = vocabulary(rng);
  const draw = zipfSampler(words.length, rng);
  let bytes = 0;
  for (let d = 0; d < P7_SHAPE.documents; d++) {
    const paragraphs: string[] = [];
    let length = 0;
    while (length < P7_SHAPE.charactersPerDocument) {
      const sentences: string[] = [];
      for (let s = 0; s < 5; s++) {
        const n = 8 + Math.floor(rng() * 14);
        const sentence = Array.from({ length: n }, () => words[draw()]!).join(" ");
        sentences.push(sentence.charAt(0).toUpperCase() + sentence.slice(1) + ".");
      }
      const p = sentences.join(" ");
      paragraphs.push(p);
      length += p.length + 2;
    }
    const text = paragraphs.join("\n\n");
    bytes += Buffer.byteLength(text);
    const spans: { start: number; end: number }[] = [];
    let at = 0;
    for (const p of paragraphs) {
      spans.push({ start: at, end: at + p.length });
      at += p.length + 2;
    }
    await db.transaction(async (tx) => {
      const [doc] = await tx
        .insert(documents)
        .values({ projectId, title: `Generated report ${d + 1}`, text, length: text.length, wordCount: text.split(" ").length, sha256: createHash("sha256").update(text).digest("hex"), position: d, createdBy: ownerId })
        .returning({ id: documents.id });
      await indexDocumentText(tx, { projectId, documentId: doc!.id, text, blocks: spans });
    });
  }
  await db.execute(sql`analyze search_chunks`);
  return bytes;
}
