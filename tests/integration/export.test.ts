import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { unzipSync, strFromU8 } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useDatabaseHandleForProcess, type DatabaseHandle } from "@/db/client";
import { createAttributeDefinition, getAttributeDefinitions, setAttributeValues } from "@/db/queries/attributes";
import { createCode, getCodesByProjectId } from "@/db/queries/codes";
import { createCoding, getCodings } from "@/db/queries/codings";
import { addMember } from "@/db/queries/members";
import { updateProject } from "@/db/queries/projects";
import type { Coding, User } from "@/db/schema";
import { importDocument } from "@/lib/server/documents";
import { GET as exportRoute } from "@/app/api/v1/projects/[projectId]/export/route";
import { call, tokenFor } from "../helpers/api";
import { createTestDatabase } from "../helpers/db";
import { makeProject, makeUser } from "../helpers/factories";

/**
 * GET /export against a real database: every format holds exactly the codings it should, with
 * quotes that slice the document text at their code-point offsets; filters, layers and blind
 * mode narrow it; bad input is refused with a message.
 */
let handle: DatabaseHandle & { label: string };
const db = () => handle.db;
let owner: User, ana: User, ben: User, outsider: User;
let tokens: Record<"owner" | "ana" | "outsider", string>;
let projectId: string;
let all: Coding[];
const texts = new Map<string, string>();
const docIds: string[] = [];
let economicId: string;

const LONG_ATTRIBUTE = `Region as the "ministry" lists it, ${"x".repeat(100)}`.slice(0, 100);
const DOCS = [
  "The minister said, \"we will ratify\" — soon.\n\nÉmission 𝒳 with 👨‍👩‍👧 families; flags 🇨🇭.\n\n=SUM(A1) was typed here, with a comma.",
  "قالت الوزارة إن المعاهدة ستوقع\n\n条约已经签署，压力很大。\n\nA closing line about trade, \"rewards\" and aid.",
];

beforeAll(async () => {
  handle = await createTestDatabase();
  useDatabaseHandleForProcess(handle);
  [owner, ana, ben, outsider] = (await Promise.all(["Export owner", "Ana Coder", "Ben Coder", "Olga Outsider"].map((n) => makeUser(db(), n)))) as [User, User, User, User];
  tokens = { owner: await tokenFor(db(), owner.id), ana: await tokenFor(db(), ana.id), outsider: await tokenFor(db(), outsider.id) };
  projectId = (await makeProject(db(), owner.id, "Export study, 2026")).id;
  for (const u of [ana, ben]) await addMember(db(), { projectId, email: u.email!, role: "coder", actorId: owner.id });
  const pressure = (await getCodesByProjectId(db(), { projectId })).find((c) => c.name === "pressure")!;
  economicId = (await createCode(db(), { projectId, actorId: owner.id, fields: { name: "economic", parentId: pressure.id } })).id;
  await createAttributeDefinition(db(), { projectId, actorId: owner.id, name: "Country", type: "text" });
  // Longer than PostgreSQL's 63-byte identifiers, with a quote and a comma: a header cell still.
  await createAttributeDefinition(db(), { projectId, actorId: owner.id, name: LONG_ATTRIBUTE, type: "text" });
  const codeIds = (await getCodesByProjectId(db(), { projectId })).map((c) => c.id);
  for (const [d, text] of DOCS.entries()) {
    const r = await importDocument(db(), { projectId, actorId: owner.id, source: { kind: "text", text, title: `Doc ${d + 1}: "quoted", comma` }, duplicates: "import" });
    if (r.skipped) throw new Error("skipped");
    docIds.push(r.document.id);
    texts.set(r.document.id, text);
    if (d === 0) await setAttributeValues(db(), { projectId, actorId: owner.id, values: [{ documentId: r.document.id, attributes: { Country: "Côte d'Ivoire" } }] });
    const length = [...text].length;
    for (let k = 0; k < 12; k++) {
      const start = (k * 7) % (length - 12);
      const end = Math.min(length, start + 3 + ((k * 13) % 30));
      const coder = [ana, ben, owner][k % 3]!;
      await createCoding(db(), { projectId, documentId: r.document.id, codeId: codeIds[k % codeIds.length]!, coderId: coder.id, start, end, layer: k % 4 === 0 ? "consensus" : "coder", memo: k === 1 ? "memo with \"quotes\", commas\nand lines" : "" });
    }
  }
  all = await getCodings(db(), { projectId });
}, 60_000);
afterAll(async () => handle?.close());

