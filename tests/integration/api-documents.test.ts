import fs from "node:fs";
import path from "node:path";
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { useDatabaseHandleForProcess, type DatabaseHandle } from "@/db/client";
import { getCodesByProjectId } from "@/db/queries/codes";
import { addMember } from "@/db/queries/members";
import { documents, documentSegments, events, projects, type User } from "@/db/schema";
import * as attributesRoute from "@/app/api/v1/projects/[projectId]/attributes/route";
import * as attributeRoute from "@/app/api/v1/projects/[projectId]/attributes/[attributeId]/route";
import * as valuesRoute from "@/app/api/v1/projects/[projectId]/attributes/values/route";
import * as documentsRoute from "@/app/api/v1/projects/[projectId]/documents/route";
import * as documentRoute from "@/app/api/v1/projects/[projectId]/documents/[documentId]/route";
import * as originalRoute from "@/app/api/v1/projects/[projectId]/documents/[documentId]/original/route";
import { assertErrorBody, call, tokenFor, type CallResult } from "../helpers/api";
import { createTestDatabase } from "../helpers/db";
import { makeProject, makeUser } from "../helpers/factories";
import { insertCodings } from "../helpers/rows";

/**
 * The documents and attributes API end to end: route handler → guard → lib/server/documents →
 * lib/ingest → db/queries, on PGlite or (DATABASE_URL) PostgreSQL.
 */

// The upload limit comes from MAX_UPLOAD_MB, parsed once per process; the 413 tests lower it here.
const limits = vi.hoisted(() => ({ uploadMb: undefined as number | undefined }));
vi.mock("@/lib/config/env", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/config/env")>();
  return {
    ...real,
    getEnv: (source?: NodeJS.ProcessEnv) => {
      const env = real.getEnv(source);
      return limits.uploadMb === undefined ? env : { ...env, MAX_UPLOAD_MB: limits.uploadMb };
    },
  };
});

let handle: DatabaseHandle & { label: string };
const db = () => handle.db;
let owner: User, coder: User, viewer: User, outsider: User;
let tokens: { owner: string; coder: string; viewer: string; outsider: string };

beforeAll(async () => {
  handle = await createTestDatabase();
  useDatabaseHandleForProcess(handle);
  [owner, coder, viewer, outsider] = await Promise.all([
    makeUser(db(), "Api docs owner"),
    makeUser(db(), "Api docs coder"),
    makeUser(db(), "Api docs viewer"),
    makeUser(db(), "Api docs outsider"),
  ]);
  tokens = {
    owner: await tokenFor(db(), owner.id),
    coder: await tokenFor(db(), coder.id),
    viewer: await tokenFor(db(), viewer.id),
    outsider: await tokenFor(db(), outsider.id),
  };
});
afterAll(async () => handle?.close());
beforeEach(() => {
  limits.uploadMb = undefined;
});

const bytesOf = (text: string) => new TextEncoder().encode(text);

