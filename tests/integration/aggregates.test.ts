import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useDatabaseHandleForProcess, type DatabaseHandle } from "@/db/client";
import { createAttributeDefinition, setAttributeValues } from "@/db/queries/attributes";
import { createCode, getCodesByProjectId } from "@/db/queries/codes";
import { createCoding, getCodings } from "@/db/queries/codings";
import { getPassages } from "@/db/queries/retrieval";
import { codeFrequencies, codeFrequenciesBy } from "@/db/queries/aggregates";
import { addMember } from "@/db/queries/members";
import { updateProject } from "@/db/queries/projects";
import { documentSegments, type Coding, type User } from "@/db/schema";
import { mulberry32 } from "@/lib/sampling/prng";
import { importDocument } from "@/lib/server/documents";
import { GET as matrixRoute } from "@/app/api/v1/projects/[projectId]/matrix/route";
import { call, tokenFor } from "../helpers/api";
import { createTestDatabase } from "../helpers/db";
import { makeProject, makeUser } from "../helpers/factories";

/**
 * Every matrix of GET /matrix equals counts computed here, apart, from the raw codings: with
 * overlapping codings, codings crossing paragraph boundaries, a child code rolled up into its
 * parent, the consensus layer and blind mode.
 */
let handle: DatabaseHandle & { label: string };
const db = () => handle.db;
let owner: User, ana: User, ben: User, outsider: User;
let tokens: Record<"owner" | "ana" | "outsider", string>;
let projectId: string;
let codeIds: string[];
let parentOf: Map<string, string | null>;
let all: Coding[];
let paragraphs: { documentId: string; start: number; end: number }[];
const sourceOf = new Map<string, string>();

beforeAll(async () => {
  handle = await createTestDatabase();
  useDatabaseHandleForProcess(handle);
  [owner, ana, ben, outsider] = (await Promise.all(["Matrix owner", "Ana Coder", "Ben Coder", "Olga Outsider"].map((n) => makeUser(db(), n)))) as [User, User, User, User];
  tokens = { owner: await tokenFor(db(), owner.id), ana: await tokenFor(db(), ana.id), outsider: await tokenFor(db(), outsider.id) };
  projectId = (await makeProject(db(), owner.id, "Matrix study")).id;
  for (const u of [ana, ben]) await addMember(db(), { projectId, email: u.email!, role: "coder", actorId: owner.id });
  const pressure = (await getCodesByProjectId(db(), { projectId })).find((c) => c.name === "pressure")!;
  await createCode(db(), { projectId, actorId: owner.id, fields: { name: "economic", parentId: pressure.id } });
  const codes = await getCodesByProjectId(db(), { projectId });
  codeIds = codes.map((c) => c.id);
  parentOf = new Map(codes.map((c) => [c.id, c.parentId]));
  await createAttributeDefinition(db(), { projectId, actorId: owner.id, name: "Source", type: "choice", choices: ["news", "ngo"] });

  const rng = mulberry32(7);
  const docIds: string[] = [];
  for (let d = 0; d < 3; d++) {
    const text = Array.from({ length: 4 }, (_, p) => `Paragraph ${p + 1} of document ${d + 1} tells of treaties, pressure, rewards and sovereign choices.`).join("\n\n");
    const r = await importDocument(db(), { projectId, actorId: owner.id, source: { kind: "text", text, title: `Doc ${d + 1}` }, duplicates: "import" });
    if (r.skipped) throw new Error("skipped");
    docIds.push(r.document.id);
    if (d < 2) {
      sourceOf.set(r.document.id, d === 0 ? "news" : "ngo");
      await setAttributeValues(db(), { projectId, actorId: owner.id, values: [{ documentId: r.document.id, attributes: { Source: d === 0 ? "news" : "ngo" } }] });
    }
    const length = [...text].length;
    for (let k = 0; k < 14; k++) {
      const start = Math.floor(rng() * (length - 40));
      const end = start + 5 + Math.floor(rng() * 120); // often crosses a paragraph boundary
      const coder = [ana, ben, owner][Math.floor(rng() * 3)]!;
      const codeId = codeIds[Math.floor(rng() * codeIds.length)]!;
      await createCoding(db(), { projectId, documentId: r.document.id, codeId, coderId: coder.id, start, end: Math.min(end, length), layer: k % 5 === 0 ? "consensus" : "coder" });
    }
  }
  all = await getCodings(db(), { projectId });
  paragraphs = (await db().select().from(documentSegments)).filter((s) => s.kind === "paragraph" && docIds.includes(s.documentId)).map((s) => ({ documentId: s.documentId, start: s.startOffset, end: s.endOffset }));
}, 60_000);
afterAll(async () => handle?.close());

