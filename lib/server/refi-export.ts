import "server-only";
import { createHash } from "node:crypto";
import type { Database } from "@/db/client";
import { getAttributeDefinitions } from "@/db/queries/attributes";
import { getCodesByProjectId } from "@/db/queries/codes";
import { loadExportContext, streamDocumentTexts, streamExportCodings, type ExportFilter } from "@/db/queries/export";
import { getMemosByProjectId } from "@/db/queries/memos";
import type { AttributeType } from "@/db/schema";
import type { QdaCode, QdaNote, QdaProject, QdaSelection, QdaVariableType } from "@/lib/refi/model";

/** REFI-QDA has no layers: the consensus layer travels as a coder of its own, named so. */
export const CONSENSUS_USER_NAME = "Consensus layer";

/** A stable GUID from a seed (a UUID-shaped SHA-1), so the same project exports the same GUIDs. */
function guidFrom(seed: string): string {
  const h = createHash("sha1").update(seed).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const VARIABLE_TYPES: Record<AttributeType, QdaVariableType> = { text: "Text", choice: "Text", number: "Float", date: "Date", boolean: "Boolean" };

/**
 * The project as a REFI-QDA model: users (members and coders, plus the consensus layer as a user),
 * the code tree with colours and definitions, each document as a text source with one selection
 * per coding (its coder as creating user), memos as notes (on the project, documents, codes and
 * codings), attributes as variables with their values. Ids are kept as GUIDs, so a round trip
 * through another tool can be matched back.
 */
export async function buildQdaProject(db: Database, filter: ExportFilter): Promise<QdaProject> {
  const context = await loadExportContext(db, filter);
  const projectId = filter.projectId;
  const consensusGuid = guidFrom(`consensus:${projectId}`);
  const codeRows = await getCodesByProjectId(db, { projectId });
  const definitions = await getAttributeDefinitions(db, { projectId });
  const memos = await getMemosByProjectId(db, { projectId });
  const notes: QdaNote[] = [];
  const noteFor = (target: string, name: string, text: string, author?: string, at?: Date) => {
    const guid = guidFrom(`note:${target}:${notes.length}`);
    notes.push({ guid, name, text, creatingUser: author, createdAt: at?.toISOString() });
    return guid;
  };
  const notesOf = new Map<string, string[]>();
  const attach = (key: string, guid: string) => notesOf.set(key, [...(notesOf.get(key) ?? []), guid]);
  for (const m of memos) {
    if (m.targetType === "coding") continue; // coding memos travel with their coding below
    attach(`${m.targetType}:${m.targetId}`, noteFor(`${m.targetType}:${m.targetId}`, `Memo on ${m.target.title}`.slice(0, 200), m.bodyText, m.authorId, m.createdAt));
  }

  const selections = new Map<string, QdaSelection[]>();
  let hasConsensus = false;
  for await (const batch of streamExportCodings(db, filter, context)) {
    for (const c of batch) {
      const user = c.layer === "consensus" ? consensusGuid : c.coderId;
      hasConsensus ||= c.layer === "consensus";
      const noteGuids = c.memo.trim() ? [noteFor(`coding:${c.id}`, `Memo on a coding of ${context.codes.get(c.codeId)?.name ?? "a code"}`, c.memo, user, c.updatedAt)] : [];
      const list = selections.get(c.documentId) ?? [];
      list.push({ guid: c.id, start: c.start, end: c.end, creatingUser: user, createdAt: c.createdAt.toISOString(), codings: [{ guid: guidFrom(`coding:${c.id}`), codeGuid: c.codeId, creatingUser: user, createdAt: c.createdAt.toISOString() }], noteGuids });
      selections.set(c.documentId, list);
    }
  }

  const sources: QdaProject["sources"] = [];
  for await (const doc of streamDocumentTexts(db, { projectId, documentIds: context.documentOrder })) {
    const attributes = context.documents.get(doc.id)?.attributes ?? {};
    sources.push({
      guid: doc.id,
      name: doc.title,
      text: doc.text,
      selections: selections.get(doc.id) ?? [],
      noteGuids: notesOf.get(`document:${doc.id}`) ?? [],
      variableValues: definitions.filter((d) => attributes[d.name] !== undefined).map((d) => ({ variableGuid: d.id, value: attributes[d.name]! })),
    });
  }

  return {
    name: context.project.name,
    origin: "Qualcode",
    createdAt: new Date().toISOString(),
    users: [...[...context.users].map(([guid, name]) => ({ guid, name })), ...(hasConsensus ? [{ guid: consensusGuid, name: CONSENSUS_USER_NAME }] : [])],
    codes: qdaCodeTree(codeRows, (id) => notesOf.get(`code:${id}`) ?? []),
    variables: definitions.map((d) => ({ guid: d.id, name: d.name, type: VARIABLE_TYPES[d.type] })),
    sources,
    notes,
    noteGuids: notesOf.get(`project:${projectId}`) ?? [],
  };
}


type CodeRow = Awaited<ReturnType<typeof getCodesByProjectId>>[number];

/** The codebook as REFI-QDA codes: the tree, colours, and definition with include/exclude rules and examples as the description. */
export function qdaCodeTree(codeRows: readonly CodeRow[], notesOf: (codeId: string) => string[] = () => []): QdaCode[] {
  const byParent = new Map<string | null, CodeRow[]>();
  for (const c of codeRows) byParent.set(c.parentId, [...(byParent.get(c.parentId) ?? []), c]);
  const tree = (parent: string | null): QdaCode[] =>
    (byParent.get(parent) ?? []).map((c) => ({
      guid: c.id,
      name: c.name,
      color: c.color,
      description: [c.definition, c.include && `Include: ${c.include}`, c.exclude && `Exclude: ${c.exclude}`, c.examples && `Examples: ${c.examples}`].filter(Boolean).join("\n\n") || undefined,
      noteGuids: notesOf(c.id),
      children: tree(c.id),
    }));
  return tree(null);
}