async function setup(mode: "open" | "blind" = "open") {
  const project = await makeProject(db(), owner.id, "API documents");
  const projectId = project.id;
  await addMember(db(), { projectId, email: coder.email!, role: "coder", actorId: owner.id });
  await addMember(db(), { projectId, email: viewer.email!, role: "viewer", actorId: owner.id });
  if (mode === "blind") await db().update(projects).set({ mode: "blind" }).where(eq(projects.id, projectId));
  const base = `/api/v1/projects/${projectId}`;

  const upload = (file: { bytes: Uint8Array; name: string; type?: string }, options: { title?: string; attributes?: unknown; query?: string; token?: string; headers?: Record<string, string> } = {}) => {
    const form = new FormData();
    form.append("file", new File([file.bytes as Uint8Array<ArrayBuffer>], file.name, { type: file.type ?? "" }));
    if (options.title !== undefined) form.append("title", options.title);
    if (options.attributes !== undefined) form.append("attributes", typeof options.attributes === "string" ? options.attributes : JSON.stringify(options.attributes));
    return call(documentsRoute.POST, {
      method: "POST",
      path: `${base}/documents${options.query ?? ""}`,
      params: { projectId },
      token: options.token ?? tokens.owner,
      form,
      headers: options.headers,
    });
  };
  const paste = (body: unknown, options: { query?: string; token?: string } = {}) =>
    call(documentsRoute.POST, { method: "POST", path: `${base}/documents${options.query ?? ""}`, params: { projectId }, token: options.token ?? tokens.owner, body });
  const list = (query = "", token = tokens.owner) => call(documentsRoute.GET, { path: `${base}/documents${query}`, params: { projectId }, token });
  const read = (documentId: string, query = "", token = tokens.owner) =>
    call(documentRoute.GET, { path: `${base}/documents/${documentId}${query}`, params: { projectId, documentId }, token });
  const patch = (documentId: string, body: unknown, token = tokens.owner) =>
    call(documentRoute.PATCH, { method: "PATCH", path: `${base}/documents/${documentId}`, params: { projectId, documentId }, token, body });
  const remove = (documentId: string, token = tokens.owner) =>
    call(documentRoute.DELETE, { method: "DELETE", path: `${base}/documents/${documentId}`, params: { projectId, documentId }, token });
  const original = async (documentId: string, token = tokens.owner) => {
    const response = await originalRoute.GET(new Request(`http://localhost${base}/documents/${documentId}/original`, { headers: { authorization: `Bearer ${token}` } }), {
      params: Promise.resolve({ projectId, documentId }),
    });
    return { status: response.status, headers: response.headers, bytes: new Uint8Array(await response.arrayBuffer()) };
  };
  const defineAttribute = (body: unknown, token = tokens.owner) =>
    call(attributesRoute.POST, { method: "POST", path: `${base}/attributes`, params: { projectId }, token, body });
  const setValues = (body: unknown, token = tokens.owner) =>
    call(valuesRoute.PATCH, { method: "PATCH", path: `${base}/attributes/values`, params: { projectId }, token, body });
  const documentCount = async () => Number((await db().select({ n: count() }).from(documents).where(eq(documents.projectId, projectId)))[0]!.n);
  return { projectId, base, upload, paste, list, read, patch, remove, original, defineAttribute, setValues, documentCount };
}

const created = (res: CallResult) => {
  expect(res.status, res.text).toBe(201);
  return res.body as { id: string; title: string; length: number; sha256: string; report: Record<string, unknown>; [k: string]: unknown };
};

