import { XMLParser } from "fast-xml-parser";
import { checkDeclaredSizes, isZip, listZipEntries, readEntry, ZipProblem, type ZipEntry } from "@/lib/ingest/zip";
import type { QdaBinarySource, QdaCode, QdaNote, QdaProject, QdaReadResult, QdaSelection, QdaSkip, QdaTextSource, QdaVariable, QdaVariableType } from "./model";

/**
 * Reads a `.qdpx` (or a bare `project.qde`) made by ATLAS.ti, NVivo, MAXQDA, QualCoder or this
 * tool. Whole-archive problems (not a ZIP, a zip bomb, no project.qde, a DOCTYPE) are refused
 * with a `QdpxRefused`; anything smaller (a missing or unsupported source, a selection out of
 * range, a coding of an unknown code) is skipped and reported, never failing the whole import.
 *
 * Security: entries are read through lib/ingest/zip.ts (sizes and ratios checked before
 * inflating, enforced while inflating); entry names with `..`, absolute paths or backslashes are
 * never followed; any DOCTYPE is refused outright, so no entity — external or a billion laughs —
 * is ever defined, and fast-xml-parser expands only the predefined and numeric ones.
 */
export class QdpxRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "QdpxRefused";
  }
}

const ARRAYS = new Set(["User", "Code", "Variable", "TextSource", "PictureSource", "PDFSource", "AudioSource", "VideoSource", "PlainTextSelection", "Coding", "NoteRef", "Note", "VariableValue", "Case", "SourceRef"]);
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  removeNSPrefix: true,
  processEntities: true,
  htmlEntities: true,
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (name) => ARRAYS.has(name),
});

type X = Record<string, unknown>;
const list = (v: unknown): X[] => (Array.isArray(v) ? (v as X[]) : v && typeof v === "object" ? [v as X] : []);
const attr = (node: X, name: string): string | undefined => (typeof node[`@${name}`] === "string" ? (node[`@${name}`] as string) : undefined);
const text = (v: unknown): string => (typeof v === "string" ? v : v && typeof v === "object" && typeof (v as X)["#text"] === "string" ? ((v as X)["#text"] as string) : "");
const guidOf = (node: X) => (attr(node, "guid") ?? "").replace(/[{}]/g, "").toLowerCase();
const refGuids = (node: X, element = "NoteRef") => list(node[element]).map((r) => (attr(r, "targetGUID") ?? "").replace(/[{}]/g, "").toLowerCase()).filter(Boolean);

/** A safe entry name: relative, forward slashes, no `..`, no drive letter. */
export function isSafeEntryName(name: string): boolean {
  return name.length > 0 && !name.includes("\\") && !name.startsWith("/") && !/^[a-z]:/i.test(name) && !name.split("/").some((part) => part === ".." || part === ".");
}

const MEDIA = [
  ["PictureSource", "picture"],
  ["AudioSource", "audio"],
  ["VideoSource", "video"],
] as const;

