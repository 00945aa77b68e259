/**
 * A REFI-QDA project (QDA-XML 1.0, `Project-mrt2019.xsd`) as plain data: what this tool writes
 * to a `.qdpx` and reads from ATLAS.ti, NVivo, MAXQDA, QualCoder or itself. Positions are code
 * points of the source's plain text. Pure types; the XML lives in write.ts and read.ts.
 */
export type QdaUser = { guid: string; name: string };
export type QdaCode = { guid: string; name: string; color?: string; description?: string; noteGuids: string[]; children: QdaCode[] };
export type QdaVariableType = "Text" | "Boolean" | "Integer" | "Float" | "Date" | "DateTime";
export type QdaVariable = { guid: string; name: string; type: QdaVariableType; description?: string };
export type QdaVariableValue = { variableGuid: string; value: string };
export type QdaCoding = { guid: string; codeGuid: string; creatingUser?: string; createdAt?: string };
export type QdaSelection = {
  guid: string;
  name?: string;
  start: number;
  end: number;
  creatingUser?: string;
  createdAt?: string;
  codings: QdaCoding[];
  noteGuids: string[];
};
export type QdaTextSource = {
  guid: string;
  name: string;
  /** The plain text (code points are the positions). */
  text: string;
  creatingUser?: string;
  createdAt?: string;
  selections: QdaSelection[];
  noteGuids: string[];
  variableValues: QdaVariableValue[];
};
export type QdaNote = { guid: string; name: string; text: string; creatingUser?: string; createdAt?: string };
export type QdaProject = {
  name: string;
  origin?: string;
  createdAt?: string;
  users: QdaUser[];
  codes: QdaCode[];
  variables: QdaVariable[];
  sources: QdaTextSource[];
  notes: QdaNote[];
  /** Notes on the project itself. */
  noteGuids: string[];
};

/** A source this reader could not take as text: a PDF or DOCX to pass to the document importer, or something skipped. */
export type QdaBinarySource = { guid: string; name: string; kind: "pdf" | "docx"; bytes: Uint8Array; fileName: string; selections: number };
export type QdaSkip = { what: string; why: string };
export type QdaReadResult = { project: QdaProject; binarySources: QdaBinarySource[]; skipped: QdaSkip[] };

export function walkCodes(codes: readonly QdaCode[], visit: (code: QdaCode, parent: QdaCode | null, depth: number) => void, parent: QdaCode | null = null, depth = 0): void {
  for (const code of codes) {
    visit(code, parent, depth);
    walkCodes(code.children, visit, code, depth + 1);
  }
}