describe("POST documents", () => {
  it("imports a multipart upload with a title and attributes (201)", async () => {
    const { upload, defineAttribute, read } = await setup();
    expect((await defineAttribute({ name: "Country", type: "choice", choices: ["Vietnam", "United States"] })).status).toBe(201);
    const text = "Heading line\n\nThe ministry ratified the treaty in 2015. 🇻🇳 Ệ.\n";
    const doc = created(await upload({ bytes: bytesOf(text), name: "brief.txt", type: "text/plain" }, { title: "  Policy brief  ", attributes: { country: "vietnam" }, token: tokens.coder }));
    expect(Object.keys(doc).sort()).toEqual(
      ["author", "createdAt", "createdBy", "id", "language", "length", "position", "publishedOn", "report", "sha256", "sourceType", "title", "updatedAt", "url", "version"].sort(),
    );
    expect(doc).toMatchObject({ title: "Policy brief", createdBy: coder.id });
    expect(doc.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(doc.report).toMatchObject({ format: "text", warnings: expect.any(Array) });
    const full = await read(doc.id);
    expect(full.body).toMatchObject({ id: doc.id, length: doc.length, attributes: { Country: "Vietnam" } });
    expect(full.body.text).toMatch(/^Heading line\n\nThe ministry ratified the treaty in 2015\. 🇻🇳 Ệ\.\n?$/);
    expect(Array.from(full.body.text as string)).toHaveLength(doc.length);
  });

  it("imports pasted text as JSON {title, text, attributes}", async () => {
    const { paste, read, defineAttribute } = await setup();
    await defineAttribute({ name: "Year", type: "number" });
    const doc = created(await paste({ title: "Notes", text: "First para.\r\n\r\nSecond 😀 para.", attributes: { Year: 2021 } }));
    expect(doc).toMatchObject({ title: "Notes", length: Array.from("First para.\n\nSecond 😀 para.").length });
    const full = await read(doc.id, "?segments=1");
    expect(full.body.text).toBe("First para.\n\nSecond 😀 para.");
    expect(full.body.attributes).toEqual({ Year: "2021" });
    const paragraphs = full.body.segments.filter((s: { kind: string }) => s.kind === "paragraph");
    expect(paragraphs.map((s: { start: number; end: number }) => Array.from(full.body.text as string).slice(s.start, s.end).join(""))).toEqual(["First para.", "Second 😀 para."]);
    expect((await read(doc.id)).body).not.toHaveProperty("segments");
  });

  it("joins words hyphenated across lines when asked (?dehyphenate=true)", async () => {
    const { upload, read } = await setup();
    const text = "The delegation discussed for-\neign pressure and the govern-\nment answered.\n";
    const plain = created(await upload({ bytes: bytesOf(text), name: "ocr.txt" }));
    expect(plain.report).toMatchObject({ dehyphenation: false, dehyphenated: 0 });
    const joined = created(await upload({ bytes: bytesOf(text), name: "ocr.txt" }, { query: "?dehyphenate=true&duplicates=import" }));
    expect(joined.report).toMatchObject({ dehyphenation: true, dehyphenated: 2 });
    expect((await read(joined.id)).body.text).toMatch(/foreign pressure and the government answered/);
    expect((await upload({ bytes: bytesOf(text), name: "ocr.txt" }, { query: "?dehyphenate=perhaps" })).status).toBe(400);
  });

  it("answers 400 to a body it cannot use, and 415 to another content type", async () => {
    const { paste, upload, documentCount } = await setup();
    expect((await paste({ title: "", text: "x" })).status).toBe(400);
    expect((await paste({ title: "Empty", text: "   " })).body.error.message).toMatch(/text: The text is empty/);
    const badAttributes = await upload({ bytes: bytesOf("Some text here."), name: "a.txt" }, { attributes: "{not json" });
    expect(badAttributes.status).toBe(400);
    expect(badAttributes.body.error.message).toMatch(/^attributes: send a JSON object/);
    const unknown = await upload({ bytes: bytesOf("Some text here."), name: "a.txt" }, { attributes: { Nope: 1 } });
    expect([unknown.status, unknown.body.error.message]).toEqual([400, "There is no attribute “Nope” in this project. Define it first."]);
    const noFile = await call(documentsRoute.POST, { method: "POST", path: "", params: { projectId: (await setup()).projectId }, token: tokens.owner, form: new FormData() });
    expect(noFile.status).toBe(400);
    const other = await call(documentsRoute.POST, { method: "POST", path: "", params: { projectId: (await setup()).projectId }, token: tokens.owner, rawBody: "x", headers: { "content-type": "text/plain" } });
    expect(other.status).toBe(415);
    expect(await documentCount()).toBe(0);
  });

  it("answers 422 naming the file for an empty, mislabelled, damaged or unsupported file", async () => {
    const { upload, documentCount } = await setup();
    const cases = [
      { bytes: new Uint8Array(0), name: "empty.txt" },
      { bytes: bytesOf("This is a plain letter, not a PDF at all."), name: "letter.pdf", type: "application/pdf" },
      { bytes: bytesOf("%PDF-1.7\n1 0 obj\n<< /Type /Catalog"), name: "cut-off.pdf" },
      { bytes: bytesOf("PK\u0003\u0004 not really a zip"), name: "broken.docx" },
      { bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), name: "figure.png" },
    ];
    for (const file of cases) {
      const res = await upload(file);
      expect(res.status, `${file.name}: ${res.text}`).toBe(422);
      expect(res.body.error.code).toBe("unprocessable");
      expect(res.body.error.message).toContain(`“${file.name}”`);
    }
    expect(await documentCount()).toBe(0);
  });

  it("refuses a duplicate (409, naming the existing document), skips it, or imports it again", async () => {
    const { upload, list } = await setup();
    const file = { bytes: bytesOf("The same report.\n\nTwice uploaded."), name: "report.txt" };
    const first = created(await upload(file, { title: "Report 2019" }));
    const refused = await upload({ ...file, name: "copy.txt" });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toEqual({
      code: "conflict",
      message: "“copy.txt” is already in this project, as “Report 2019”. Send duplicates=import to import it again, or duplicates=skip to skip it.",
      details: { duplicateOf: [{ id: first.id, title: "Report 2019" }] },
    });
    const skipped = await upload(file, { query: "?duplicates=skip" });
    expect([skipped.status, skipped.body]).toEqual([200, { skipped: true, duplicateOf: [{ id: first.id, title: "Report 2019" }] }]);
    const again = created(await upload(file, { query: "?duplicates=import" }));
    expect(again.id).not.toBe(first.id);
    expect((await list()).headers.get("x-total-count")).toBe("2");
    expect((await upload(file, { query: "?duplicates=maybe" })).status).toBe(400);
  });

  it("answers 413 naming the limit, before reading the body when its length is declared", async () => {
    limits.uploadMb = 1;
    const { upload, paste, projectId, documentCount } = await setup();
    // A declared length over the limit is refused before a byte is read (the body here is tiny).
    const declared = await upload({ bytes: bytesOf("small"), name: "huge.pdf" }, { headers: { "content-length": String(50 * 1024 * 1024) } });
    expect(declared.status).toBe(413);
    expect(declared.body.error).toMatchObject({ code: "payload_too_large", message: expect.stringContaining("over the limit of 1 MB per file (MAX_UPLOAD_MB)") });
    // A streamed body (no length) is cut off once it passes the limit.
    const streamed = await upload({ bytes: new Uint8Array(3 * 1024 * 1024).fill(65), name: "stream.txt" });
    expect(streamed.status).toBe(413);
    expect(streamed.body.error.message).toContain("1 MB");
    // A file just over the limit, inside the room left for the form: refused by the import, named.
    const over = await upload({ bytes: new Uint8Array(1.5 * 1024 * 1024).fill(66), name: "over.txt" });
    expect(over.status).toBe(413);
    expect(over.body.error.message).toMatch(/^“over\.txt” is 1\.5 MB, over the per-file limit of 1 MB/);
    const pasted = await paste({ title: "Too long", text: "w".repeat(1.2 * 1024 * 1024) });
    expect(pasted.status).toBe(413);
    expect(await documentCount()).toBe(0);
    expect(projectId).toBeTruthy();
  });
});