export function readQdpx(bytes: Uint8Array): QdaReadResult {
  const skipped: QdaSkip[] = [];
  let xml: string;
  let entries: Map<string, ZipEntry> = new Map();
  if (isZip(bytes)) {
    let all: ZipEntry[];
    try {
      all = listZipEntries(bytes);
      checkDeclaredSizes(all, () => true);
    } catch (error) {
      if (error instanceof ZipProblem) throw new QdpxRefused(`This .qdpx cannot be opened: ${error.message}.`);
      throw error;
    }
    for (const e of all) {
      if (e.name.endsWith("/")) continue;
      if (!isSafeEntryName(e.name)) {
        skipped.push({ what: `archive entry “${e.name}”`, why: "its path leaves the archive (.., an absolute path or a backslash); it was not read" });
        continue;
      }
      entries.set(e.name, e);
    }
    const qde = [...entries.keys()].find((n) => n.toLowerCase() === "project.qde") ?? [...entries.keys()].find((n) => n.toLowerCase().endsWith(".qde") && !n.includes("/"));
    if (!qde) throw new QdpxRefused("This archive has no project.qde: it is not a REFI-QDA project (.qdpx).");
    xml = decode(read(bytes, entries.get(qde)!));
  } else {
    xml = decode(bytes);
    entries = new Map();
  }
  if (/<!DOCTYPE/i.test(xml)) throw new QdpxRefused("project.qde declares a DOCTYPE. REFI-QDA projects have none, and one could define entities that read files or exhaust memory, so it is refused.");
  let doc: X;
  try {
    doc = parser.parse(xml) as X;
  } catch (error) {
    throw new QdpxRefused(`project.qde is not well-formed XML (${error instanceof Error ? error.message.split("\n")[0] : "parse error"}).`);
  }
  const root = doc.Project as X | undefined;
  if (!root || typeof root !== "object") throw new QdpxRefused("project.qde has no <Project> root: it is not a REFI-QDA project.");

  const users = list((root.Users as X | undefined)?.User).map((u) => ({ guid: guidOf(u), name: attr(u, "name") ?? attr(u, "id") ?? "Unnamed user" }));
  const codes = list(((root.CodeBook as X | undefined)?.Codes as X | undefined)?.Code).map(readCode);
  const codeGuids = new Set<string>();
  const collect = (cs: QdaCode[]) => cs.forEach((c) => (codeGuids.add(c.guid), collect(c.children)));
  collect(codes);
  const variables: QdaVariable[] = list((root.Variables as X | undefined)?.Variable).map((v) => ({
    guid: guidOf(v),
    name: attr(v, "name") ?? "Variable",
    type: (["Text", "Boolean", "Integer", "Float", "Date", "DateTime"].includes(attr(v, "typeOfVariable") ?? "") ? attr(v, "typeOfVariable") : "Text") as QdaVariableType,
    description: text(v.Description) || undefined,
  }));
  const notes: QdaNote[] = list((root.Notes as X | undefined)?.Note).map((n) => ({
    guid: guidOf(n),
    name: attr(n, "name") ?? "Note",
    text: text(n.PlainTextContent) || readSourceFile(bytes, entries, attr(n, "plainTextPath"), skipped, `note “${attr(n, "name") ?? ""}”`) || "",
    creatingUser: guidRef(attr(n, "creatingUser")),
    createdAt: attr(n, "creationDateTime"),
  }));

  const sources: QdaTextSource[] = [];
  const binarySources: QdaBinarySource[] = [];
  const sourcesNode = (root.Sources as X | undefined) ?? {};
  const context = { bytes, entries, skipped, codeGuids };
  for (const s of list(sourcesNode.TextSource)) {
    const rich = attr(s, "richTextPath");
    if (s.PlainTextContent === undefined && !attr(s, "plainTextPath") && rich && /\.docx$/i.test(rich)) {
      const file = readInternal(bytes, entries, rich);
      if (file) binarySources.push({ guid: guidOf(s), name: attr(s, "name") ?? file.name, kind: "docx", bytes: file.bytes, fileName: file.name, selections: list(s.PlainTextSelection).length });
      else skipped.push({ what: `source “${attr(s, "name") ?? ""}”`, why: `its file ${rich} is missing from the archive` });
      continue;
    }
    const source = readTextSource(s, context);
    if (source) sources.push(source);
  }
  for (const s of list(sourcesNode.PDFSource)) {
    const name = attr(s, "name") ?? "Untitled PDF";
    const representation = s.Representation as X | undefined;
    // NVivo and ATLAS.ti export a PDF's text as its Representation, with the text selections: take that.
    if (representation && (representation.PlainTextContent !== undefined || attr(representation, "plainTextPath"))) {
      const source = readTextSource(representation, { ...context, guid: guidOf(s), name });
      if (source) {
        sources.push(source);
        if (list(s.PDFSelection).length) skipped.push({ what: `${list(s.PDFSelection).length} area selection(s) in the PDF “${name}”`, why: "PDF area selections (page regions) have no text positions; its text selections were imported" });
        continue;
      }
    }
    const path = attr(s, "path");
    const file = path ? readInternal(bytes, entries, path) : null;
    const selections = list(s.PDFSelection).length;
    if (file) {
      binarySources.push({ guid: guidOf(s), name, kind: "pdf", bytes: file.bytes, fileName: file.name, selections });
      if (selections) skipped.push({ what: `${selections} area selection(s) in the PDF “${name}”`, why: "PDF area selections (page regions) have no text positions here; the PDF's text is imported, uncoded" });
    } else if (representation) {
      skipped.push({ what: `the PDF “${name}”`, why: "its file is not in the archive; its text representation was not imported either" });
    } else {
      skipped.push({ what: `the PDF “${name}”`, why: "its file is not in the archive" });
    }
  }
  for (const [element, kind] of MEDIA) {
    for (const s of list(sourcesNode[element])) skipped.push({ what: `the ${kind} “${attr(s, "name") ?? "untitled"}”`, why: `${kind} sources are not supported (text only, plus PDF and DOCX through the importer)` });
  }

  const project: QdaProject = {
    name: attr(root, "name") ?? "Imported project",
    origin: attr(root, "origin"),
    createdAt: attr(root, "creationDateTime"),
    users,
    codes,
    variables,
    sources,
    notes,
    noteGuids: refGuids(root),
  };
  return { project, binarySources, skipped };
}

