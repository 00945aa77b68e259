import { createHash } from "node:crypto";
import { and, count, eq, inArray, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { createAttributeDefinition, deleteAttributeDefinition, getAttributeValuesByDocumentIds, setAttributeValues } from "@/db/queries/attributes";
import { getCodesByProjectId } from "@/db/queries/codes";
import { deleteDocument, getDocumentsPage, insertDocument, type NewDocument } from "@/db/queries/documents";
import { addMember } from "@/db/queries/members";
import { updateProject } from "@/db/queries/projects";
import {
  attributeValues,
  codings,
  documentFiles,
  documents,
  documentSegments,
  events,
  memos,
  type Project,
  type SourceType,
  type User,
} from "@/db/schema";
import { AppError } from "@/lib/errors";
import { importDocument, listDocuments, updateDocumentWithAttributes } from "@/lib/server/documents";
import { createTestDatabase } from "../helpers/db";
import { makeProject, makeUser } from "../helpers/factories";
import { insertCodings, lastEventId } from "../helpers/rows";

/**
 * Documents and attributes at the query and service level (db/queries/documents.ts,
 * db/queries/attributes.ts, lib/server/documents.ts), on PGlite or, with DATABASE_URL, PostgreSQL.
 */
let handle: DatabaseHandle & { label: string };
const db = () => handle.db;
let owner: User, coder: User, viewer: User;

beforeAll(async () => {
  handle = await createTestDatabase();
  [owner, coder, viewer] = await Promise.all([makeUser(db(), "Docs owner"), makeUser(db(), "Docs coder"), makeUser(db(), "Docs viewer")]);
});
afterAll(async () => handle?.close());

async function newProject(name = "Documents study"): Promise<Project> {
  const project = await makeProject(db(), owner.id, name);
  await addMember(db(), { projectId: project.id, email: coder.email!, role: "coder", actorId: owner.id });
  await addMember(db(), { projectId: project.id, email: viewer.email!, role: "viewer", actorId: owner.id });
  return project;
}

/** A document straight through insertDocument, with two paragraphs as its structure. */
function generated(projectId: string, title: string, overrides: Partial<NewDocument> = {}): NewDocument {
  const first = `${title}: the committee reviewed the report.`;
  const text = `${first}\n\nThe ministry answered in writing.`;
  const length = Array.from(text).length;
  return {
    projectId,
    actorId: owner.id,
    title,
    text,
    length,
    sha256: createHash("sha256").update(text).digest("hex"),
    sourceType: "other",
    publishedOn: null,
    author: null,
    url: null,
    language: "en",
    importReport: {},
    file: { fileName: `${title}.txt`, mediaType: "text/plain", bytes: new TextEncoder().encode(text) },
    segments: [
      { kind: "paragraph", start: 0, end: Array.from(first).length, level: null, ordinal: 0 },
      { kind: "paragraph", start: Array.from(first).length + 2, end: length, level: null, ordinal: 1 },
    ],
    ...overrides,
  };
}

async function tableCounts() {
  const n = async (table: typeof documents | typeof documentSegments | typeof documentFiles | typeof events | typeof attributeValues) =>
    Number((await db().select({ n: count() }).from(table))[0]!.n);
  return { documents: await n(documents), segments: await n(documentSegments), files: await n(documentFiles), events: await n(events), values: await n(attributeValues) };
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("insertDocument", () => {
  it("stores the document, its original file, its segments and one event, in one go", async () => {
    const project = await newProject();
    const doc = await insertDocument(db(), generated(project.id, "Alpha"));
    expect(doc).toMatchObject({ title: "Alpha", position: 0, version: 1, createdBy: owner.id });
    expect(doc).not.toHaveProperty("text");
    const second = await insertDocument(db(), generated(project.id, "Beta"));
    expect(second.position).toBe(1);
    const [file] = await db().select().from(documentFiles).where(eq(documentFiles.documentId, doc.id));
    expect(file).toMatchObject({ fileName: "Alpha.txt", mediaType: "text/plain", size: file!.bytes.byteLength });
    expect(new TextDecoder().decode(file!.bytes)).toMatch(/^Alpha: the committee/);
    const segments = await db().select().from(documentSegments).where(eq(documentSegments.documentId, doc.id));
    expect(segments).toHaveLength(2);
    const logged = await db().select().from(events).where(and(eq(events.projectId, project.id), eq(events.entityId, doc.id)));
    expect(logged.map((e) => [e.type, e.entityType, e.actorId])).toEqual([["document.imported", "document", owner.id]]);
  });
});

describe("the document list (getDocumentsPage / listDocuments)", () => {
  let project: Project;
  let all: { id: string; title: string; sourceType: SourceType; year: number | null; region: string; codings: number; length: number }[];

  beforeAll(async () => {
    project = await newProject("Sixty documents");
    await createAttributeDefinition(db(), { projectId: project.id, actorId: owner.id, name: "Year", type: "number" });
    await createAttributeDefinition(db(), { projectId: project.id, actorId: owner.id, name: "Region", type: "choice", choices: ["North", "South"] });
    const [code] = await getCodesByProjectId(db(), { projectId: project.id });
    const types: SourceType[] = ["news", "ngo_report", "policy_brief"];
    all = [];
    for (let i = 0; i < 60; i++) {
      // Titles out of insertion order, mixed case, and a few with LIKE wildcards in them.
      const base = `${String.fromCharCode(97 + ((i * 7) % 26))}${i % 2 ? "" : "X"} report ${i}`;
      const title = i === 5 ? "Growth of 100% in exports" : i === 6 ? "snake_case notes" : i === 7 ? "Back\\slash memo" : i % 3 ? base : base.toUpperCase();
      const doc = await insertDocument(db(), generated(project.id, title, { sourceType: types[i % 3]! }));
      // Years 5..104 as numbers: 9 < 10 < 100 numerically, not as text. Every fifth has none.
      const year = i % 5 === 4 ? null : 5 + ((i * 37) % 100);
      const region = i % 2 ? "North" : "South";
      await setAttributeValues(db(), { projectId: project.id, actorId: owner.id, values: [{ documentId: doc.id, attributes: { Year: year, region } }] });
      const n = i % 4;
      const fullDoc = (await db().select().from(documents).where(eq(documents.id, doc.id)))[0]!;
      await insertCodings(db(), { projectId: project.id, document: fullDoc, coderId: i % 2 ? coder.id : owner.id, spans: Array.from({ length: n }, (_, k) => ({ codeId: code!.id, start: k, end: k + 3 })) });
      all.push({ id: doc.id, title, sourceType: types[i % 3]!, year, region, codings: n, length: doc.length });
    }
  });

  const ids = (rows: { id: string }[]) => rows.map((r) => r.id);

  it("pages through every document, with the total", async () => {
    const seen: string[] = [];
    for (let offset = 0; offset < 60; offset += 25) {
      const page = await getDocumentsPage(db(), { projectId: project.id, limit: 25, offset });
      expect(page.total).toBe(60);
      seen.push(...ids(page.rows));
    }
    expect(seen).toEqual(ids(all)); // default order: position, i.e. import order
    const last = await getDocumentsPage(db(), { projectId: project.id, limit: 25, offset: 50 });
    expect(last.rows).toHaveLength(10);
    const beyond = await getDocumentsPage(db(), { projectId: project.id, limit: 25, offset: 100 });
    expect(beyond).toEqual({ rows: [], total: 60 });
  });

  it("sorts by title case-insensitively, both ways", async () => {
    const byTitle = [...all].sort((a, b) => (a.title.toLowerCase() < b.title.toLowerCase() ? -1 : a.title.toLowerCase() > b.title.toLowerCase() ? 1 : 0));
    const asc = await getDocumentsPage(db(), { projectId: project.id, sort: "title", limit: 500 });
    expect(asc.rows.map((r) => r.title.toLowerCase())).toEqual(byTitle.map((d) => d.title.toLowerCase()));
    const desc = await getDocumentsPage(db(), { projectId: project.id, sort: "title", direction: "desc", limit: 500 });
    expect(desc.rows.map((r) => r.title.toLowerCase())).toEqual(byTitle.map((d) => d.title.toLowerCase()).reverse());
  });

  it("sorts by coding count, ties in import order", async () => {
    const page = await getDocumentsPage(db(), { projectId: project.id, sort: "codingCount", direction: "desc", limit: 500 });
    const expected = [...all].sort((a, b) => b.codings - a.codings || all.indexOf(a) - all.indexOf(b));
    expect(ids(page.rows)).toEqual(ids(expected));
    expect(page.rows.map((r) => r.codingCount)).toEqual(expected.map((d) => d.codings));
  });

  it("sorts by a number attribute numerically, documents without a value last", async () => {
    const yearId = (await listDocuments(db(), { project, role: "owner", userId: owner.id, request: { sort: "attr:Year", limit: 1 } })).rows[0]!;
    expect(yearId.attributes.Year).toBe("5");
    for (const direction of ["asc", "desc"] as const) {
      const { rows } = await listDocuments(db(), { project, role: "owner", userId: owner.id, request: { sort: "attr:year", direction, limit: 500 } });
      const withYear = all.filter((d) => d.year !== null).sort((a, b) => (direction === "asc" ? a.year! - b.year! : b.year! - a.year!) || all.indexOf(a) - all.indexOf(b));
      const without = all.filter((d) => d.year === null);
      expect(ids(rows)).toEqual(ids([...withYear, ...without]));
    }
  });

  it("filters by source type, by attribute value and by both, with the matching total", async () => {
    const news = await getDocumentsPage(db(), { projectId: project.id, sourceType: "news", limit: 5 });
    expect(news.total).toBe(20);
    expect(news.rows.every((r) => r.sourceType === "news")).toBe(true);
    const north = await listDocuments(db(), { project, role: "owner", userId: owner.id, request: { attributes: { Region: "north" }, limit: 500 } });
    expect(ids(north.rows)).toEqual(ids(all.filter((d) => d.region === "North")));
    expect(north.rows.every((r) => r.attributes.Region === "North")).toBe(true);
    const both = await listDocuments(db(), { project, role: "owner", userId: owner.id, request: { attributes: { region: "South" }, sourceType: "news", limit: 500 } });
    expect(ids(both.rows)).toEqual(ids(all.filter((d) => d.region === "South" && d.sourceType === "news")));
    expect(both.total).toBe(both.rows.length);
    await expect(listDocuments(db(), { project, role: "owner", userId: owner.id, request: { attributes: { Region: "East" } } })).rejects.toThrow(/Region is one of/);
    await expect(listDocuments(db(), { project, role: "owner", userId: owner.id, request: { sort: "attr:Nope" } })).rejects.toThrow(/no attribute “Nope”/);
  });

  it("searches titles with %, _ and \\ taken literally", async () => {
    const search = async (q: string) => (await getDocumentsPage(db(), { projectId: project.id, search: q, limit: 500 })).rows.map((r) => r.title);
    expect(await search("%")).toEqual(["Growth of 100% in exports"]);
    expect(await search("_")).toEqual(["snake_case notes"]);
    expect(await search("\\")).toEqual(["Back\\slash memo"]);
    expect(await search("100% IN")).toEqual(["Growth of 100% in exports"]);
    expect((await search("REPORT 1")).sort()).toEqual(all.filter((d) => /report 1/i.test(d.title)).map((d) => d.title).sort());
    expect(await search("   ")).toHaveLength(60);
  });

  it("counts only the caller's own codings in blind mode, until the owner reveals", async () => {
    const counts = async (role: "owner" | "coder" | "viewer", userId: string) => {
      const { rows } = await listDocuments(db(), { project, role, userId, request: { limit: 500 } });
      return rows.map((r) => r.codingCount);
    };
    const own = (userId: string) => all.map((d, i) => (((i % 2 ? coder.id : owner.id) === userId) ? d.codings : 0));
    expect(await counts("coder", coder.id)).toEqual(all.map((d) => d.codings)); // open mode: everything
    project = await updateProject(db(), { projectId: project.id, actorId: owner.id, patch: { mode: "blind" } });
    expect(await counts("coder", coder.id)).toEqual(own(coder.id));
    expect(await counts("viewer", viewer.id)).toEqual(own(viewer.id));
    expect(await counts("owner", owner.id)).toEqual(all.map((d) => d.codings));
    const sorted = await listDocuments(db(), { project, role: "coder", userId: coder.id, request: { sort: "codingCount", direction: "desc", limit: 3 } });
    expect(sorted.rows.map((r) => r.codingCount)).toEqual([3, 3, 3]);
    project = await updateProject(db(), { projectId: project.id, actorId: owner.id, patch: { revealed: true } });
    expect(await counts("coder", coder.id)).toEqual(all.map((d) => d.codings));
  });
});

describe("importDocument", () => {
  const file = (text: string, fileName = "notes.txt") => ({ kind: "file" as const, bytes: new TextEncoder().encode(text), fileName });

  it("imports a file with its attributes in one transaction", async () => {
    const project = await newProject();
    await createAttributeDefinition(db(), { projectId: project.id, actorId: owner.id, name: "Year", type: "number" });
    const result = await importDocument(db(), {
      projectId: project.id,
      actorId: coder.id,
      source: file("Findings\n\nThe delegation met twice. It agreed on a plan.\n"),
      attributes: { year: "2019" },
      duplicates: "refuse",
    });
    if (result.skipped) throw new Error("not expected");
    expect(result.document).toMatchObject({ title: "Findings", createdBy: coder.id });
    expect(result.report.format).toBe("text");
    const values = await getAttributeValuesByDocumentIds(db(), { projectId: project.id, documentIds: [result.document.id] });
    expect(values.get(result.document.id)).toEqual({ Year: "2019" });
    const types = (await db().select({ type: events.type }).from(events).where(eq(events.projectId, project.id)).orderBy(events.id)).map((e) => e.type);
    expect(types.slice(-2)).toEqual(["document.imported", "attribute.updated"]);
  });

  it.each([
    ["an invalid value", { Year: "nineteen" }, /Year is a number; “nineteen” is not/],
    ["an unknown attribute", { Colour: "red" }, /There is no attribute “Colour”/],
  ])("is all or nothing: %s leaves no document, segment, file, value or event", async (_label, attributes, message) => {
    const project = await newProject();
    await createAttributeDefinition(db(), { projectId: project.id, actorId: owner.id, name: "Year", type: "number" });
    const before = await tableCounts();
    const error = await rejection(
      importDocument(db(), { projectId: project.id, actorId: owner.id, source: file("One paragraph.\n\nAnother one here.", "x.md"), attributes, duplicates: "refuse" }),
    );
    expect(error.code).toBe("bad_request");
    expect(error.message).toMatch(message);
    expect(await tableCounts()).toEqual(before);
    // The project still works afterwards (no half-open transaction or savepoint left behind).
    const ok = await importDocument(db(), { projectId: project.id, actorId: owner.id, source: file("One paragraph.\n\nAnother one here.", "x.md"), attributes: { Year: 2001 }, duplicates: "refuse" });
    expect(ok.skipped).toBe(false);
  });

  it("refuses, skips or imports a duplicate as asked", async () => {
    const project = await newProject();
    const bytes = "Same bytes twice.\n\nSecond paragraph.";
    const first = await importDocument(db(), { projectId: project.id, actorId: owner.id, source: file(bytes, "a.txt"), title: "The original", duplicates: "refuse" });
    if (first.skipped) throw new Error("not expected");
    const duplicateOf = [{ id: first.document.id, title: "The original" }];
    const refused = await rejection(importDocument(db(), { projectId: project.id, actorId: owner.id, source: file(bytes, "b.txt"), duplicates: "refuse" }));
    expect(refused.code).toBe("conflict");
    expect(refused.message).toBe("“b.txt” is already in this project, as “The original”.");
    expect(refused.details).toEqual({ duplicateOf });
    const before = await tableCounts();
    expect(await importDocument(db(), { projectId: project.id, actorId: owner.id, source: file(bytes, "b.txt"), duplicates: "skip" })).toEqual({ skipped: true, duplicateOf });
    expect(await tableCounts()).toEqual(before);
    const again = await importDocument(db(), { projectId: project.id, actorId: owner.id, source: file(bytes, "b.txt"), duplicates: "import" });
    if (again.skipped) throw new Error("not expected");
    expect(again.document.id).not.toBe(first.document.id);
    expect(again.report.warnings.join(" ")).toMatch(/already in this project, as “The original”/);
    // Another project's copy is not a duplicate.
    const other = await newProject("Other");
    expect((await importDocument(db(), { projectId: other.id, actorId: owner.id, source: file(bytes, "a.txt"), duplicates: "refuse" })).skipped).toBe(false);
  });

  it("maps ingestion errors to 422 and 413 with the file named, and stores nothing", async () => {
    const project = await newProject();
    const before = await tableCounts();
    const empty = await rejection(importDocument(db(), { projectId: project.id, actorId: owner.id, source: { kind: "file", bytes: new Uint8Array(0), fileName: "empty.txt" }, duplicates: "refuse" }));
    expect([empty.code, empty.details?.reason]).toEqual(["unprocessable", "empty"]);
    expect(empty.message).toContain("“empty.txt”");
    const fake = await rejection(importDocument(db(), { projectId: project.id, actorId: owner.id, source: file("just words, not a PDF", "paper.pdf"), duplicates: "refuse" }));
    expect(fake.code).toBe("unprocessable");
    expect(fake.message).toContain("“paper.pdf”");
    const big = await rejection(
      importDocument(db(), { projectId: project.id, actorId: owner.id, source: file("x".repeat(2000), "big.txt"), duplicates: "refuse", limits: { maxBytes: 1000 } }),
    );
    expect([big.code, big.details?.reason]).toEqual(["payload_too_large", "too_large"]);
    expect(big.message).toContain("“big.txt”");
    const long = await rejection(
      importDocument(db(), { projectId: project.id, actorId: owner.id, source: { kind: "text", text: "word ".repeat(100), title: "Long" }, duplicates: "refuse", limits: { maxCodePoints: 50 } }),
    );
    expect(long.code).toBe("payload_too_large");
    expect(await tableCounts()).toEqual(before);
  });

  it("keeps only the file's base name, without control characters", async () => {
    const project = await newProject();
    const result = await importDocument(db(), { projectId: project.id, actorId: owner.id, source: file("Text.\n\nMore text.", "../../etc/pa\u0000ss\nwd.txt"), duplicates: "refuse" });
    if (result.skipped) throw new Error("not expected");
    const [row] = await db().select({ fileName: documentFiles.fileName }).from(documentFiles).where(eq(documentFiles.documentId, result.document.id));
    expect(row!.fileName).toBe("passwd.txt");
  });

  it("stores segments whose [start, end) slice the text in code points, in SQL as in JavaScript", async () => {
    const project = await newProject();
    const text = [
      "# Ратификация 🇻🇳 of the Convention",
      "",
      "Café naïve — e\u0301 combining, 👩‍👩‍👧 family, 𝒜 astral. مرحبا بالعالم. Second sentence here!",
      "",
      "- item one 😀",
      "- item two",
      "",
      "| a | b |",
      "|---|---|",
      "| 1 | 2 |",
    ].join("\n");
    const result = await importDocument(db(), { projectId: project.id, actorId: owner.id, source: file(text, "edge.md"), duplicates: "refuse" });
    if (result.skipped) throw new Error("not expected");
    const pasted = await importDocument(db(), {
      projectId: project.id,
      actorId: owner.id,
      source: { kind: "text", text: "Ệ 🎉 first.\nStill first. 𝐁 second paragraph? Yes.\n\nThird 👍🏽 one.", title: "Pasted" },
      duplicates: "refuse",
    });
    if (pasted.skipped) throw new Error("not expected");
    for (const id of [result.document.id, pasted.document.id]) {
      const [doc] = await db().select().from(documents).where(eq(documents.id, id));
      const chars = Array.from(doc!.text);
      expect(doc!.length).toBe(chars.length);
      const rows = await db()
        .select({
          kind: documentSegments.kind,
          start: documentSegments.startOffset,
          end: documentSegments.endOffset,
          slice: sql<string>`substring(${documents.text} from ${documentSegments.startOffset} + 1 for ${documentSegments.endOffset} - ${documentSegments.startOffset})`,
          sqlLength: sql<number>`char_length(${documents.text})`.mapWith(Number),
        })
        .from(documentSegments)
        .innerJoin(documents, eq(documents.id, documentSegments.documentId))
        .where(eq(documentSegments.documentId, id));
      expect(rows.length).toBeGreaterThan(2);
      expect(new Set(rows.map((r) => r.kind))).toContain("paragraph");
      for (const row of rows) {
        expect(row.sqlLength).toBe(chars.length);
        expect(row.end).toBeLessThanOrEqual(chars.length);
        expect(row.slice, `${row.kind} [${row.start}, ${row.end})`).toBe(chars.slice(row.start, row.end).join(""));
      }
    }
  });
});

describe("deleteDocument", () => {
  it("removes codings, memos, segments, file and values, and logs each removal", async () => {
    const project = await newProject();
    await createAttributeDefinition(db(), { projectId: project.id, actorId: owner.id, name: "Year", type: "number" });
    const doc = await insertDocument(db(), generated(project.id, "Doomed"));
    const keep = await insertDocument(db(), generated(project.id, "Kept"));
    await setAttributeValues(db(), { projectId: project.id, actorId: owner.id, values: [{ documentId: doc.id, attributes: { Year: 1 } }, { documentId: keep.id, attributes: { Year: 2 } }] });
    const [code] = await getCodesByProjectId(db(), { projectId: project.id });
    const [full, fullKeep] = await Promise.all([doc, keep].map(async (d) => (await db().select().from(documents).where(eq(documents.id, d.id)))[0]!));
    const removed = await insertCodings(db(), { projectId: project.id, document: full!, coderId: coder.id, spans: [{ codeId: code!.id, start: 0, end: 6 }, { codeId: code!.id, start: 8, end: 11 }] });
    await insertCodings(db(), { projectId: project.id, document: fullKeep!, coderId: coder.id, spans: [{ codeId: code!.id, start: 0, end: 4 }] });
    const [memo] = await db().insert(memos).values({ projectId: project.id, targetType: "document", targetId: doc.id, authorId: owner.id, title: "About it" }).returning();

    expect(await deleteDocument(db(), { projectId: project.id, documentId: doc.id, actorId: owner.id })).toEqual({ deletedCodings: 2 });

    const left = async (table: typeof codings | typeof documentSegments | typeof documentFiles | typeof attributeValues, column: AnyPgColumn) =>
      Number((await db().select({ n: count() }).from(table).where(eq(column, doc.id)))[0]!.n);
    expect(await left(codings, codings.documentId)).toBe(0);
    expect(await left(documentSegments, documentSegments.documentId)).toBe(0);
    expect(await left(documentFiles, documentFiles.documentId)).toBe(0);
    expect(await left(attributeValues, attributeValues.documentId)).toBe(0);
    expect(await db().select().from(memos).where(eq(memos.id, memo!.id))).toEqual([]);
    // The other document is untouched.
    expect(Number((await db().select({ n: count() }).from(codings).where(eq(codings.documentId, keep.id)))[0]!.n)).toBe(1);

    const logged = await db()
      .select()
      .from(events)
      .where(and(eq(events.projectId, project.id), inArray(events.type, ["coding.deleted", "document.deleted", "memo.deleted"])));
    expect(logged.map((e) => e.type).sort()).toEqual(["coding.deleted", "coding.deleted", "document.deleted", "memo.deleted"]);
    expect(logged.filter((e) => e.type === "coding.deleted").map((e) => e.entityId).sort()).toEqual(removed.map((c) => c.id).sort());
    const deleted = logged.find((e) => e.type === "document.deleted")!;
    expect(deleted).toMatchObject({ actorId: owner.id, entityId: doc.id, meta: { deletedCodings: 2 } });
    expect(deleted.before).toMatchObject({ title: "Doomed" });

    const again = await rejection(deleteDocument(db(), { projectId: project.id, documentId: doc.id, actorId: owner.id }));
    expect(again.code).toBe("not_found");
  });
});

describe("attribute values", () => {
  it("bulk edits are all or nothing, naming the document and attribute of a bad cell", async () => {
    const project = await newProject();
    await createAttributeDefinition(db(), { projectId: project.id, actorId: owner.id, name: "Year", type: "number" });
    await createAttributeDefinition(db(), { projectId: project.id, actorId: owner.id, name: "Signed", type: "boolean" });
    const a = await insertDocument(db(), generated(project.id, "Doc A"));
    const b = await insertDocument(db(), generated(project.id, "Doc B"));
    await setAttributeValues(db(), { projectId: project.id, actorId: owner.id, values: [{ documentId: a.id, attributes: { Year: "1,200", Signed: "Yes" } }] });
    const values = () => getAttributeValuesByDocumentIds(db(), { projectId: project.id, documentIds: [a.id, b.id] });
    expect(Object.fromEntries(await values())).toEqual({ [a.id]: { Year: "1200", Signed: "yes" } });

    const before = await tableCounts();
    const error = await rejection(
      setAttributeValues(db(), {
        projectId: project.id,
        actorId: owner.id,
        values: [
          { documentId: a.id, attributes: { Year: 1999 } },
          { documentId: b.id, attributes: { Signed: "perhaps" } },
        ],
      }),
    );
    expect(error.message).toBe("“Doc B”: Signed is yes or no; “perhaps” is neither.");
    expect(error.details).toEqual({ field: "Signed", documentId: b.id });
    expect(await tableCounts()).toEqual(before);
    expect(Object.fromEntries(await values())).toEqual({ [a.id]: { Year: "1200", Signed: "yes" } });

    for (const bad of ["not-a-uuid", "00000000-0000-4000-8000-000000000000"]) {
      const missing = await rejection(setAttributeValues(db(), { projectId: project.id, actorId: owner.id, values: [{ documentId: bad, attributes: { Year: 1 } }] }));
      expect(missing.code).toBe("not_found");
    }

    // "" clears; an unchanged value writes no event.
    const lastEvent = await lastEventId(db(), project.id);
    await setAttributeValues(db(), { projectId: project.id, actorId: owner.id, values: [{ documentId: a.id, attributes: { year: "", signed: true } }] });
    expect(Object.fromEntries(await values())).toEqual({ [a.id]: { Signed: "yes" } });
    const [event] = await db().select().from(events).where(and(eq(events.projectId, project.id), eq(events.type, "attribute.updated"), eq(events.entityId, a.id), sql`${events.id} > ${lastEvent}`));
    expect(event).toMatchObject({ before: { Year: "1200" }, after: { Year: null } });
  });

  it("refuses a second attribute with the same name in another case, and deleting one removes its values", async () => {
    const project = await newProject();
    const year = await createAttributeDefinition(db(), { projectId: project.id, actorId: owner.id, name: "Year", type: "number" });
    const clash = await rejection(createAttributeDefinition(db(), { projectId: project.id, actorId: owner.id, name: " year ", type: "text" }));
    expect([clash.code, clash.message]).toEqual(["conflict", 'An attribute named "Year" already exists.']);
    const doc = await insertDocument(db(), generated(project.id, "Valued"));
    await setAttributeValues(db(), { projectId: project.id, actorId: owner.id, values: [{ documentId: doc.id, attributes: { [year.id]: 7 } }] });
    await deleteAttributeDefinition(db(), { projectId: project.id, actorId: owner.id, attributeId: year.id });
    expect(await db().select().from(attributeValues).where(eq(attributeValues.documentId, doc.id))).toEqual([]);
    expect((await rejection(deleteAttributeDefinition(db(), { projectId: project.id, actorId: owner.id, attributeId: year.id }))).code).toBe("not_found");
  });

  it("updateDocumentWithAttributes changes metadata and values together, or neither", async () => {
    const project = await newProject();
    await createAttributeDefinition(db(), { projectId: project.id, actorId: owner.id, name: "Year", type: "number" });
    const doc = await insertDocument(db(), generated(project.id, "Editable"));
    const ok = await updateDocumentWithAttributes(db(), { projectId: project.id, documentId: doc.id, actorId: owner.id, patch: { title: "Edited", sourceType: "news" }, attributes: { Year: 2020 }, expectedVersion: 1 });
    expect(ok.document).toMatchObject({ title: "Edited", sourceType: "news", version: 2 });
    expect(ok.attributes).toEqual({ Year: "2020" });
    const bad = await rejection(updateDocumentWithAttributes(db(), { projectId: project.id, documentId: doc.id, actorId: owner.id, patch: { title: "Lost" }, attributes: { Year: "soon" } }));
    expect(bad.code).toBe("bad_request");
    const stale = await rejection(updateDocumentWithAttributes(db(), { projectId: project.id, documentId: doc.id, actorId: owner.id, patch: { title: "Stale" }, expectedVersion: 1 }));
    expect(stale.code).toBe("conflict");
    const [row] = await db().select().from(documents).where(eq(documents.id, doc.id));
    expect(row).toMatchObject({ title: "Edited", version: 2 });
  });
});
