import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useDatabaseHandleForProcess, type DatabaseHandle } from "@/db/client";
import { createAttributeDefinition, getAttributeDefinitions, setAttributeValues } from "@/db/queries/attributes";
import { createCode, getCodesByProjectId } from "@/db/queries/codes";
import { createCoding, getCodings } from "@/db/queries/codings";
import { addMember } from "@/db/queries/members";
import { getMemosByProjectId, upsertMemo } from "@/db/queries/memos";
import { getProjectsByUserId } from "@/db/queries/projects";
import { assignImportedCoder, getImportedCoders } from "@/db/queries/imported-coders";
import { documents, users, type User } from "@/db/schema";
import { memoDocFromText } from "@/lib/memos/doc";
import { importDocument } from "@/lib/server/documents";
import { GET as exportRoute } from "@/app/api/v1/projects/[projectId]/export/route";
import { POST as importRoute } from "@/app/api/v1/projects/import/route";
import { call, tokenFor } from "../helpers/api";
import { createTestDatabase } from "../helpers/db";
import { makeProject, makeUser } from "../helpers/factories";

/**
 * REFI-QDA end to end against a real database: export a project as .qdpx (project.qde valid
 * against the schema), import it as a new project, export that again — the same documents,
 * codes and codings (offsets and quotes identical), coders kept apart, memos and attributes
 * carried; CRLF sources mapped onto the canonical text; a hostile archive creates nothing.
 */
let handle: DatabaseHandle & { label: string };
const db = () => handle.db;
let owner: User, ana: User, ben: User;
let token: string;
let projectId: string;
const XSD = path.resolve(process.cwd(), "../shared/refi-qda/Project-mrt2019.xsd");
const DOCS = [
  "The minister said \"we will ratify\" — 𝒳 with 👨‍👩‍👧 & <flags> 🇨🇭.\n\nقالت الوزارة إن المعاهدة ستوقع",
  "条约已经签署，压力很大。\n\nA closing line about trade, rewards and aid.",
];

beforeAll(async () => {
  handle = await createTestDatabase();
  useDatabaseHandleForProcess(handle);
  [owner, ana, ben] = (await Promise.all(["Refi owner", "Ana Coder", "Ben Coder"].map((n) => makeUser(db(), n)))) as [User, User, User];
  token = await tokenFor(db(), owner.id);
  projectId = (await makeProject(db(), owner.id, "Round trip")).id;
  for (const u of [ana, ben]) await addMember(db(), { projectId, email: u.email!, role: "coder", actorId: owner.id });
  const pressure = (await getCodesByProjectId(db(), { projectId })).find((c) => c.name === "pressure")!;
  await createCode(db(), { projectId, actorId: owner.id, fields: { name: "economic", parentId: pressure.id, color: "#123456", definition: "Money & markets." } });
  await createAttributeDefinition(db(), { projectId, actorId: owner.id, name: "Country", type: "text" });
  const codes = await getCodesByProjectId(db(), { projectId });
  for (const [d, text] of DOCS.entries()) {
    const r = await importDocument(db(), { projectId, actorId: owner.id, source: { kind: "text", text, title: `Doc ${d + 1}` }, duplicates: "import" });
    if (r.skipped) throw new Error("skipped");
    await setAttributeValues(db(), { projectId, actorId: owner.id, values: [{ documentId: r.document.id, attributes: { Country: d === 0 ? "Côte d'Ivoire" : "China" } }] });
    await upsertMemo(db(), { projectId, targetType: "document", targetId: r.document.id, authorId: owner.id, body: memoDocFromText(`About doc ${d + 1} & <its> "sources"`), bodyText: `About doc ${d + 1} & <its> "sources"` });
    const length = [...text].length;
    for (let k = 0; k < 9; k++) {
      const start = (k * 5) % (length - 10);
      await createCoding(db(), { projectId, documentId: r.document.id, codeId: codes[k % codes.length]!.id, coderId: [ana, ben, owner][k % 3]!.id, start, end: Math.min(length, start + 4 + k), layer: k === 4 ? "consensus" : "coder", memo: k === 1 ? "A coding memo, \"quoted\"" : "" });
    }
  }
  await upsertMemo(db(), { projectId, targetType: "code", targetId: pressure.id, authorId: owner.id, body: memoDocFromText("Pressure memo"), bodyText: "Pressure memo" });
}, 60_000);
afterAll(async () => handle?.close());

