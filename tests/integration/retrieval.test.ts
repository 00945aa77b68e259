import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { createAttributeDefinition, setAttributeValues } from "@/db/queries/attributes";
import { createCode, getCodesByProjectId } from "@/db/queries/codes";
import { createCoding, getCodings } from "@/db/queries/codings";
import { addMember } from "@/db/queries/members";
import { retrievePassages } from "@/db/queries/retrieval";
import { documentSegments, type Coding, type DocumentSegment, type User } from "@/db/schema";
import { AppError } from "@/lib/errors";
import type { RetrievalQuery } from "@/lib/retrieval/query";
import { mulberry32 } from "@/lib/sampling/prng";
import { importDocument } from "@/lib/server/documents";
import { retrievalQuerySchema } from "@/lib/validation/retrieval";
import { createTestDatabase } from "../helpers/db";
import { makeProject, makeUser } from "../helpers/factories";

/**
 * Evidence retrieval (AND / NOT / NEAR, filters, layers, sorting) checked against an oracle
 * written here, apart, from the raw codings and the stored paragraphs and sentences.
 */
let handle: DatabaseHandle & { label: string };
const db = () => handle.db;
let owner: User, ana: User, ben: User;
let projectId: string;
let all: Coding[];
let segments: DocumentSegment[];
let code: Record<"pressure" | "economic" | "reward" | "sovereignty", string>;
let parentOf: Map<string, string | null>;
const sourceOf = new Map<string, string>();
const docIds: string[] = [];

beforeAll(async () => {
  handle = await createTestDatabase();
  [owner, ana, ben] = (await Promise.all(["Query owner", "Ana Coder", "Ben Coder"].map((n) => makeUser(db(), n)))) as [User, User, User];
  projectId = (await makeProject(db(), owner.id, "Retrieval study")).id;
  for (const u of [ana, ben]) await addMember(db(), { projectId, email: u.email!, role: "coder", actorId: owner.id });
  const defaults = await getCodesByProjectId(db(), { projectId });
  const byName = (n: string) => defaults.find((c) => c.name === n)!.id;
  const economic = await createCode(db(), { projectId, actorId: owner.id, fields: { name: "economic", parentId: byName("pressure") } });
  code = { pressure: byName("pressure"), economic: economic.id, reward: byName("reward"), sovereignty: byName("sovereignty claim") };
  parentOf = new Map((await getCodesByProjectId(db(), { projectId })).map((c) => [c.id, c.parentId]));
  await createAttributeDefinition(db(), { projectId, actorId: owner.id, name: "Source", type: "choice", choices: ["news", "ngo"] });

  const rng = mulberry32(11);
  const codeList = Object.values(code);
  for (let d = 0; d < 3; d++) {
    const paragraph = (p: number) => `Delegates met in round ${p + 1}. The treaty was signed under pressure. Aid followed soon after. Sovereignty was invoked once more.`;
    const text = Array.from({ length: 5 }, (_, p) => paragraph(p)).join("\n\n");
    const r = await importDocument(db(), { projectId, actorId: owner.id, source: { kind: "text", text, title: `Doc ${d + 1}` }, duplicates: "import" });
    if (r.skipped) throw new Error("skipped");
    docIds.push(r.document.id);
    if (d < 2) {
      sourceOf.set(r.document.id, d === 0 ? "news" : "ngo");
      await setAttributeValues(db(), { projectId, actorId: owner.id, values: [{ documentId: r.document.id, attributes: { Source: d === 0 ? "news" : "ngo" } }] });
    }
    const length = [...text].length;
    for (let k = 0; k < 24; k++) {
      const start = Math.floor(rng() * (length - 30));
      const end = Math.min(length, start + 4 + Math.floor(rng() * (k % 4 === 0 ? 200 : 50)));
      const coder = [ana, ben, owner][Math.floor(rng() * 3)]!;
      await createCoding(db(), { projectId, documentId: r.document.id, codeId: codeList[Math.floor(rng() * codeList.length)]!, coderId: coder.id, start, end, layer: k % 6 === 0 ? "consensus" : "coder" });
    }
  }
  all = await getCodings(db(), { projectId });
  segments = (await db().select().from(documentSegments)).filter((s) => docIds.includes(s.documentId));
}, 60_000);
afterAll(async () => handle?.close());