describe("GET documents", () => {
  it("lists with a total header, pages, sorts and filters, by attribute too", async () => {
    const { upload, list, defineAttribute, setValues } = await setup();
    await defineAttribute({ name: "Year", type: "number" });
    const ids: string[] = [];
    for (const [i, year] of [9, 100, 10, 55].entries()) {
      const doc = created(await upload({ bytes: bytesOf(`Document ${i} text.\n\nMore.`), name: `d${i}.txt` }, { title: `Doc ${String.fromCharCode(68 - i)}` }));
      ids.push(doc.id);
      await setValues([{ documentId: doc.id, attributes: { Year: year } }]);
    }
    const all = await list();
    expect(all.status).toBe(200);
    expect(all.headers.get("x-total-count")).toBe("4");
    expect(all.body.map((d: { id: string }) => d.id)).toEqual(ids);
    expect(all.body[0]).toMatchObject({ title: "Doc D", codingCount: 0, attributes: { Year: "9" } });
    expect(all.body[0]).not.toHaveProperty("text");
    const page = await list("?limit=2&offset=1&sort=title");
    expect([page.headers.get("x-total-count"), page.body.map((d: { title: string }) => d.title)]).toEqual(["4", ["Doc B", "Doc C"]]);
    const byYear = await list("?sort=attr:Year&direction=desc");
    expect(byYear.body.map((d: { attributes: { Year: string } }) => d.attributes.Year)).toEqual(["100", "55", "10", "9"]);
    const filtered = await list("?attr.Year=10&search=doc");
    expect([filtered.headers.get("x-total-count"), filtered.body.map((d: { title: string }) => d.title)]).toEqual(["1", ["Doc B"]]);
    for (const bad of ["?sort=nonsense", "?limit=0", "?limit=501", "?direction=up", "?sourceType=blog", "?attr.Nope=1", "?attr.Year=many"]) {
      const res = await list(bad);
      expect(res.status, bad).toBe(400);
    }
  });

  it("counts only the caller's own codings in a blind project", async () => {
    const { paste, list, projectId } = await setup("blind");
    const doc = created(await paste({ title: "Coded", text: "The bill demands reform. The state rejects it." }));
    const [code] = await getCodesByProjectId(db(), { projectId });
    const [row] = await db().select().from(documents).where(eq(documents.id, doc.id));
    await insertCodings(db(), { projectId, document: row!, coderId: owner.id, spans: [{ codeId: code!.id, start: 0, end: 8 }, { codeId: code!.id, start: 9, end: 16 }] });
    await insertCodings(db(), { projectId, document: row!, coderId: coder.id, spans: [{ codeId: code!.id, start: 0, end: 8 }] });
    expect((await list("", tokens.owner)).body[0].codingCount).toBe(3);
    expect((await list("", tokens.coder)).body[0].codingCount).toBe(1);
    expect((await list("", tokens.viewer)).body[0].codingCount).toBe(0);
  });
});