async function exportQdpx(id: string): Promise<Uint8Array> {
  const res = await exportRoute(new Request(`http://localhost/api/v1/projects/${id}/export?format=qdpx`, { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({ projectId: id }) });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-disposition")).toMatch(/\.qdpx"/);
  return new Uint8Array(await res.arrayBuffer());
}
async function importFile(bytes: Uint8Array, name = "project.qdpx") {
  const form = new FormData();
  form.set("file", new File([bytes as Uint8Array<ArrayBuffer>], name, { type: "application/zip" }));
  return call(importRoute, { method: "POST", path: "/api/v1/projects/import", token, form });
}
/** A project's codings as comparable facts: document title, code path, coder name, layer, offsets, quote, memo. */
async function facts(id: string) {
  const docs = new Map((await db().select().from(documents)).filter((d) => d.projectId === id).map((d) => [d.id, d.title]));
  const codePaths = new Map((await getCodesByProjectId(db(), { projectId: id })).map((c) => [c.id, c.path]));
  const names = new Map((await db().select().from(users)).map((u) => [u.id, u.name]));
  return (await getCodings(db(), { projectId: id }))
    .map((c) => [docs.get(c.documentId), codePaths.get(c.codeId), c.layer === "consensus" ? "(consensus)" : names.get(c.coderId), c.startOffset, c.endOffset, c.quote, c.memo].join(" | "))
    .sort();
}