// ── The oracle ──────────────────────────────────────────────────────────────────────────────
type Span = { documentId: string; startOffset: number; endOffset: number };
const meets = (a: Span, b: Span) => a.documentId === b.documentId && a.startOffset < b.endOffset && b.startOffset < a.endOffset;
const isUnder = (codeId: string, target: string, rollup: boolean) => {
  if (codeId === target) return true;
  if (!rollup) return false;
  for (let p = parentOf.get(codeId); p; p = parentOf.get(p)) if (p === target) return true;
  return false;
};
const of = (kind: string, c: Coding) => segments.filter((s) => s.kind === kind && meets(s, c));
function together(q: RetrievalQuery, c: Coding, o: Coding): boolean {
  if (o.id === c.id || o.documentId !== c.documentId) return false;
  if (q.op === "near") return of("sentence", c).some((s1) => of("sentence", o).some((s2) => Math.abs(s1.ordinal - s2.ordinal) <= q.within));
  if (q.scope === "overlap") return meets(c, o);
  if (q.scope === "document") return true;
  return of("paragraph", c).some((p) => meets(p, o));
}
function expected(q: RetrievalQuery, layer: "all" | "consensus" | string): string[] {
  const pool = all.filter(
    (c) =>
      (layer === "consensus" ? c.layer === "consensus" : c.layer === "coder" && (layer === "all" || c.coderId === layer)) &&
      (!q.coder || c.coderId === q.coder) &&
      (!q.document || c.documentId === q.document) &&
      (q.attribute === undefined || (sourceOf.get(c.documentId) ?? "") === q.value),
  );
  const as = pool.filter((c) => isUnder(c.codeId, q.a, q.rollup));
  if (q.op === "only") return as.map((c) => c.id).sort();
  const bs = pool.filter((c) => isUnder(c.codeId, q.b!, q.rollup));
  const hits = new Set<string>();
  if (q.op === "not") {
    for (const c of as) if (!bs.some((o) => together(q, c, o))) hits.add(c.id);
  } else {
    for (const c of as) if (bs.some((o) => together(q, c, o))) hits.add(c.id);
    for (const c of bs) if (as.some((o) => together(q, c, o))) hits.add(c.id);
  }
  return [...hits].sort();
}

const query = (input: Record<string, unknown>) => retrievalQuerySchema.parse(input);
const run = async (q: RetrievalQuery, layer: "all" | "consensus" | string = "all") => {
  const scope = layer === "all" || layer === "consensus" ? layer : { coderId: layer };
  return retrievePassages(db(), { projectId, layer: scope, query: q, limit: 10_000 });
};
const ids = (r: Awaited<ReturnType<typeof run>>) => r.passages.map((p) => p.codingId).sort();

