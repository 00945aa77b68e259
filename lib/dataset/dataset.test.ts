import { PassThrough } from "node:stream";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { codebookCsv, codebookMarkdown } from "./codebook";
import { datasetCsv } from "./csv";
import { datasetJson, datasetJsonl } from "./json";
import type { CodingRecord, DatasetCode, DatasetContext } from "./types";
import { XLSX_CELL_LIMIT, writeDatasetXlsx } from "./xlsx";

// A fixture written here: astral characters, a ZWJ family, RTL and CJK text, and passages and
// memos with quotes, commas, CR, LF and a leading "=".
const TEXT = [
  "The minister said, \"we will ratify\" — soon.",
  "Émission 𝒳 with 👨‍👩‍👧 families; flags 🇨🇭.",
  "قالت الوزارة إن المعاهدة ستوقع",
  "条约已经签署，压力很大。",
  "=SUM(A1:A2) was typed\nacross lines", // canonical texts hold \n only (CR is normalised at import)
].join("\n");
const cps = [...TEXT];
const find = (needle: string) => {
  const at = TEXT.indexOf(needle);
  const start = [...TEXT.slice(0, at)].length;
  return { start, end: start + [...needle].length, quote: needle };
};

const codes: DatasetCode[] = [
  { id: "c1", name: "pressure", path: "pressure", parentPath: null, color: "#dc2626", definition: "Outside actors push, \"hard\"." , depth: 0 },
  { id: "c2", name: "economic", path: "pressure / economic", parentPath: "pressure", color: "#ea580c", definition: "", depth: 1 },
  { id: "c3", name: "reward", path: "reward", parentPath: null, color: "#16a34a", definition: "Line one\nline two, with a comma", depth: 0 },
];
const ctx: DatasetContext = {
  project: { id: "p1", name: "Ratification, \"2026\"" },
  attributeNames: ["Country", "Year"],
  documents: new Map([
    ["d1", { id: "d1", title: "Minister's speech, day 1", sourceType: "news", publishedOn: "2021-03-04", author: "Ana", url: "https://example.org/a?b=1,2", length: cps.length, wordCount: 40, attributes: { Country: "Côte d'Ivoire", Year: "2021" } }],
  ]),
  documentOrder: ["d1"],
  codes: new Map(codes.map((c) => [c.id, c])),
  users: new Map([
    ["u1", "Ana Coder"],
    ["u2", "بن"],
  ]),
};
const at = new Date("2026-01-02T03:04:05.000Z");
const records: CodingRecord[] = [
  { ...find("\"we will ratify\""), id: "k1", documentId: "d1", codeId: "c1", coderId: "u1", layer: "coder", memo: "says \"soon\", twice\r\nreally", pageFirst: null, pageLast: null, createdAt: at, updatedAt: at },
  { ...find("𝒳 with 👨‍👩‍👧 families; flags 🇨🇭"), id: "k2", documentId: "d1", codeId: "c2", coderId: "u2", layer: "coder", memo: "", pageFirst: 2, pageLast: 3, createdAt: at, updatedAt: at },
  { ...find("المعاهدة ستوقع"), id: "k3", documentId: "d1", codeId: "c3", coderId: "u1", layer: "consensus", memo: "RTL", pageFirst: null, pageLast: null, createdAt: at, updatedAt: at },
  { ...find("条约已经签署"), id: "k4", documentId: "d1", codeId: "c1", coderId: "u2", layer: "coder", memo: "", pageFirst: null, pageLast: null, createdAt: at, updatedAt: at },
  { ...find("=SUM(A1:A2) was typed\nacross"), id: "k5", documentId: "d1", codeId: "c3", coderId: "u2", layer: "coder", memo: "@mention +1 -2", pageFirst: null, pageLast: null, createdAt: at, updatedAt: at },
];

async function* batches(rows: readonly CodingRecord[], size = 2) {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}
const collect = async (chunks: AsyncIterable<string>) => {
  const out: string[] = [];
  for await (const c of chunks) out.push(c);
  return out;
};