describe("REFI-QDA export and import", () => {
  // CI always has ../shared; a clone used alone has no schema to validate against.
  it.skipIf(!fs.existsSync(XSD))("exports a .qdpx whose project.qde validates against the schema", async () => {
    const files = unzipSync(await exportQdpx(projectId));
    expect(Object.keys(files).filter((n) => n.startsWith("Sources/"))).toHaveLength(DOCS.length);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "qdpx-"));
    try {
      fs.writeFileSync(path.join(dir, "project.qde"), files["project.qde"]!);
      execFileSync("xmllint", ["--noout", "--schema", XSD, path.join(dir, "project.qde")], { stdio: "pipe" });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const qde = strFromU8(files["project.qde"]!);
    expect(qde).toContain('name="Ana Coder"');
    expect(qde).toContain('name="Consensus layer"');
  });

  it("imports it as a new project and exports the same documents, codes and codings again", async () => {
    const first = await exportQdpx(projectId);
    const res = await importFile(first);
    expect(res.status, res.text).toBe(201);
    expect(res.body.skipped).toEqual([]);
    expect(res.body.imported).toMatchObject({ documents: 2, codes: 4, codings: 18, coders: 3, attributes: 1 });
    const copy = res.body.projectId as string;
    expect((await getProjectsByUserId(db(), { userId: owner.id })).map((p) => p.id)).toContain(copy);
    expect(await facts(copy)).toEqual(await facts(projectId));
    const texts = (id: string) => db().select().from(documents).then((rows) => rows.filter((d) => d.projectId === id).map((d) => d.text).sort());
    expect(await texts(copy)).toEqual(await texts(projectId));
    const codes = (id: string) => getCodesByProjectId(db(), { projectId: id }).then((cs) => cs.map((c) => [c.path, c.color, c.definition, c.include, c.exclude, c.examples].join(" | ")).sort());
    expect(await codes(copy)).toEqual(await codes(projectId));
    expect((await getAttributeDefinitions(db(), { projectId: copy })).map((a) => a.name)).toEqual(["Country"]);
    const memos = (await getMemosByProjectId(db(), { projectId: copy })).map((m) => `${m.targetType}: ${m.bodyText}`).sort();
    expect(memos).toEqual(expect.arrayContaining(["code: Pressure memo", 'document: About doc 1 & <its> "sources"', 'coding: A coding memo, "quoted"']));
    // The imported coders stay apart until the owner hands their codings to the members who made them.
    const imported = await getImportedCoders(db(), { projectId: copy });
    expect(imported.map((c) => c.name).sort()).toEqual(["Ana Coder", "Ben Coder", "Refi owner"]);
    const anaImported = imported.find((c) => c.name === "Ana Coder")!;
    await expect(assignImportedCoder(db(), { projectId: copy, actorId: owner.id, importedId: anaImported.id, memberId: ana.id })).rejects.toThrow(/member of this project/);
    await addMember(db(), { projectId: copy, email: ana.email!, role: "coder", actorId: owner.id });
    expect(await assignImportedCoder(db(), { projectId: copy, actorId: owner.id, importedId: anaImported.id, memberId: ana.id })).toBe(anaImported.codings);
    expect((await getCodings(db(), { projectId: copy })).filter((c) => c.coderId === ana.id)).toHaveLength(anaImported.codings);
    expect((await getImportedCoders(db(), { projectId: copy })).map((c) => c.name)).not.toContain("Ana Coder");
    // Round trip: the copy exports the same selections again.
    const again = await importFile(await exportQdpx(copy));
    expect(await facts(again.body.projectId)).toEqual(await facts(projectId));
  });

  it("maps positions of a CRLF source with a BOM onto the canonical text", async () => {
    const text = "\ufeffFirst line\r\nSecond line, coded\r\nThird";
    const raw = [...text.slice(1)];
    const start = raw.join("").indexOf("coded");
    const qde = `<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" name="From another tool"><Users><User guid="00000000-0000-4000-8000-000000000001" name="Nvivo Person"/></Users><CodeBook><Codes><Code guid="00000000-0000-4000-8000-000000000010" name="Pressure" isCodable="true" color="#f00"/></Codes></CodeBook><Sources><TextSource guid="00000000-0000-4000-8000-000000000020" name="Crlf" plainTextPath="internal://crlf.txt"><PlainTextSelection guid="00000000-0000-4000-8000-000000000030" startPosition="${start}" endPosition="${start + 5}" creatingUser="00000000-0000-4000-8000-000000000001"><Coding guid="00000000-0000-4000-8000-000000000031"><CodeRef targetGUID="00000000-0000-4000-8000-000000000010"/></Coding></PlainTextSelection></TextSource><AudioSource guid="00000000-0000-4000-8000-000000000040" name="Interview"/></Sources></Project>`;
    const res = await importFile(zipSync({ "project.qde": strToU8(qde), "Sources/crlf.txt": strToU8(text) }));
    expect(res.status, res.text).toBe(201);
    expect(res.body.skipped.map((s: { what: string }) => s.what)).toEqual(["the audio “Interview”"]);
    const [coding] = await getCodings(db(), { projectId: res.body.projectId });
    expect(coding!.quote).toBe("coded");
    const codes = await getCodesByProjectId(db(), { projectId: res.body.projectId });
    expect(codes.map((c) => `${c.name} ${c.color}`)).toEqual(["Pressure #ff0000"]);
  });

  it("refuses a hostile or broken archive with a message, and creates no project", async () => {
    const before = (await getProjectsByUserId(db(), { userId: owner.id })).length;
    const bomb = zipSync({ "project.qde": strToU8('<Project xmlns="urn:QDA-XML:project:1.0" name="B"/>'), "Sources/zeros.txt": new Uint8Array(20 * 1024 * 1024) }, { level: 9 });
    const cases: [Uint8Array, RegExp][] = [
      [bomb, /cannot be opened/],
      [strToU8("not an archive at all"), /not well-formed|no <Project>/],
      [zipSync({ "project.qde": strToU8('<?xml version="1.0"?><!DOCTYPE Project [<!ENTITY x SYSTEM "file:///etc/passwd">]><Project name="&x;"/>') }), /DOCTYPE/],
      [zipSync({ "notes.txt": strToU8("hi") }), /no project.qde/],
    ];
    for (const [bytes, message] of cases) {
      const res = await importFile(bytes);
      expect(res.status).toBe(422);
      expect(res.body.error.message).toMatch(message);
    }
    const noFile = await call(importRoute, { method: "POST", path: "/api/v1/projects/import", token, form: new FormData() });
    expect(noFile.status).toBe(400);
    expect((await getProjectsByUserId(db(), { userId: owner.id })).length).toBe(before);
  });
});