describe("evidence retrieval", () => {
  it("every passage of a code, plain and with its sub-codes", async () => {
    for (const rollup of [false, true]) {
      const q = query({ a: code.pressure, rollup });
      const r = await run(q);
      expect(ids(r)).toEqual(expected(q, "all"));
      expect(r.total).toBe(r.passages.length);
    }
    expect(expected(query({ a: code.pressure, rollup: true }), "all").length).toBeGreaterThan(expected(query({ a: code.pressure }), "all").length);
  });

  it("A AND B and A NOT B in overlapping passages, the same paragraph and the same document", async () => {
    let nonEmpty = 0;
    for (const op of ["and", "not"] as const) {
      for (const scope of ["overlap", "paragraph", "document"] as const) {
        for (const [a, b] of [
          [code.pressure, code.reward],
          [code.reward, code.sovereignty],
          [code.pressure, code.economic],
        ] as const) {
          for (const rollup of [false, true]) {
            const q = query({ a, b, op, scope, rollup });
            const want = expected(q, "all");
            expect(ids(await run(q)), `${op} ${scope} rollup=${rollup}`).toEqual(want);
            if (want.length > 0) nonEmpty++;
          }
        }
      }
    }
    expect(nonEmpty).toBeGreaterThan(20); // the fixture exercises the queries, not just empty sets
  });

  it("NOT is the complement of AND within A's passages", async () => {
    const base = { a: code.reward, b: code.pressure, scope: "paragraph" };
    const and = (await run(query({ ...base, op: "and" }))).passages.filter((p) => p.side === "a").map((p) => p.codingId);
    const not = (await run(query({ ...base, op: "not" }))).passages.map((p) => p.codingId);
    const only = ids(await run(query({ a: code.reward })));
    expect([...and, ...not].sort()).toEqual(only);
    expect(and.filter((id) => not.includes(id))).toEqual([]);
  });

  it("A NEAR B within 0, 1 and 3 sentences grows with the distance", async () => {
    const sizes: number[] = [];
    for (const within of [0, 1, 3]) {
      const q = query({ a: code.pressure, b: code.sovereignty, op: "near", within });
      const want = expected(q, "all");
      expect(ids(await run(q)), `within ${within}`).toEqual(want);
      sizes.push(want.length);
    }
    expect(sizes[0]).toBeLessThanOrEqual(sizes[1]!);
    expect(sizes[1]).toBeLessThanOrEqual(sizes[2]!);
    expect(sizes[2]).toBeGreaterThan(0);
  });

  it("filters by document, coder and attribute value (and documents without one), in each layer", async () => {
    const qs = [
      query({ a: code.pressure, b: code.reward, op: "and", scope: "document", document: docIds[1] }),
      query({ a: code.pressure, b: code.reward, op: "and", scope: "document", coder: ana.id }),
      query({ a: code.sovereignty, attribute: "Source", value: "news" }),
      query({ a: code.sovereignty, attribute: "Source", value: "" }),
      query({ a: code.reward, b: code.pressure, op: "not", scope: "paragraph", rollup: true, attribute: "Source", value: "ngo" }),
    ];
    for (const q of qs) {
      for (const layer of ["all", "consensus", ben.id]) expect(ids(await run(q, layer)), JSON.stringify({ q, layer })).toEqual(expected(q, layer));
    }
    const noValue = await run(query({ a: code.sovereignty, attribute: "Source", value: "" }));
    expect(noValue.passages.every((p) => p.documentId === docIds[2])).toBe(true);
  });

  it("sorts by document order, code, coder, length and date; caps the list but counts all", async () => {
    const q = query({ a: code.pressure, b: code.reward, op: "and", scope: "document", rollup: true });
    const byLength = (await run({ ...q, sort: "length" })).passages;
    const lengths = byLength.map((p) => p.end - p.start);
    expect(lengths).toEqual([...lengths].sort((x, y) => y - x));
    const byCoder = (await run({ ...q, sort: "coder" })).passages.map((p) => p.coderName);
    expect(byCoder).toEqual([...byCoder].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
    const byDocument = (await run(q)).passages;
    const order = byDocument.map((p) => [docIds.indexOf(p.documentId), p.start] as const);
    expect(order).toEqual([...order].sort((x, y) => x[0] - y[0] || x[1] - y[1]));
    const capped = await retrievePassages(db(), { projectId, layer: "all", query: q, limit: 3 });
    expect(capped.passages).toHaveLength(3);
    expect(capped.total).toBe(byDocument.length);
    for (const p of byDocument) expect(p.side === "a" ? isUnder(p.codeId, code.pressure, true) : isUnder(p.codeId, code.reward, true)).toBe(true);
  });

  it("refuses bad queries with a specific message", async () => {
    expect(retrievalQuerySchema.safeParse({ a: code.pressure, op: "and" }).error?.issues[0]?.message).toMatch(/second code/);
    expect(retrievalQuerySchema.safeParse({ a: code.pressure, op: "not", b: code.pressure }).error?.issues[0]?.message).toMatch(/two different codes/);
    expect(retrievalQuerySchema.safeParse({ a: code.pressure, b: code.reward, op: "near", within: "50" }).error?.issues[0]?.message).toMatch(/at most 20/);
    expect(retrievalQuerySchema.safeParse({ a: "'; drop table codings; --" }).error?.issues[0]?.message).toMatch(/does not exist/);
    await expect(run(query({ a: code.pressure, attribute: "Country", value: "Chile" }))).rejects.toThrow(AppError);
  });
});