const matrix = async (query: string, token = tokens.owner) => {
  const res = await call(matrixRoute, { path: `/api/v1/projects/${projectId}/matrix?${query}`, params: { projectId }, token });
  return res;
};
type M = { rows: { id: string }[]; columns: { id: string }[]; cells: number[][]; total: number };
const cellOf = (m: M, row: string, column: string) => m.cells[m.rows.findIndex((r) => r.id === row)]![m.columns.findIndex((c) => c.id === column)] ?? 0;
const ancestors = (code: string) => {
  const out = [code];
  for (let p = parentOf.get(code); p; p = parentOf.get(p)) out.push(p);
  return out;
};
const overlaps = (a: { start: number; end: number }, b: { startOffset: number; endOffset: number }) => a.start < b.endOffset && b.startOffset < a.end;

describe("GET /matrix", () => {
  it("code × document, plain and rolled up, equals counts from the raw codings", async () => {
    const coderLayer = all.filter((c) => c.layer === "coder");
    for (const rollup of [false, true]) {
      const res = await matrix(`kind=code-document&rollup=${rollup}`);
      expect(res.status, res.text).toBe(200);
      for (const row of res.body.rows) {
        for (const column of res.body.columns) {
          const expected = coderLayer.filter((c) => c.documentId === column.id && (rollup ? ancestors(c.codeId) : [c.codeId]).includes(row.id)).length;
          expect(cellOf(res.body, row.id, column.id), `${row.id} × ${column.id}`).toBe(expected);
        }
      }
    }
  });

  it("lists exactly the passages behind each cell (code × document, code × coder, code × attribute)", async () => {
    const byDocument = await matrix("kind=code-document&rollup=true");
    for (const row of byDocument.body.rows) {
      for (const column of byDocument.body.columns) {
        const found = await getPassages(db(), { projectId, layer: "all", codeId: row.id, rollup: true, documentId: column.id });
        expect(found.total).toBe(cellOf(byDocument.body, row.id, column.id));
        expect(found.passages).toHaveLength(found.total);
      }
    }
    const byCoder = await matrix("kind=code-coder");
    for (const row of byCoder.body.rows) {
      for (const column of byCoder.body.columns) {
        expect((await getPassages(db(), { projectId, layer: "all", codeId: row.id, rollup: false, coder: column.id })).total).toBe(cellOf(byCoder.body, row.id, column.id));
      }
    }
    const byValue = await matrix("kind=code-attribute&attribute=Source");
    const source = (await import("@/db/queries/attributes")).getAttributeDefinitions;
    const definition = (await source(db(), { projectId })).find((a) => a.name === "Source")!;
    for (const row of byValue.body.rows) {
      for (const column of byValue.body.columns) {
        expect((await getPassages(db(), { projectId, layer: "all", codeId: row.id, rollup: false, attribute: { id: definition.id, value: column.id } })).total).toBe(cellOf(byValue.body, row.id, column.id));
      }
    }
  });

  it("frequencies: codings, documents, coders and the share of text covered (overlaps once), rolled up", async () => {
    const texts = await db().select().from((await import("@/db/schema")).documents);
    const textLength = texts.filter((d) => d.projectId === projectId).reduce((n, d) => n + d.length, 0);
    for (const rollup of [false, true]) {
      const { rows, textLength: total } = await codeFrequencies(db(), { projectId, layer: "all", rollup });
      expect(total).toBe(textLength);
      for (const row of rows) {
        const mine = all.filter((c) => c.layer === "coder" && (rollup ? ancestors(c.codeId) : [c.codeId]).includes(row.codeId));
        expect(row.codings).toBe(mine.length);
        expect(row.documents).toBe(new Set(mine.map((c) => c.documentId)).size);
        expect(row.coders).toBe(new Set(mine.map((c) => c.coderId)).size);
        let covered = 0;
        for (const documentId of new Set(mine.map((c) => c.documentId))) {
          const points = new Set<number>();
          for (const c of mine.filter((x) => x.documentId === documentId)) for (let i = c.startOffset; i < c.endOffset; i++) points.add(i);
          covered += points.size;
        }
        expect(row.characters, row.label).toBe(covered);
        expect(row.share).toBeCloseTo(covered / textLength, 12);
      }
    }
  });

  it("frequencies split by document, coder, source type and attribute value equal counts from the raw codings", async () => {
    const { documents: documentsTable } = await import("@/db/schema");
    const { getAttributeDefinitions } = await import("@/db/queries/attributes");
    const docs = (await db().select().from(documentsTable)).filter((d) => d.projectId === projectId);
    const source = (await getAttributeDefinitions(db(), { projectId })).find((a) => a.name === "Source")!;
    const coderLayer = all.filter((c) => c.layer === "coder");
    const groupOf = {
      document: (c: Coding) => c.documentId,
      coder: (c: Coding) => c.coderId,
      "source-type": (c: Coding) => docs.find((d) => d.id === c.documentId)!.sourceType,
      attribute: (c: Coding) => sourceOf.get(c.documentId) ?? "",
    } as const;
    const textOf = {
      document: (g: string) => docs.filter((d) => d.id === g),
      coder: () => docs,
      "source-type": (g: string) => docs.filter((d) => d.sourceType === g),
      attribute: (g: string) => docs.filter((d) => (sourceOf.get(d.id) ?? "") === g),
    } as const;
    for (const by of ["document", "coder", "source-type", "attribute"] as const) {
      const split = by === "attribute" ? { by, attributeId: source.id } : { by };
      const groups = await codeFrequenciesBy(db(), { projectId, layer: "all", rollup: true, split });
      expect(groups.map((g) => g.id).sort(), by).toEqual([...new Set(coderLayer.map(groupOf[by]))].sort());
      for (const group of groups) {
        const textLength = textOf[by](group.id).reduce((n, d) => n + d.length, 0);
        expect(group.textLength, `${by} ${group.label}`).toBe(textLength);
        for (const row of group.rows) {
          const mine = coderLayer.filter((c) => groupOf[by](c) === group.id && ancestors(c.codeId).includes(row.codeId));
          expect(row.codings, `${by} ${group.label} ${row.label}`).toBe(mine.length);
          expect(row.documents).toBe(new Set(mine.map((c) => c.documentId)).size);
          let covered = 0;
          for (const documentId of new Set(mine.map((c) => c.documentId))) {
            const points = new Set<number>();
            for (const c of mine.filter((x) => x.documentId === documentId)) for (let i = c.startOffset; i < c.endOffset; i++) points.add(i);
            covered += points.size;
          }
          expect(row.characters).toBe(covered);
          expect(row.share).toBeCloseTo(textLength === 0 ? 0 : covered / textLength, 12);
        }
      }
    }
  });

  it("timeline: codings per code by publication year and month, undated documents apart, each cell's passages", async () => {
    const { documents: documentsTable } = await import("@/db/schema");
    const { eq } = await import("drizzle-orm");
    const docs = (await db().select().from(documentsTable)).filter((d) => d.projectId === projectId).sort((a, b) => a.title.localeCompare(b.title));
    const dates = ["2019-05-01", "2021-03-10", null];
    for (const [i, d] of docs.entries()) await db().update(documentsTable).set({ publishedOn: dates[i] }).where(eq(documentsTable.id, d.id));
    const dateOf = new Map(docs.map((d, i) => [d.id, dates[i] ?? null]));
    for (const period of ["year", "month"] as const) {
      const res = await matrix(`kind=timeline&period=${period}`);
      expect(res.status, res.text).toBe(200);
      expect(res.body.columns.at(-1).label).toBe("(no date)");
      for (const code of codeIds) {
        for (const column of res.body.columns) {
          const key = (c: Coding) => {
            const date = dateOf.get(c.documentId);
            return date ? date.slice(0, period === "year" ? 4 : 7) : "";
          };
          const expected = all.filter((c) => c.layer === "coder" && c.codeId === code && key(c) === column.id).length;
          expect(cellOf(res.body, code, column.id), `${period} ${column.id}`).toBe(expected);
          expect((await getPassages(db(), { projectId, layer: "all", codeId: code, rollup: false, period: { unit: period, value: column.id } })).total).toBe(expected);
        }
      }
    }
    const svg = await call(matrixRoute, { path: `/api/v1/projects/${projectId}/matrix?kind=timeline&format=svg`, params: { projectId }, token: tokens.owner });
    expect(svg.text).toContain("Codes over time");
    expect(svg.text).toContain("2019");
  });

  it("code × coder puts the consensus layer in its own column", async () => {
    const res = await matrix("kind=code-coder");
    for (const code of codeIds) {
      for (const coder of [ana, ben, owner]) expect(cellOf(res.body, code, coder.id)).toBe(all.filter((c) => c.layer === "coder" && c.coderId === coder.id && c.codeId === code).length);
      expect(cellOf(res.body, code, "consensus")).toBe(all.filter((c) => c.layer === "consensus" && c.codeId === code).length);
    }
  });

  it("co-occurrence by overlap and by paragraph, in the coder layer and the consensus layer", async () => {
    for (const layer of ["all", "consensus"] as const) {
      const mine = all.filter((c) => c.layer === (layer === "all" ? "coder" : "consensus"));
      const byOverlap = await matrix(`kind=cooccurrence&by=overlap&layer=${layer}`);
      const byParagraph = await matrix(`kind=cooccurrence&by=paragraph&layer=${layer}`);
      for (const a of codeIds) {
        for (const b of codeIds) {
          const pairs =
            a === b
              ? mine.filter((c) => c.codeId === a).length
              : mine.filter((x) => x.codeId === a).reduce((n, x) => n + mine.filter((y) => y.codeId === b && y.documentId === x.documentId && overlaps({ start: x.startOffset, end: x.endOffset }, y)).length, 0);
          expect(cellOf(byOverlap.body, a, b), `overlap ${layer} ${a} × ${b}`).toBe(pairs);
          const withBoth = paragraphs.filter((p) => [a, b].every((code) => mine.some((c) => c.codeId === code && c.documentId === p.documentId && overlaps(p, c)))).length;
          expect(cellOf(byParagraph.body, a, b), `paragraph ${layer} ${a} × ${b}`).toBe(withBoth);
        }
      }
    }
  });

  it("code × attribute value, with documents without a value apart", async () => {
    const res = await matrix("kind=code-attribute&attribute=Source");
    expect(res.body.columns.map((c: { label: string }) => c.label)).toEqual(["news", "ngo", "(no value)"]);
    for (const code of codeIds) {
      for (const value of ["news", "ngo", ""]) {
        expect(cellOf(res.body, code, value)).toBe(all.filter((c) => c.layer === "coder" && c.codeId === code && (sourceOf.get(c.documentId) ?? "") === value).length);
      }
    }
  });

  it("normalises per 1,000 words of each column's text (documents, attribute values), refuses it where columns are not texts", async () => {
    const { documents: documentsTable } = await import("@/db/schema");
    const { countWords } = await import("@/lib/ingest/words");
    const docs = (await db().select().from(documentsTable)).filter((d) => d.projectId === projectId);
    const wordsOf = new Map(docs.map((d) => [d.id, countWords(d.text)]));
    expect([...wordsOf.values()].every((n) => n > 50)).toBe(true);
    const coderLayer = all.filter((c) => c.layer === "coder");
    const byDocument = await matrix("kind=code-document&normalise=per1000");
    expect(byDocument.status, byDocument.text).toBe(200);
    for (const [i, row] of byDocument.body.rows.entries()) {
      for (const [j, column] of byDocument.body.columns.entries()) {
        const n = coderLayer.filter((c) => c.codeId === row.id && c.documentId === column.id).length;
        expect(byDocument.body.values[i][j]).toBeCloseTo((1000 * n) / wordsOf.get(column.id)!, 9);
      }
    }
    const byValue = await matrix("kind=code-attribute&attribute=Source&normalise=per1000");
    for (const [j, column] of byValue.body.columns.entries()) {
      const words = docs.filter((d) => (sourceOf.get(d.id) ?? "") === column.id).reduce((sum, d) => sum + wordsOf.get(d.id)!, 0);
      for (const [i, row] of byValue.body.rows.entries()) {
        const n = coderLayer.filter((c) => c.codeId === row.id && (sourceOf.get(c.documentId) ?? "") === column.id).length;
        expect(byValue.body.values[i][j]).toBeCloseTo((1000 * n) / words, 9);
      }
    }
    const refused = await matrix("kind=code-coder&normalise=per1000");
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/Per 1,000 words applies to/);
    const bars = await call(matrixRoute, { path: `/api/v1/projects/${projectId}/matrix?kind=timeline&chart=stacked&format=svg&normalise=per1000`, params: { projectId }, token: tokens.owner });
    expect(bars.status).toBe(200);
    expect(bars.text).toContain("Codings per 1,000 words");
  });

  it("answers CSV and percentages; refuses bad parameters and non-members", async () => {
    const csv = await matrix("kind=code-document&format=csv");
    expect(csv.headers.get("content-type")).toContain("text/csv");
    expect(csv.text.split("\r\n")[0]).toMatch(/^,Doc 1,Doc 2,Doc 3,Total$/);
    const pct = await matrix("kind=code-document&normalise=row");
    for (const line of pct.body.values as number[][]) {
      const sum = line.reduce((a, b) => a + b, 0);
      expect(sum === 0 || Math.abs(sum - 100) < 1e-9).toBe(true);
    }
    for (const [q, message] of [["kind=heatmap", /kind is one of/], ["kind=code-attribute", /attribute/], ["kind=code-attribute&attribute=Nope", /no attribute/], ["kind=code-document&layer=someone", /layer is/]] as const) {
      const res = await matrix(q);
      expect(res.status, q).toBe(400);
      expect(res.body.error.message).toMatch(message);
    }
    expect((await matrix("kind=code-document", tokens.outsider)).status).toBe(404);
  });

  it("draws the matrix as an SVG chart with its title, served with a sandboxing CSP, and escapes hostile names", async () => {
    await createCode(db(), { projectId, actorId: owner.id, fields: { name: '<script>alert("x")</script>' } });
    const res = await matrix("kind=code-document");
    const svg = await call(matrixRoute, { path: `/api/v1/projects/${projectId}/matrix?kind=code-document&format=svg`, params: { projectId }, token: tokens.owner });
    expect(svg.status).toBe(200);
    expect(svg.headers.get("content-type")).toContain("image/svg+xml");
    expect(svg.headers.get("content-security-policy")).toContain("sandbox");
    expect(svg.text.startsWith("<svg")).toBe(true);
    expect(svg.text).toContain("Codes × documents");
    expect(svg.text).not.toMatch(/<script/i);
    expect(svg.text).toContain("&lt;script&gt;");
    expect(res.body.rows.length).toBeGreaterThan(codeIds.length);
  });

  it("counts only a coder's own codings in a blind project until revealed", async () => {
    await updateProject(db(), { projectId, actorId: owner.id, patch: { mode: "blind" } });
    const own = await matrix("kind=code-document", tokens.ana);
    expect(own.status).toBe(200);
    expect(own.body.total).toBe(all.filter((c) => c.layer === "coder" && c.coderId === ana.id).length);
    expect((await matrix(`kind=code-document&layer=${ben.id}`, tokens.ana)).status).toBe(403);
    expect((await matrix("kind=code-document&layer=consensus", tokens.ana)).status).toBe(403);
    await updateProject(db(), { projectId, actorId: owner.id, patch: { mode: "open" } });
  });
});