describe("GET, PATCH and DELETE a document", () => {
  it("edits metadata and attributes together, with a version check", async () => {
    const { paste, patch, read, defineAttribute } = await setup();
    await defineAttribute({ name: "Signed", type: "boolean" });
    const doc = created(await paste({ title: "Draft", text: "Some words here." }));
    const res = await patch(
      doc.id,
      { title: "Final", sourceType: "news", publishedOn: "2023-09-11", author: "A. Reporter", url: "https://example.org/a", language: "en", attributes: { Signed: "yes" }, version: 1 },
      tokens.coder,
    );
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ title: "Final", sourceType: "news", publishedOn: "2023-09-11", author: "A. Reporter", url: "https://example.org/a", language: "en", version: 2, attributes: { Signed: "yes" } });
    const stale = await patch(doc.id, { title: "Stale", version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.details.current).toMatchObject({ title: "Final", version: 2, attributes: { Signed: "yes" } });
    for (const bad of [{ url: "javascript:alert(1)" }, { publishedOn: "2023-02-30" }, { sourceType: "blog" }, {}, { attributes: { Signed: "perhaps" }, title: "Lost" }, { text: "new text" }]) {
      const r = await patch(doc.id, bad);
      expect(r.status, JSON.stringify(bad)).toBe(400);
    }
    const cleared = await patch(doc.id, { author: "", url: null, attributes: { Signed: null } });
    expect(cleared.body).toMatchObject({ title: "Final", author: null, url: null, attributes: {} });
    const full = await read(doc.id);
    expect(full.body).toMatchObject({ title: "Final", text: "Some words here.", version: 3, importReport: expect.objectContaining({ source: "paste" }) });
  });

  it("deletes a document with its codings (owner only) and answers 404 afterwards", async () => {
    const { paste, remove, read, projectId } = await setup();
    const doc = created(await paste({ title: "Doomed", text: "The bill demands reform. The state rejects it." }));
    const [code] = await getCodesByProjectId(db(), { projectId });
    const [row] = await db().select().from(documents).where(eq(documents.id, doc.id));
    await insertCodings(db(), { projectId, document: row!, coderId: coder.id, spans: [{ codeId: code!.id, start: 0, end: 8 }] });
    expect((await remove(doc.id, tokens.coder)).status).toBe(403);
    const res = await remove(doc.id);
    expect([res.status, res.body]).toEqual([200, { deletedCodings: 1 }]);
    expect((await read(doc.id)).status).toBe(404);
    expect((await remove(doc.id)).status).toBe(404);
    expect(await db().select().from(documentSegments).where(eq(documentSegments.documentId, doc.id))).toEqual([]);
    const types = (await db().select({ type: events.type }).from(events).where(eq(events.entityId, doc.id))).map((e) => e.type);
    expect(types).toContain("document.deleted");
  });

  it("answers 404 for an unknown or malformed document id, and a document of another project", async () => {
    const { read, patch, remove } = await setup();
    const other = await setup();
    const foreign = created(await other.paste({ title: "Elsewhere", text: "Not yours." }));
    for (const id of ["not-a-uuid", "00000000-0000-4000-8000-000000000000", foreign.id]) {
      expect((await read(id)).status, id).toBe(404);
      expect((await patch(id, { title: "x" })).status, id).toBe(404);
      expect((await remove(id)).status, id).toBe(404);
    }
  });
});

