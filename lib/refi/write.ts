import { XMLBuilder } from "fast-xml-parser";
import { strToU8, zipSync } from "fflate";
import type { QdaCode, QdaProject, QdaSelection, QdaTextSource } from "./model";

/**
 * A project as `project.qde` (QDA-XML 1.0) and as a `.qdpx` archive: `project.qde` plus each
 * text source as `Sources/<guid>.txt` (UTF-8), referenced as `internal://<guid>.txt`, the way
 * QualCoder and MAXQDA write them. fast-xml-parser's builder escapes markup characters; what XML
 * 1.0 cannot hold at all (most C0 controls, lone surrogates) is removed before it gets there.
 * Elements follow the schema's sequence order; empty containers are left out (the schema wants
 * at least one child in each).
 */
const NS = "urn:QDA-XML:project:1.0";
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const clean = (s: string) => s.replace(NOT_XML, "");

type Node = Record<string, unknown>;
const attrs = (a: Record<string, string | number | boolean | undefined>): Node => {
  const out: Node = {};
  for (const [k, v] of Object.entries(a)) if (v !== undefined && v !== "") out[`@${k}`] = typeof v === "string" ? clean(v) : String(v);
  return out;
};
const refs = (guids: readonly string[]) => (guids.length ? { NoteRef: guids.map((g) => attrs({ targetGUID: g })) } : {});

function code(c: QdaCode): Node {
  return {
    ...attrs({ guid: c.guid, name: c.name, isCodable: true, color: c.color }),
    ...(c.description ? { Description: clean(c.description) } : {}),
    ...refs(c.noteGuids),
    ...(c.children.length ? { Code: c.children.map(code) } : {}),
  };
}

function selection(s: QdaSelection): Node {
  return {
    ...attrs({ guid: s.guid, name: s.name, startPosition: s.start, endPosition: s.end, creatingUser: s.creatingUser, creationDateTime: s.createdAt }),
    ...(s.codings.length ? { Coding: s.codings.map((c) => ({ ...attrs({ guid: c.guid, creatingUser: c.creatingUser, creationDateTime: c.createdAt }), CodeRef: attrs({ targetGUID: c.codeGuid }) })) } : {}),
    ...refs(s.noteGuids),
  };
}

function source(s: QdaTextSource): Node {
  return {
    ...attrs({ guid: s.guid, name: s.name, plainTextPath: `internal://${s.guid}.txt`, creatingUser: s.creatingUser, creationDateTime: s.createdAt }),
    ...(s.selections.length ? { PlainTextSelection: s.selections.map(selection) } : {}),
    ...refs(s.noteGuids),
  };
}

/** Variable values, last in a source (the schema's order), as the variable's type asks (TextValue, BooleanValue, …). */
function typedValues(project: QdaProject, node: Node, s: QdaTextSource): Node {
  if (!s.variableValues.length) return node;
  const typeOf = new Map(project.variables.map((v) => [v.guid, v.type]));
  const element: Record<string, string> = { Text: "TextValue", Boolean: "BooleanValue", Integer: "IntegerValue", Float: "FloatValue", Date: "DateValue", DateTime: "DateTimeValue" };
  node.VariableValue = s.variableValues.map((v) => ({ VariableRef: attrs({ targetGUID: v.variableGuid }), [element[typeOf.get(v.variableGuid) ?? "Text"]!]: clean(v.value) }));
  return node;
}

export function writeProjectXml(project: QdaProject): string {
  const root: Node = {
    "@xmlns": NS,
    ...attrs({ name: project.name, origin: project.origin ?? "Qualcode", creationDateTime: project.createdAt }),
  };
  if (project.users.length) root.Users = { User: project.users.map((u) => attrs({ guid: u.guid, name: u.name })) };
  if (project.codes.length) root.CodeBook = { Codes: { Code: project.codes.map(code) } };
  if (project.variables.length) {
    root.Variables = { Variable: project.variables.map((v) => ({ ...attrs({ guid: v.guid, name: v.name, typeOfVariable: v.type }), ...(v.description ? { Description: clean(v.description) } : {}) })) };
  }
  if (project.sources.length) root.Sources = { TextSource: project.sources.map((s) => typedValues(project, source(s), s)) };
  if (project.notes.length) {
    root.Notes = { Note: project.notes.map((n) => ({ ...attrs({ guid: n.guid, name: n.name, creatingUser: n.creatingUser, creationDateTime: n.createdAt }), PlainTextContent: clean(n.text) })) };
  }
  Object.assign(root, refs(project.noteGuids));
  const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: "@", format: true, indentBy: "  ", suppressEmptyNode: true, suppressBooleanAttributes: false, processEntities: true });
  return `<?xml version="1.0" encoding="utf-8"?>\n${builder.build({ Project: root })}`;
}

/** The `.qdpx`: a ZIP of `project.qde` and `Sources/<guid>.txt` for each text source. */
export function writeQdpx(project: QdaProject): Uint8Array {
  const files: Record<string, Uint8Array> = { "project.qde": strToU8(writeProjectXml(project)) };
  for (const s of project.sources) files[`Sources/${s.guid}.txt`] = strToU8(s.text);
  return zipSync(files, { level: 6 });
}

/** A codebook alone as REFI-QDA `.qdc` (QDA-XML's codebook exchange file). */
export function writeCodebookXml(codes: readonly QdaCode[]): string {
  const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: "@", format: true, indentBy: "  ", suppressEmptyNode: true, suppressBooleanAttributes: false, processEntities: true });
  return `<?xml version="1.0" encoding="utf-8"?>\n${builder.build({ CodeBook: { "@xmlns": "urn:QDA-XML:codebook:1.0", Codes: { Code: codes.map(code) } } })}`;
}