/** A text source (or a PDF's text representation): its text, selections and codings, or null when its text cannot be had. */
function readTextSource(s: X, ctx: { bytes: Uint8Array; entries: Map<string, ZipEntry>; skipped: QdaSkip[]; codeGuids: Set<string>; guid?: string; name?: string }): QdaTextSource | null {
  const { bytes, entries, skipped, codeGuids } = ctx;
  const name = ctx.name ?? attr(s, "name") ?? "Untitled source";
  const inline = s.PlainTextContent !== undefined ? text(s.PlainTextContent) : null;
  const body = inline ?? readSourceFile(bytes, entries, attr(s, "plainTextPath"), skipped, `source “${name}”`);
  if (body === null) return null;
  const length = [...(body.startsWith("\ufeff") ? body.slice(1) : body)].length;
  const selections: QdaSelection[] = [];
  for (const sel of list(s.PlainTextSelection)) {
    const start = Number(attr(sel, "startPosition"));
    const end = Number(attr(sel, "endPosition"));
    const label = `a selection in “${name}” (${attr(sel, "startPosition")}–${attr(sel, "endPosition")})`;
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end <= start || end > length) {
      skipped.push({ what: label, why: `its positions are outside the text (${length.toLocaleString("en")} characters) or empty` });
      continue;
    }
    const codings = list(sel.Coding).flatMap((c) => {
      const codeGuid = refGuids(c, "CodeRef")[0] ?? "";
      if (!codeGuids.has(codeGuid)) {
        skipped.push({ what: `a coding of ${label}`, why: "it refers to a code that is not in the codebook" });
        return [];
      }
      return [{ guid: guidOf(c), codeGuid, creatingUser: guidRef(attr(c, "creatingUser")) ?? guidRef(attr(sel, "creatingUser")), createdAt: attr(c, "creationDateTime") ?? attr(sel, "creationDateTime") }];
    });
    selections.push({ guid: guidOf(sel), name: attr(sel, "name"), start, end, creatingUser: guidRef(attr(sel, "creatingUser")), createdAt: attr(sel, "creationDateTime"), codings, noteGuids: refGuids(sel) });
  }
  // Codings on the whole source (no selection) code all of it.
  for (const c of list(s.Coding)) {
    const codeGuid = refGuids(c, "CodeRef")[0] ?? "";
    if (!codeGuids.has(codeGuid)) {
      skipped.push({ what: `a coding of the whole of “${name}”`, why: "it refers to a code that is not in the codebook" });
      continue;
    }
    if (length > 0) selections.push({ guid: guidOf(c), start: 0, end: length, creatingUser: guidRef(attr(c, "creatingUser")), createdAt: attr(c, "creationDateTime"), codings: [{ guid: guidOf(c), codeGuid, creatingUser: guidRef(attr(c, "creatingUser")) }], noteGuids: [] });
  }
  return {
    guid: ctx.guid ?? guidOf(s),
    name,
    text: body,
    creatingUser: guidRef(attr(s, "creatingUser")),
    createdAt: attr(s, "creationDateTime"),
    selections,
    noteGuids: refGuids(s),
    variableValues: variableValues(s),
  };
}

