import "server-only";
import type { Database } from "@/db/client";
import { createAttributeDefinition, setAttributeValues } from "@/db/queries/attributes";
import { createCode } from "@/db/queries/codes";
import { insertImportedCodings, type ImportedCoding } from "@/db/queries/codings";
import { upsertMemo } from "@/db/queries/memos";
import { createProject } from "@/db/queries/projects";
import { createExternalUser } from "@/db/queries/users";
import type { AttributeType, User } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { memoDocFromText } from "@/lib/memos/doc";
import { walkCodes, type QdaSkip, type QdaVariableType } from "@/lib/refi/model";
import { canonicalPositions } from "@/lib/refi/positions";
import { QdpxRefused, readQdpx } from "@/lib/refi/read";
import { importDocument } from "./documents";
import { faultPoint } from "./fault-point";
import { CONSENSUS_USER_NAME } from "./refi-export";

export type QdpxImportReport = {
  projectId: string;
  projectName: string;
  imported: { documents: number; codes: number; codings: number; coders: number; memos: number; attributes: number };
  skipped: QdaSkip[];
};

const ATTRIBUTE_TYPES: Record<QdaVariableType, AttributeType> = { Text: "text", Boolean: "boolean", Integer: "number", Float: "number", Date: "date", DateTime: "text" };
const expandColor = (c: string | undefined) => (c && /^#[0-9a-f]{3}$/i.test(c) ? `#${[...c.slice(1)].map((x) => x + x).join("")}` : c);
/**
 * A REFI-QDA code description back into the codebook's fields: this tool writes the include and
 * exclude rules and the examples as "Include: …" paragraphs after the definition (refi-export.ts);
 * any other tool's description is the definition.
 */
export function descriptionFields(description: string): { definition: string; include: string; exclude: string; examples: string } {
  const fields = { definition: "", include: "", exclude: "", examples: "" };
  const parts = description.split(/\n\n(?=(?:Include|Exclude|Examples): )/);
  fields.definition = parts[0]!.startsWith("Include: ") || parts[0]!.startsWith("Exclude: ") || parts[0]!.startsWith("Examples: ") ? "" : parts.shift()!;
  for (const part of parts) {
    const [label, ...rest] = part.split(": ");
    const key = label === "Include" ? "include" : label === "Exclude" ? "exclude" : "examples";
    fields[key] = rest.join(": ");
  }
  return fields;
}

const messageOf = (error: unknown) => (error instanceof AppError ? error.message : "it could not be stored");

/**
 * A new project from a `.qdpx` (lib/refi/read.ts): the importer becomes its owner; the code
 * tree, the text sources (through the document importer, so they get canonical text and
 * structure like any upload; PDF and DOCX files too), each selection's codings (positions
 * mapped onto the canonical text), notes as memos, variables as attributes. The other tool's
 * users become named coders (external identities: they cannot sign in) so their codings stay
 * apart, layer by layer; a user named "Consensus layer" (this tool's own export) comes back as
 * the consensus layer. All in one transaction: a failure leaves no half project. A part that
 * cannot be taken is skipped and reported, never failing the whole.
 */
export async function importQdpx(db: Database, { user, bytes }: { user: User; bytes: Uint8Array }): Promise<QdpxImportReport> {
  let read: ReturnType<typeof readQdpx>;
  try {
    read = readQdpx(bytes);
  } catch (error) {
    if (error instanceof QdpxRefused) throw new AppError("unprocessable", error.message);
    throw error;
  }
  const { project: qda, binarySources } = read;
  const skipped = [...read.skipped];
  const imported = { documents: 0, codes: 0, codings: 0, coders: 0, memos: 0, attributes: 0 };

  return db.transaction(async (tx) => {
    const project = await createProject(tx, { name: (qda.name.trim() || "Imported project").slice(0, 200), ownerId: user.id, codebook: "empty" });
    const projectId = project.id;
    const noteText = new Map(qda.notes.map((n) => [n.guid, n.text.trim()]));
    const notesText = (guids: readonly string[]) => guids.map((g) => noteText.get(g) ?? "").filter(Boolean).join("\n\n");
    const memo = async (targetType: "project" | "document" | "code", targetId: string, guids: readonly string[]) => {
      const text = notesText(guids);
      if (!text) return;
      await upsertMemo(tx, { projectId, targetType, targetId, authorId: user.id, body: memoDocFromText(text), bodyText: text });
      imported.memos++;
    };

    // Codes, parents before children; a name taken among siblings gets a number.
    const codeIds = new Map<string, string>();
    const ordered: { guid: string; name: string; color?: string; description?: string; noteGuids: string[]; parent: string | null }[] = [];
    walkCodes(qda.codes, (c, parent) => ordered.push({ guid: c.guid, name: c.name, color: c.color, description: c.description, noteGuids: c.noteGuids, parent: parent?.guid ?? null }));
    const taken = new Map<string | null, Set<string>>();
    for (const c of ordered) {
      const parentId = c.parent ? codeIds.get(c.parent) : null;
      if (c.parent && !parentId) {
        skipped.push({ what: `code “${c.name}”`, why: "its parent code could not be imported" });
        continue;
      }
      const siblings = taken.get(parentId ?? null) ?? new Set<string>();
      let name = c.name.slice(0, 200);
      for (let n = 2; siblings.has(name.toLowerCase()); n++) name = `${c.name.slice(0, 190)} (${n})`;
      if (name !== c.name) skipped.push({ what: `the name of code “${c.name}”`, why: `another code under the same parent has it; imported as “${name}”` });
      siblings.add(name.toLowerCase());
      taken.set(parentId ?? null, siblings);
      try {
        const color = expandColor(c.color);
        const code = await createCode(tx, { projectId, actorId: user.id, fields: { name, parentId: parentId ?? null, color: color && /^#[0-9a-f]{6}$/i.test(color) ? color : undefined, ...descriptionFields((c.description ?? "").slice(0, 20_000)) } });
        codeIds.set(c.guid, code.id);
        imported.codes++;
        await memo("code", code.id, c.noteGuids);
      } catch (error) {
        skipped.push({ what: `code “${c.name}”`, why: messageOf(error) });
      }
    }

    // The other tool's users, as coders of their own; the consensus layer comes home.
    const coders = new Map<string, { id: string; layer: "coder" | "consensus" }>();
    const coderFor = async (guid: string | undefined) => {
      if (!guid) return { id: user.id, layer: "coder" as const };
      const known = coders.get(guid);
      if (known) return known;
      const qdaUser = qda.users.find((u) => u.guid === guid);
      const entry =
        qdaUser?.name === CONSENSUS_USER_NAME
          ? { id: user.id, layer: "consensus" as const }
          : { id: (await createExternalUser(tx, { name: qdaUser?.name ?? "Unknown coder" })).id, layer: "coder" as const };
      if (entry.layer === "coder") imported.coders++;
      coders.set(guid, entry);
      return entry;
    };

    // Variables become attributes (names are unique regardless of case).
    const attributeNames = new Map<string, string>();
    for (const v of qda.variables) {
      try {
        const definition = await createAttributeDefinition(tx, { projectId, actorId: user.id, name: v.name.slice(0, 200), type: ATTRIBUTE_TYPES[v.type] });
        attributeNames.set(v.guid, definition.name);
        imported.attributes++;
      } catch (error) {
        skipped.push({ what: `variable “${v.name}”`, why: messageOf(error) });
      }
    }

    for (const source of qda.sources) {
      const positions = canonicalPositions(source.text);
      let documentId: string;
      try {
        const result = await importDocument(tx, { projectId, actorId: user.id, source: { kind: "text", text: source.text, title: source.name.slice(0, 500) || "Untitled" }, duplicates: "import" });
        if (result.skipped) continue;
        documentId = result.document.id;
        imported.documents++;
        if (positions && result.document.length !== [...positions.text].length) throw new AppError("internal", "the imported text differs from the source");
      } catch (error) {
        skipped.push({ what: `source “${source.name}”`, why: messageOf(error) });
        continue;
      }
      await memo("document", documentId, source.noteGuids);
      const values = Object.fromEntries(source.variableValues.flatMap((v) => (attributeNames.has(v.variableGuid) ? [[attributeNames.get(v.variableGuid)!, v.value]] : [])));
      if (Object.keys(values).length) {
        try {
          await setAttributeValues(tx, { projectId, actorId: user.id, values: [{ documentId, attributes: values }] });
        } catch (error) {
          skipped.push({ what: `the variable values of “${source.name}”`, why: messageOf(error) });
        }
      }
      const batch: ImportedCoding[] = [];
      for (const selection of source.selections) {
        const label = `a selection in “${source.name}” (${selection.start}–${selection.end})`;
        const start = positions?.map(selection.start) ?? null;
        const end = positions?.map(selection.end) ?? null;
        if (start === null || end === null || end <= start) {
          skipped.push({ what: label, why: positions ? "it is empty once the text is normalised" : "the source's text could not be normalised position by position" });
          continue;
        }
        const memoText = notesText(selection.noteGuids);
        for (const coding of selection.codings) {
          const codeId = codeIds.get(coding.codeGuid);
          if (!codeId) {
            skipped.push({ what: `a coding of ${label}`, why: "its code was not imported" });
            continue;
          }
          const coder = await coderFor(coding.creatingUser ?? selection.creatingUser);
          batch.push({ codeId, coderId: coder.id, layer: coder.layer, start, end, memo: memoText });
        }
      }
      // One statement per source (quotes cut by PostgreSQL from the stored text).
      const stored = await insertImportedCodings(tx, { projectId, documentId, actorId: user.id, codings: batch });
      imported.codings += stored;
      if (stored < batch.length) skipped.push({ what: `${batch.length - stored} coding(s) in “${source.name}”`, why: "their positions fall outside the imported text" });
    }

    for (const file of binarySources) {
      try {
        const result = await importDocument(tx, { projectId, actorId: user.id, source: { kind: "file", bytes: file.bytes, fileName: file.fileName }, title: file.name, duplicates: "import" });
        if (!result.skipped) imported.documents++;
        if (file.selections) skipped.push({ what: `${file.selections} selection(s) in “${file.name}”`, why: `${file.kind.toUpperCase()} selections have no plain-text positions to map; its text was imported, uncoded` });
      } catch (error) {
        skipped.push({ what: `the ${file.kind.toUpperCase()} “${file.name}”`, why: messageOf(error) });
      }
    }
    await memo("project", projectId, qda.noteGuids);
    // Fault tests: the project, codes, coders, documents and codings are written, not committed.
    await faultPoint("qdpx-import.in-transaction");
    return { projectId, projectName: project.name, imported, skipped };
  });
}
