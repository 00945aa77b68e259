import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as autocodeRoute from "@/app/api/v1/projects/[projectId]/autocode/route";
import * as undoRoute from "@/app/api/v1/projects/[projectId]/autocode/[batchId]/route";
import * as searchRoute from "@/app/api/v1/projects/[projectId]/search/route";
import { useDatabaseHandleForProcess, type DatabaseHandle } from "@/db/client";
import { createAttributeDefinition, setAttributeValues } from "@/db/queries/attributes";
import { getCodesByProjectId } from "@/db/queries/codes";
import { getCodings } from "@/db/queries/codings";
import { addMember } from "@/db/queries/members";
import { codings, documentSegments, events, searchChunks, type User } from "@/db/schema";
import { TextIndex } from "@/lib/offsets";
import { importDocument } from "@/lib/server/documents";
import { call, tokenFor, type RouteHandler } from "../helpers/api";
import { createTestDatabase } from "../helpers/db";
import { makeProject, makeUser } from "../helpers/factories";
import { insertDocument } from "../helpers/rows";

/**
 * Search (words, phrase, regex) and auto-coding through the API, on documents written here:
 * ranking, phrase and regex semantics checked against what the texts hold (counted apart in
 * the test), offsets in code points over astral text, the preview equal to what is applied,
 * one undo removing the whole run, and bad input refused without a write.
 */
let handle: DatabaseHandle & { label: string };
const db = () => handle.db;
let owner: User, coder: User, viewer: User, stranger: User;
let tokens: Record<"owner" | "coder" | "viewer" | "stranger", string>;
let projectId: string;
let codeId: string;
const docs: { id: string; title: string; text: string }[] = [];

const TEXTS: [string, string][] = [
  [
    "Ministry statement",
    "The ministry rejected outside pressure on the treaty.\n\nSovereignty 😀 cannot be imposed from one country to another. National sovereignty comes first.\n\nRatification followed in 2015.",
  ],
  [
    "News report",
    "Pressure from abroad grew. Pressure, pressure and more pressure came from the legislature.\n\nThe trade deal was a reward for ratifying.",
  ],
  ["Unrelated memo", "Weather notes: rain in the north, sun in the south.\n\nNothing about treaties here."],
];

const search = (query: string, token = tokens.coder) => call(searchRoute.GET as RouteHandler, { path: `/api/v1/projects/${projectId}/search?${query}`, params: { projectId }, token });
const autocode = (body: unknown, token = tokens.coder) => call(autocodeRoute.POST as RouteHandler, { method: "POST", params: { projectId }, token, body });
const undo = (batchId: string, token = tokens.coder) => call(undoRoute.DELETE as RouteHandler, { method: "DELETE", params: { projectId, batchId }, token });

/** Where a needle occurs in a text, case-insensitively, in code points: the oracle for phrase hits. */
function occurrences(text: string, needle: string): { start: number; end: number }[] {
  const lower = text.toLowerCase();
  const index = new TextIndex(text);
  const out: { start: number; end: number }[] = [];
  for (let at = lower.indexOf(needle.toLowerCase()); at >= 0; at = lower.indexOf(needle.toLowerCase(), at + 1)) {
    out.push({ start: index.u16ToCp(at), end: index.u16ToCp(at + needle.length) });
  }
  return out;
}