describe("GET original", () => {
  it("serves the file as an attachment that cannot render: HTML as octet-stream, nosniff, sandbox", async () => {
    const { upload, paste, original } = await setup();
    const html = bytesOf('<!doctype html><html><head><title>Report</title><script>alert(document.cookie)</script></head><body><p>Body text of the page.</p><img src=x onerror="alert(1)"></body></html>');
    const doc = created(await upload({ bytes: html, name: 'Báo cáo "final";\r\n.html', type: "text/html" }));
    const res = await original(doc.id, tokens.viewer);
    expect(res.status).toBe(200);
    expect(res.bytes).toEqual(html);
    expect(res.headers.get("content-type")).toBe("application/octet-stream");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-security-policy")).toMatch(/^sandbox/);
    const disposition = res.headers.get("content-disposition")!;
    expect(disposition).toMatch(/^attachment; filename="[^"\\\r\n]*"; filename\*=UTF-8''[A-Za-z0-9%!#$&+\-.^_`|~]+$/);
    expect(decodeURIComponent(disposition.split("''")[1]!)).toBe('Báo cáo "final";.html');

    const pdfLike = created(await upload({ bytes: bytesOf("Plain words.\n\nMore words."), name: "notes.md" }));
    expect((await original(pdfLike.id)).headers.get("content-type")).toBe("text/markdown");
    const pasted = created(await paste({ title: "Pasted", text: "No file behind this." }));
    const none = await original(pasted.id);
    expect(none.status).toBe(404);
    expect((await original(doc.id, tokens.outsider)).status).toBe(404);
  });
});