const get = (query: string, token = tokens.owner) => call(exportRoute, { path: `/api/v1/projects/${projectId}/export?${query}`, params: { projectId }, token });
const getBytes = async (query: string) => {
  const res = await exportRoute(new Request(`http://localhost/api/v1/projects/${projectId}/export?${query}`, { headers: { authorization: `Bearer ${tokens.owner}` } }), { params: Promise.resolve({ projectId }) });
  expect(res.status).toBe(200);
  return { res, bytes: new Uint8Array(await res.arrayBuffer()) };
};
const csvRows = (text: string) => parse(text.replace(/^\uFEFF/, ""), { columns: true }) as Record<string, string>[];
const sliceCp = (documentId: string, start: number, end: number) => [...texts.get(documentId)!].slice(start, end).join("");

describe("GET /export", () => {
  it("CSV holds every coding of both layers by default, each quote the text at its offsets", async () => {
    const res = await get("format=csv");
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(res.headers.get("content-disposition")).toMatch(/attachment; filename="Export-study-2026-codings\.csv"/);
    expect(Number(res.headers.get("x-export-estimate"))).toBeGreaterThan(0);
    const rows = csvRows(res.text);
    expect(rows.map((r) => r.coding_id).sort()).toEqual(all.map((c) => c.id).sort());
    for (const row of rows) {
      const coding = all.find((c) => c.id === row.coding_id)!;
      expect(row.quote).toBe(coding.quote);
      expect(sliceCp(row.document_id!, Number(row.start), Number(row.end))).toBe(row.quote);
      expect(row.layer).toBe(coding.layer);
      expect(row["attr:Country"]).toBe(row.document_id === docIds[0] ? "Côte d'Ivoire" : "");
    }
    expect(rows.find((r) => r.code_id === economicId)?.code_path ?? "pressure/economic").toBe("pressure/economic");
    // In document order, then by offset.
    const order = rows.map((r) => [docIds.indexOf(r.document_id!), Number(r.start)] as const);
    expect(order).toEqual([...order].sort((a, b) => a[0] - b[0] || a[1] - b[1]));
  });

  it("CSV cell for cell as the JavaScript writer makes it (on PostgreSQL the CSV is COPY's own), plain and for Excel, filtered or not", async () => {
    const { loadExportContext, streamExportCodings } = await import("@/db/queries/export");
    type Filter = Parameters<typeof streamExportCodings>[1];
    const { datasetCsv } = await import("@/lib/dataset/csv");
    for (const [query, filter] of [
      ["format=csv", { projectId, layer: "both" as const }],
      ["format=csv-excel", { projectId, layer: "both" as const }],
      [`format=csv&layer=${ben.id}&codes=${economicId}`, { projectId, layer: { coderId: ben.id }, codeIds: [economicId] }],
      ["format=csv&attribute=Country&value=", { projectId, layer: "both" as const, attribute: { id: (await getAttributeDefinitions(db(), { projectId }))[0]!.id, value: "" } }],
    ] as [string, Filter][]) {
      const served = new TextDecoder("utf-8", { ignoreBOM: true }).decode((await getBytes(query)).bytes);
      const context = await loadExportContext(db(), filter);
      let written = "";
      for await (const chunk of datasetCsv(streamExportCodings(db(), filter, context), context, query.includes("excel") ? "excel" : "plain")) written += chunk;
      expect(csvRows(served), query).toEqual(csvRows(written));
      expect(Object.keys(csvRows(served)[0]!), query).toContain(`attr:${LONG_ATTRIBUTE}`);
      expect(served.startsWith("\uFEFF"), query).toBe(query.includes("excel"));
    }
  });

  it("narrows by layer, coder, code, document and attribute value", async () => {
    const cases: [string, (c: Coding) => boolean][] = [
      ["layer=consensus", (c) => c.layer === "consensus"],
      ["layer=all", (c) => c.layer === "coder"],
      [`layer=${ana.id}`, (c) => c.layer === "coder" && c.coderId === ana.id],
      [`coders=${ben.id},${owner.id}`, (c) => c.coderId === ben.id || c.coderId === owner.id],
      [`codes=${economicId}`, (c) => c.codeId === economicId],
      [`documents=${docIds[1]}`, (c) => c.documentId === docIds[1]],
      ["attribute=Country&value=Côte%20d'Ivoire", (c) => c.documentId === docIds[0]],
      ["attribute=Country&value=", (c) => c.documentId === docIds[1]],
    ];
    for (const [query, keep] of cases) {
      const res = await get(`format=jsonl&${query}`);
      expect(res.status, query).toBe(200);
      const ids = res.text.trim() ? res.text.trim().split("\n").map((l) => JSON.parse(l).coding_id) : [];
      expect(ids.sort(), query).toEqual(all.filter(keep).map((c) => c.id).sort());
    }
  });

  it("JSON, JSONL and CSV for Excel carry the same rows", async () => {
    const json = (await get("format=json")).body as Record<string, unknown>[];
    const jsonl = (await get("format=jsonl")).text.trim().split("\n").map((l) => JSON.parse(l));
    expect(json).toEqual(jsonl);
    const excel = (await getBytes("format=csv-excel")).bytes;
    expect([...excel.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM Excel needs to read UTF-8
    expect(csvRows(new TextDecoder().decode(excel)).map((r) => r.coding_id)).toEqual(json.map((r) => r.coding_id));
    const memo = json.find((r) => typeof r.memo === "string" && (r.memo as string).includes("quotes"));
    expect(memo?.memo).toBe("memo with \"quotes\", commas\nand lines");
  });

  it("XLSX opens with the codings, codebook, documents and attributes sheets", async () => {
    const { res, bytes } = await getBytes("format=xlsx");
    expect(res.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(["codings", "codebook", "documents", "attributes"]);
    const sheet = book.getWorksheet("codings")!;
    expect(sheet.rowCount).toBe(all.length + 1);
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const quoteCol = header.indexOf("quote") + 1;
    const idCol = header.indexOf("coding_id") + 1;
    for (let i = 2; i <= sheet.rowCount; i++) {
      const row = sheet.getRow(i);
      expect(row.getCell(quoteCol).value).toBe(all.find((c) => c.id === row.getCell(idCol).value)!.quote);
    }
    expect(book.getWorksheet("documents")!.rowCount).toBe(docIds.length + 1);
  });

  it("the texts as a ZIP of .txt files, and the codebook as CSV and Markdown", async () => {
    const { bytes } = await getBytes("format=texts");
    const files = unzipSync(bytes);
    const names = Object.keys(files).sort();
    expect(names).toHaveLength(2);
    for (const id of docIds) {
      const name = names.find((n) => n.startsWith(id))!;
      expect(name).toMatch(/^[0-9a-f-]{36} Doc \d_ _quoted_, comma\.txt$/);
      expect(strFromU8(files[name]!)).toBe(texts.get(id));
    }
    const codebook = await get("format=codebook-csv");
    expect(csvRows(codebook.text).map((r) => r.path)).toContain("pressure/economic");
    const md = await get("format=codebook-md");
    expect(md.text).toContain("### economic");
  });

  it("in a blind project a coder exports only their own codings, and may not ask for others'", async () => {
    await updateProject(db(), { projectId, actorId: owner.id, patch: { mode: "blind" } });
    try {
      const mine = await get("format=jsonl", tokens.ana);
      const ids = mine.text.trim().split("\n").map((l) => JSON.parse(l).coding_id);
      expect(ids.sort()).toEqual(all.filter((c) => c.layer === "coder" && c.coderId === ana.id).map((c) => c.id).sort());
      const refused = await get("format=csv&layer=consensus", tokens.ana);
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toMatch(/blind/);
    } finally {
      await updateProject(db(), { projectId, actorId: owner.id, patch: { mode: "open" } });
    }
  });

  it("refuses bad parameters with a message, and non-members with 404", async () => {
    for (const [query, message] of [
      ["format=pdf", /format is one of/],
      ["layer=everyone", /layer is/],
      ["codes=abc", /codes is a comma-separated list of ids/],
      ["attribute=Planet&value=Mars", /no attribute “Planet”/],
    ] as const) {
      const res = await get(query);
      expect(res.status, query).toBe(400);
      expect(res.body.error.message).toMatch(message);
    }
    expect((await get("format=csv", tokens.outsider)).status).toBe(404);
  });
});