beforeAll(async () => {
  handle = await createTestDatabase();
  useDatabaseHandleForProcess(handle);
  [owner, coder, viewer, stranger] = (await Promise.all(["Search owner", "Sam Coder", "Vera Viewer", "Stranger"].map((n) => makeUser(db(), n)))) as [User, User, User, User];
  projectId = (await makeProject(db(), owner.id, "Search study")).id;
  await addMember(db(), { projectId, email: coder.email!, role: "coder", actorId: owner.id });
  await addMember(db(), { projectId, email: viewer.email!, role: "viewer", actorId: owner.id });
  tokens = { owner: await tokenFor(db(), owner.id), coder: await tokenFor(db(), coder.id), viewer: await tokenFor(db(), viewer.id), stranger: await tokenFor(db(), stranger.id) };
  codeId = (await getCodesByProjectId(db(), { projectId })).find((c) => c.name === "pressure")!.id;
  for (const [title, text] of TEXTS) {
    const r = await importDocument(db(), { projectId, actorId: owner.id, source: { kind: "text", text, title }, duplicates: "import" });
    if (r.skipped) throw new Error("skipped");
    docs.push({ id: r.document.id, title, text });
  }
  await createAttributeDefinition(db(), { projectId, actorId: owner.id, name: "Source", type: "choice", choices: ["government", "press"] });
  await setAttributeValues(db(), { projectId, actorId: owner.id, values: [{ documentId: docs[0]!.id, attributes: { Source: "government" } }, { documentId: docs[1]!.id, attributes: { Source: "press" } }] });
});
afterAll(async () => handle?.close());