describe("the evidence dataset", () => {
  it("fixture quotes are the text at their code-point offsets", () => {
    for (const r of records) expect(cps.slice(r.start, r.end).join("")).toBe(r.quote);
  });

  it("CSV (plain) parses back to the same rows, quotes byte-exact, with every column", async () => {
    const chunks = await collect(datasetCsv(batches(records), ctx, "plain"));
    expect(chunks.length).toBeGreaterThan(2); // header, then a chunk per batch
    const csv = chunks.join("");
    expect(csv.charCodeAt(0)).not.toBe(0xfeff);
    const rows = parse(csv, { columns: true, relax_column_count: false }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([
      "coding_id", "project_id", "project_name", "document_id", "document_title", "source_type", "published_on", "author", "url", "page_first", "page_last",
      "attr:Country", "attr:Year", "code_id", "code_name", "code_path", "coder_id", "coder_name", "layer", "start", "end", "quote", "memo", "created_at", "updated_at",
    ]);
    expect(rows).toHaveLength(records.length);
    rows.forEach((row, i) => {
      const r = records[i]!;
      expect(row.quote).toBe(r.quote);
      expect(row.memo).toBe(r.memo);
      expect(cps.slice(Number(row.start), Number(row.end)).join("")).toBe(row.quote);
      expect(row.code_path).toBe(ctx.codes.get(r.codeId)!.path);
      expect(row.coder_name).toBe(ctx.users.get(r.coderId));
      expect(row.layer).toBe(r.layer);
      expect(row["attr:Country"]).toBe("Côte d'Ivoire");
      expect(row.project_name).toBe("Ratification, \"2026\"");
      expect(row.created_at).toBe("2026-01-02T03:04:05.000Z");
    });
    expect(rows[1]!.page_first).toBe("2");
    expect(rows[4]!.quote!.startsWith("=SUM")).toBe(true); // plain: untouched
  });

  it("CSV for Excel starts with a BOM and neutralises formula-like cells, and only those", async () => {
    const csv = (await collect(datasetCsv(batches(records), ctx, "excel"))).join("");
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const rows = parse(csv.slice(1), { columns: true }) as Record<string, string>[];
    expect(rows[4]!.quote).toBe(`'${records[4]!.quote}`);
    expect(rows[4]!.memo).toBe("'@mention +1 -2");
    expect(rows[0]!.quote).toBe(records[0]!.quote);
    expect(rows[2]!.quote).toBe(records[2]!.quote);
  });

  it("JSON and JSONL parse back to the same rows, attributes nested", async () => {
    const jsonl = (await collect(datasetJsonl(batches(records), ctx))).join("");
    const lines = jsonl.trimEnd().split("\n").map((l) => JSON.parse(l));
    const json = JSON.parse((await collect(datasetJson(batches(records), ctx))).join(""));
    expect(json).toEqual(lines);
    expect(lines).toHaveLength(records.length);
    lines.forEach((row, i) => {
      expect(row.quote).toBe(records[i]!.quote);
      expect(row.start).toBe(records[i]!.start);
      expect(row.attributes).toEqual({ Country: "Côte d'Ivoire", Year: "2021" });
    });
    expect(JSON.parse((await collect(datasetJson(batches([]), ctx))).join(""))).toEqual([]);
  });

  it("streams a large dataset a batch at a time, never as one string", async () => {
    const many = Array.from({ length: 10_000 }, (_, i) => ({ ...records[i % records.length]!, id: `r${i}` }));
    let chunks = 0;
    let biggest = 0;
    let lines = 0;
    for await (const chunk of datasetCsv(batches(many, 1000), ctx)) {
      chunks++;
      biggest = Math.max(biggest, chunk.length);
      lines += chunk.length;
    }
    expect(chunks).toBe(11);
    expect(biggest).toBeLessThan(lines / 5);
  });

  it("XLSX reads back with typed columns, four sheets, bold frozen headers, and flags cut quotes", async () => {
    const long = { ...records[0]!, id: "long", quote: "x".repeat(XLSX_CELL_LIMIT + 10) };
    const out = new PassThrough();
    const parts: Buffer[] = [];
    out.on("data", (b: Buffer) => parts.push(b));
    await writeDatasetXlsx(out, batches([...records, long]), ctx);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.concat(parts) as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(["codings", "codebook", "documents", "attributes"]);
    const sheet = book.getWorksheet("codings")!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header.at(-1)).toBe("quote_truncated");
    expect(sheet.getRow(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    const col = (name: string) => header.indexOf(name) + 1;
    for (const [i, r] of records.entries()) {
      const row = sheet.getRow(i + 2);
      expect(row.getCell(col("quote")).value).toBe(r.quote);
      expect(row.getCell(col("start")).value).toBe(r.start);
      expect(row.getCell(col("created_at")).value).toEqual(at);
      expect(row.getCell(col("published_on")).value).toEqual(new Date("2021-03-04T00:00:00Z"));
      expect(row.getCell(col("quote")).formula).toBeUndefined();
    }
    const cut = sheet.getRow(records.length + 2);
    expect(String(cut.getCell(col("quote")).value)).toHaveLength(XLSX_CELL_LIMIT);
    expect(cut.getCell(col("quote_truncated")).value).toBe("true");
    expect(book.getWorksheet("codebook")!.rowCount).toBe(codes.length + 1);
    expect(book.getWorksheet("attributes")!.getRow(2).values).toEqual([undefined, "d1", "Minister's speech, day 1", "Country", "Côte d'Ivoire"]);
  });

  it("codebook as CSV parses back; as Markdown nests headings and escapes markup", () => {
    const rows = parse(codebookCsv(codes), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.path)).toEqual(["pressure", "pressure / economic", "reward"]);
    expect(rows[2]!.description).toBe("Line one\nline two, with a comma");
    const md = codebookMarkdown("Study <one>", codes);
    expect(md).toContain("# Codebook: Study \\<one\\>");
    expect(md).toContain("### economic");
    expect(md).toContain("## reward");
  });

  it("codebook as CSV neutralises formula-like names, paths and descriptions for spreadsheets", () => {
    const hostile: DatasetCode[] = [
      { id: "h1", name: "=HYPERLINK(\"http://evil.example\")", path: "=HYPERLINK(\"http://evil.example\")", parentPath: null, color: "#dc2626", definition: "+1 then -1", depth: 0 },
      { id: "h2", name: "@child", path: "=HYPERLINK(\"http://evil.example\")/@child", parentPath: "=HYPERLINK(\"http://evil.example\")", color: "#dc2626", definition: "-", depth: 1 },
    ];
    const rows = parse(codebookCsv(hostile), { columns: true }) as Record<string, string>[];
    expect(rows[0]).toMatchObject({ name: "'=HYPERLINK(\"http://evil.example\")", path: "'=HYPERLINK(\"http://evil.example\")", parent_path: "", description: "'+1 then -1" });
    expect(rows[1]).toMatchObject({ name: "'@child", path: "'=HYPERLINK(\"http://evil.example\")/@child", parent_path: "'=HYPERLINK(\"http://evil.example\")", description: "'-" });
    for (const row of rows) for (const cell of Object.values(row)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });
});