function readCode(node: X): QdaCode {
  const color = attr(node, "color");
  return {
    guid: guidOf(node),
    name: (attr(node, "name") ?? "Unnamed code").trim() || "Unnamed code",
    color: color && /^#([0-9a-f]{6}|[0-9a-f]{3})$/i.test(color) ? color.toLowerCase() : undefined,
    description: text(node.Description) || undefined,
    noteGuids: refGuids(node),
    children: list(node.Code).map(readCode),
  };
}

function variableValues(node: X) {
  return list(node.VariableValue).flatMap((v) => {
    const guid = refGuids(v, "VariableRef")[0];
    const value = ["TextValue", "BooleanValue", "IntegerValue", "FloatValue", "DateValue", "DateTimeValue"].map((k) => (v[k] !== undefined ? text(v[k]) : null)).find((x) => x !== null);
    return guid && value !== undefined && value !== null ? [{ variableGuid: guid, value }] : [];
  });
}

const guidRef = (g: string | undefined) => (g ? g.replace(/[{}]/g, "").toLowerCase() : undefined);

function decode(bytes: Uint8Array): string {
  return new TextDecoder("utf-8", { fatal: false }).decode(bytes);
}

function read(bytes: Uint8Array, entry: ZipEntry): Uint8Array {
  try {
    return readEntry(bytes, entry);
  } catch (error) {
    if (error instanceof ZipProblem) throw new QdpxRefused(`This .qdpx cannot be opened: ${error.message}.`);
    throw error;
  }
}

/** `internal://name` → `Sources/name` in the archive (tools differ in case and folder). */
function readInternal(bytes: Uint8Array, entries: Map<string, ZipEntry>, path: string): { name: string; bytes: Uint8Array } | null {
  const m = /^internal:\/\/(.+)$/i.exec(path);
  if (!m) return null;
  const name = m[1]!;
  if (!isSafeEntryName(name)) return null;
  const entry = entries.get(`Sources/${name}`) ?? [...entries.values()].find((e) => e.name.toLowerCase() === `sources/${name.toLowerCase()}`);
  return entry ? { name, bytes: read(bytes, entry) } : null;
}

function readSourceFile(bytes: Uint8Array, entries: Map<string, ZipEntry>, path: string | undefined, skipped: QdaSkip[], what: string): string | null {
  if (!path) {
    skipped.push({ what, why: "it has neither text nor a plainTextPath" });
    return null;
  }
  if (!/^internal:\/\//i.test(path)) {
    skipped.push({ what, why: `its text is outside the archive (${path.split(":")[0]}://): export the project with its sources embedded` });
    return null;
  }
  const file = readInternal(bytes, entries, path);
  if (!file) {
    skipped.push({ what, why: `its text file ${path} is missing from the archive` });
    return null;
  }
  return decode(file.bytes);
}

/** A REFI-QDA codebook file (`.qdc`: <CodeBook><Codes>…) as codes; refuses a DOCTYPE like a project. */
export function readCodebookXml(bytes: Uint8Array): QdaCode[] {
  const xml = decode(bytes);
  if (/<!DOCTYPE/i.test(xml)) throw new QdpxRefused("The codebook declares a DOCTYPE, which REFI-QDA files never do; it is refused.");
  let doc: X;
  try {
    doc = parser.parse(xml) as X;
  } catch (error) {
    throw new QdpxRefused(`The codebook is not well-formed XML (${error instanceof Error ? error.message.split("\n")[0] : "parse error"}).`);
  }
  const book = (doc.CodeBook as X | undefined) ?? ((doc.Project as X | undefined)?.CodeBook as X | undefined);
  if (!book) throw new QdpxRefused("This file has no <CodeBook>: it is not a REFI-QDA codebook (.qdc).");
  return list((book.Codes as X | undefined)?.Code).map(readCode);
}