describe("attributes", () => {
  it("defines, lists and deletes attributes; only the owner manages them", async () => {
    const { defineAttribute, projectId, base } = await setup();
    const region = await defineAttribute({ name: "Region", type: "choice", choices: ["North", "South"] });
    expect(region.status).toBe(201);
    expect(region.body).toMatchObject({ name: "Region", type: "choice", choices: ["North", "South"], position: 0 });
    expect((await defineAttribute({ name: "region", type: "text" })).status).toBe(409);
    expect((await defineAttribute({ name: "Tone", type: "choice" })).body.error.message).toMatch(/choices: A choice attribute needs at least one choice/);
    expect((await defineAttribute({ name: "Mood", type: "colour" })).status).toBe(400);
    expect((await defineAttribute({ name: "Other", type: "text" }, tokens.coder)).status).toBe(403);
    const listed = await call(attributesRoute.GET, { path: `${base}/attributes`, params: { projectId }, token: tokens.viewer });
    expect(listed.body.map((a: { name: string }) => a.name)).toEqual(["Region"]);
    const del = (attributeId: string, token = tokens.owner) => call(attributeRoute.DELETE, { method: "DELETE", path: "", params: { projectId, attributeId }, token });
    expect((await del(region.body.id, tokens.coder)).status).toBe(403);
    expect((await del(region.body.id)).status).toBe(204);
    expect((await del(region.body.id)).status).toBe(404);
    expect((await del("nope")).status).toBe(404);
  });

  it("bulk-edits values all or nothing", async () => {
    const { defineAttribute, setValues, paste, read } = await setup();
    await defineAttribute({ name: "Year", type: "number" });
    await defineAttribute({ name: "Region", type: "choice", choices: ["North", "South"] });
    const a = created(await paste({ title: "A", text: "Alpha text." }));
    const b = created(await paste({ title: "B", text: "Beta text." }));
    const ok = await setValues([{ documentId: a.id, attributes: { Year: "2001", region: "north" } }, { documentId: b.id, attributes: { Year: 2002 } }], tokens.coder);
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body).toEqual([
      { documentId: a.id, attributes: { Year: "2001", Region: "North" } },
      { documentId: b.id, attributes: { Year: "2002" } },
    ]);
    const bad = await setValues([{ documentId: a.id, attributes: { Year: 1999 } }, { documentId: b.id, attributes: { Region: "East" } }]);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe("“B”: Region is one of “North”, “South”; “East” is not.");
    expect((await read(a.id)).body.attributes).toEqual({ Year: "2001", Region: "North" });
    expect((await setValues([{ documentId: "00000000-0000-4000-8000-000000000000", attributes: { Year: 1 } }])).status).toBe(404);
    expect((await setValues([{ documentId: "bad", attributes: { Year: 1 } }])).status).toBe(400);
    expect((await setValues([])).status).toBe(400);
    expect((await setValues([{ documentId: a.id, attributes: { Year: { nested: true } } }])).status).toBe(400);
    expect((await setValues([{ documentId: a.id, attributes: { Year: 1 } }], tokens.viewer)).status).toBe(403);
  });
});