describe("search", () => {
  it("indexes documents at import, in chunks covering their paragraphs", async () => {
    const chunks = await db().select().from(searchChunks).where(eq(searchChunks.documentId, docs[0]!.id));
    const paragraphs = await db().select().from(documentSegments).where(eq(documentSegments.documentId, docs[0]!.id));
    expect(chunks.map((c) => [c.startOffset, c.endOffset]).sort((a, b) => a[0]! - b[0]!)).toEqual(
      paragraphs
        .filter((s) => s.kind === "paragraph")
        .map((s) => [s.startOffset, s.endOffset])
        .sort((a, b) => a[0]! - b[0]!),
    );
  });

  it("finds stemmed words, ranks the document with more of them first, and gives exact offsets", async () => {
    const res = await search("q=pressure");
    expect(res.status).toBe(200);
    // The news report says "pressure" four times in one paragraph, the statement once.
    expect(res.body.documents.map((d: { title: string }) => d.title)).toEqual(["News report", "Ministry statement"]);
    expect(res.body.documents.map((d: { hits: number }) => d.hits)).toEqual([4, 1]);
    for (const hit of res.body.hits) {
      const doc = docs.find((d) => d.id === hit.documentId)!;
      expect(new TextIndex(doc.text).sliceCp(hit.start, hit.end).toLowerCase()).toBe("pressure");
      expect(hit.text.toLowerCase()).toBe("pressure");
      expect(hit.context).toContain(hit.text);
    }
    // Stemming: "ratifying" and "ratification"'s stem differ; "ratify" finds "ratifying".
    const stem = await search("q=ratify");
    expect(stem.body.hits.map((h: { text: string }) => h.text)).toEqual(["ratifying"]);
  });

  it("matches an exact phrase, ignoring case and whitespace, after astral characters (code points)", async () => {
    const res = await search(`q=${encodeURIComponent("national  SOVEREIGNTY")}&mode=phrase`);
    expect(res.status).toBe(200);
    const expected = occurrences(docs[0]!.text, "national sovereignty");
    expect(expected).toHaveLength(1);
    expect(res.body.hits.map((h: { start: number; end: number }) => ({ start: h.start, end: h.end }))).toEqual(expected);
    // A phrase of only common words is not in the index: the texts are read instead.
    const common = await search(`q=${encodeURIComponent("IN THE")}&mode=phrase`);
    expect(common.body.method).toBe("scan");
    const inThe = docs.flatMap((d) => occurrences(d.text, "in the").map((o) => ({ documentId: d.id, ...o })));
    expect(inThe.length).toBeGreaterThan(1);
    expect(common.body.hits.map((h: { documentId: string; start: number; end: number }) => ({ documentId: h.documentId, start: h.start, end: h.end }))).toEqual(inThe);
  });

  it("runs regular expressions (case-insensitive unless asked) over every text", async () => {
    const res = await search(`q=${encodeURIComponent("pressure(,| from)")}&mode=regex`);
    expect(res.status).toBe(200);
    const texts = res.body.hits.map((h: { text: string }) => h.text);
    expect(texts).toEqual(["Pressure from", "Pressure,"]);
    const sensitive = await search(`q=${encodeURIComponent("Pressure")}&mode=regex&case=true`);
    expect(sensitive.body.hits).toHaveLength(2);
  });

  it("narrows to documents and to an attribute value", async () => {
    const only = await search(`q=pressure&documents=${docs[0]!.id}`);
    expect(only.body.documents.map((d: { id: string }) => d.id)).toEqual([docs[0]!.id]);
    const press = await search("q=pressure&attribute=Source&value=press");
    expect(press.body.documents.map((d: { id: string }) => d.id)).toEqual([docs[1]!.id]);
    const none = await search("q=nothing&attribute=Source&value=");
    expect(none.body.documents.map((d: { id: string }) => d.id)).toEqual([docs[2]!.id]);
  });

  it("indexes documents written before search existed on their first search", async () => {
    const old = await insertDocument(db(), projectId, "An old note on pressure.");
    expect(await db().select().from(searchChunks).where(eq(searchChunks.documentId, old.id))).toHaveLength(0);
    const res = await search(`q=pressure&documents=${old.id}`);
    expect(res.body.hits.map((h: { start: number }) => h.start)).toEqual([15]);
    expect(await db().select().from(searchChunks).where(eq(searchChunks.documentId, old.id))).toHaveLength(1);
  });

  it("refuses bad searches with a message, and answers non-members 404", async () => {
    const cases: [string, RegExp][] = [
      ["q=", /Type something/],
      ["q=the%20of", /too common/],
      [`q=${encodeURIComponent("(a")}&mode=regex`, /not a valid regular expression/],
      [`q=${encodeURIComponent("a?")}&mode=regex`, /matches empty text/],
      ["q=x&mode=fuzzy", /mode is one of/],
      ["q=x&documents=nope", /comma-separated list/],
      ["q=x&attribute=Colour&value=red", /no attribute “Colour”/],
    ];
    for (const [query, message] of cases) {
      const res = await search(query);
      expect(res.status, query).toBe(400);
      expect(res.body.error.message, query).toMatch(message);
    }
    expect((await search("q=pressure", tokens.stranger)).status).toBe(404);
    expect((await search("q=pressure", tokens.viewer)).status).toBe(200);
  });

  it("stops a catastrophic regular expression at the time limit with a message", async () => {
    const big = await insertDocument(db(), projectId, `${"a".repeat(40)}!`);
    const started = Date.now();
    const res = await search(`q=${encodeURIComponent("(a+)+$")}&mode=regex&documents=${big.id}`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/took longer than 5 s/);
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 30_000);
});

describe("auto-coding", () => {
  it("previews, then creates exactly the previewed codings at sentence extent, and one undo removes them all", async () => {
    const body = { q: "pressure", mode: "words", codeId, extent: "sentence", documents: [docs[0]!.id, docs[1]!.id] };
    const before = await db().select().from(codings);
    const preview = await autocode({ ...body, preview: true });
    expect(preview.status).toBe(200);
    expect(await db().select().from(codings)).toHaveLength(before.length);
    // Five hits; the news report's three in its second sentence widen to that one sentence.
    expect(preview.body.hits).toBe(5);
    const sentences = (await db().select().from(documentSegments)).filter((s) => s.kind === "sentence");
    for (const c of preview.body.codings) {
      expect(sentences.some((s) => s.documentId === c.documentId && s.startOffset === c.start && s.endOffset === c.end), JSON.stringify(c)).toBe(true);
      expect(c.quote).toBe(new TextIndex(docs.find((d) => d.id === c.documentId)!.text).sliceCp(c.start, c.end));
    }
    expect(preview.body.codings.map((c: { quote: string }) => c.quote).sort()).toEqual(
      ["The ministry rejected outside pressure on the treaty.", "Pressure from abroad grew.", "Pressure, pressure and more pressure came from the legislature."].sort(),
    );

    const applied = await autocode(body);
    expect(applied.status).toBe(200);
    const made = (await getCodings(db(), { projectId, codeId })).filter((c) => c.coderId === coder.id);
    type Span = { documentId: string; start: number };
    const order = (a: Span, b: Span) => a.documentId.localeCompare(b.documentId) || a.start - b.start;
    expect(made.map((c) => ({ documentId: c.documentId, start: c.startOffset, end: c.endOffset, quote: c.quote })).sort(order)).toEqual([...preview.body.codings].sort(order));
    const logged = await db().select().from(events).where(eq(events.type, "autocode.applied"));
    expect(logged).toHaveLength(1);
    expect(logged[0]!.after).toMatchObject({ count: 3, q: "pressure", extent: "sentence", coderId: coder.id });

    // Running it again codes nothing new: every span is coded already.
    const again = await autocode({ ...body, preview: true });
    expect(again.body.codings).toHaveLength(0);
    expect(again.body.alreadyCoded).toBe(3);

    const undone = await undo(applied.body.batchId);
    expect(undone.status).toBe(200);
    expect(undone.body.removed).toBe(3);
    expect((await getCodings(db(), { projectId, codeId })).filter((c) => c.coderId === coder.id)).toHaveLength(0);
    const twice = await undo(applied.body.batchId);
    expect(twice.status).toBe(409);
  });

  it("codes only the chosen hits, at match extent, and refuses hits the search does not have", async () => {
    const hits = (await search("q=pressure&mode=phrase")).body.hits as { documentId: string; start: number; end: number }[];
    const chosen = hits.slice(0, 2).map(({ documentId, start, end }) => ({ documentId, start, end }));
    const applied = await autocode({ q: "pressure", mode: "phrase", codeId, extent: "match", hits: chosen });
    expect(applied.status).toBe(200);
    expect(applied.body.codings.map((c: { start: number; end: number; documentId: string }) => ({ documentId: c.documentId, start: c.start, end: c.end }))).toEqual(chosen);
    const bogus = await autocode({ q: "pressure", mode: "phrase", codeId, extent: "match", hits: [{ documentId: docs[2]!.id, start: 0, end: 3 }], preview: true });
    expect(bogus.status).toBe(400);
    expect(bogus.body.error.message).toMatch(/not hits of this search/);
    expect((await undo(applied.body.batchId)).body.removed).toBe(2);
  });

  it("refuses a viewer, another project's code, and an unknown field, writing nothing", async () => {
    const count = (await db().select().from(codings)).length;
    const body = { q: "pressure", mode: "words", codeId, extent: "match" };
    expect((await autocode(body, tokens.viewer)).status).toBe(403);
    expect((await autocode(body, tokens.stranger)).status).toBe(404);
    const otherProject = await makeProject(db(), owner.id, "Elsewhere");
    const foreign = (await getCodesByProjectId(db(), { projectId: otherProject.id }))[0]!.id;
    const wrongCode = await autocode({ ...body, codeId: foreign });
    expect(wrongCode.status).toBe(400);
    expect(wrongCode.body.error.message).toMatch(/code does not exist in this project/);
    const unknown = await autocode({ ...body, colour: "red" });
    expect(unknown.status).toBe(400);
    expect((await db().select().from(codings)).length).toBe(count);
  });

  it("lets only its coder or an owner undo a run", async () => {
    const applied = await autocode({ q: "reward", mode: "words", codeId, extent: "paragraph" });
    expect(applied.status).toBe(200);
    const other = await makeUser(db(), "Other Coder");
    await addMember(db(), { projectId, email: other.email!, role: "coder", actorId: owner.id });
    expect((await undo(applied.body.batchId, await tokenFor(db(), other.id))).status).toBe(403);
    expect((await undo(applied.body.batchId, tokens.owner)).body.removed).toBe(1);
  });
});