describe("access", () => {
  it("a non-member gets 404 everywhere; a viewer reads but gets 403 on every write", async () => {
    const { upload, paste, list, read, patch, remove, defineAttribute, setValues } = await setup();
    const doc = created(await paste({ title: "Private", text: "Private words." }));
    const file = { bytes: bytesOf("Viewer upload."), name: "v.txt" };
    for (const res of [await list("", tokens.outsider), await read(doc.id, "", tokens.outsider), await upload(file, { token: tokens.outsider }), await patch(doc.id, { title: "x" }, tokens.outsider), await remove(doc.id, tokens.outsider)]) {
      expect(res.status).toBe(404);
      expect(res.body.error).toEqual({ code: "not_found", message: "Project not found." });
    }
    expect((await list("", tokens.viewer)).status).toBe(200);
    expect((await read(doc.id, "", tokens.viewer)).status).toBe(200);
    for (const res of [
      await upload(file, { token: tokens.viewer }),
      await paste({ title: "V", text: "Viewer text." }, { token: tokens.viewer }),
      await patch(doc.id, { title: "x" }, tokens.viewer),
      await remove(doc.id, tokens.viewer),
      await defineAttribute({ name: "X", type: "text" }, tokens.viewer),
      await setValues([{ documentId: doc.id, attributes: {} }], tokens.viewer),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(/^Your role in this project \(viewer\) does not allow you to /);
    }
    expect((await read(doc.id)).body.title).toBe("Private");
  });

  it("a POST without a token is 401, even with a session cookie from another site", async () => {
    const { upload, paste, documentCount } = await setup();
    expect((await paste({ title: "Anon", text: "Anonymous." }, { token: "" })).status).toBe(401);
    const crossSite = await upload({ bytes: bytesOf("Forged."), name: "f.txt" }, { token: "", headers: { cookie: "authjs.session-token=stolen", origin: "https://evil.example" } });
    expect(crossSite.status).toBe(401);
    expect(crossSite.body.error.code).toBe("unauthorized");
    expect(await documentCount()).toBe(0);
  });
});

// ── The shared test corpus ─────────────────────────────────────────────────────────────────

const repoRoot = path.resolve(import.meta.dirname, "../..");
const corpusDir = path.resolve(repoRoot, "../shared/corpus");

/** What corpus/README.md promises for each file: imported, or refused with a clear message. */
const REFUSED = new Set(["hostile/empty.txt", "hostile/truncated.pdf", "hostile/not-really.pdf", "hostile/not-really.docx", "hostile/zip-bomb.docx"]);
/** Either outcome is allowed, as long as it is explicit (README: refused with the offset, or imported with a reported replacement). */
const EITHER = new Set(["hostile/invalid-utf8.txt", "hostile/nul-and-controls.txt"]);

// Skips only on a clone without the shared corpus next to it (../shared/corpus): the corpus is
// not part of this repository, and its texts must not be copied into it.
describe.skipIf(!fs.existsSync(corpusDir))("the shared corpus through the API", () => {
  const files = ["", "formats", "hostile"].flatMap((dir) =>
    fs
      .readdirSync(path.join(corpusDir, dir), { withFileTypes: true })
      .filter((e) => e.isFile() && e.name !== "README.md")
      .map((e) => path.posix.join(dir, e.name)),
  );

  it("finds the files the README describes", () => {
    expect(files.length).toBeGreaterThanOrEqual(20);
    for (const name of [...REFUSED, ...EITHER]) expect(files).toContain(name);
  });

  it.each(files)("%s", async (relative) => {
    const { upload, read, original, documentCount } = await setup();
    const bytes = new Uint8Array(fs.readFileSync(path.join(corpusDir, relative)));
    const name = path.basename(relative);
    const before = await documentCount();
    const started = Date.now();
    const res = await upload({ bytes, name });
    expect(res.status, res.text.slice(0, 500)).toBeLessThan(500);
    if (res.status >= 400) assertErrorBody(res.status, res.text, res.body);
    const refused = res.status !== 201;
    if (REFUSED.has(relative)) expect(refused, `${relative} should be refused: ${res.text.slice(0, 300)}`).toBe(true);
    else if (!EITHER.has(relative)) expect(refused, `${relative} should be imported: ${res.text.slice(0, 300)}`).toBe(false);

    if (refused) {
      expect([413, 415, 422]).toContain(res.status);
      expect(res.body.error.message).toContain(`“${name}”`);
      if (relative === "hostile/invalid-utf8.txt") expect(res.body.error.message).toMatch(/offset \d+/);
      if (relative === "hostile/zip-bomb.docx") expect(Date.now() - started).toBeLessThan(10_000);
      expect(await documentCount()).toBe(before);
      return;
    }
    const doc = created(res);
    const full = (await read(doc.id, "?segments=1")).body;
    const chars = Array.from(full.text as string);
    expect(chars.length).toBe(doc.length);
    expect(full.text).not.toMatch(/[\r\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(full.text).toBe((full.text as string).normalize("NFC"));
    for (const s of full.segments as { start: number; end: number }[]) {
      expect(s.start).toBeGreaterThanOrEqual(0);
      expect(s.end).toBeLessThanOrEqual(chars.length);
    }
    if (relative === "hostile/invalid-utf8.txt") expect(doc.report.replacementCharacters).toBeGreaterThan(0);
    if (relative === "hostile/nul-and-controls.txt") expect(Object.keys(doc.report.removedControls as object).length).toBeGreaterThan(0);
    if (relative === "hostile/windows-1252.txt") expect(full.text).toContain("café naïve résumé");
    if (relative === "hostile/script-injection.html") expect(full.text).toContain('&lt;script&gt;'.replace(/&lt;/g, "<").replace(/&gt;/g, ">"));
    if (relative === "hostile/utf16-bom.txt") expect(full.text).toMatch(/^Pressure from the U\.S\. Congress — UTF-16/);
    if (relative.endsWith(".html")) {
      // Scripts, handlers and tags are gone; markup written as text (&lt;script&gt;) stays text.
      expect(full.text).not.toMatch(/document\.cookie|onerror|<img|<iframe|<svg|<style/i);
      expect((await original(doc.id)).headers.get("content-type")).toBe("application/octet-stream");
    }
  });
});
