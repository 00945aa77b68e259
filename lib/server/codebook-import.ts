import "server-only";
import type { Database } from "@/db/client";
import { createCode, getCodesByProjectId, updateCode } from "@/db/queries/codes";
import { CodebookFileError, codesFromCsv, planCodebookMerge, PATH_SEPARATOR, withoutControls, type IncomingCode, type PlannedCode } from "@/lib/codebook/import";
import { AppError } from "@/lib/errors";
import { walkCodes } from "@/lib/refi/model";
import { QdpxRefused, readCodebookXml } from "@/lib/refi/read";

/** Codes from an uploaded codebook: REFI-QDA `.qdc` (XML) or CSV. Problems become a 422 with the reason. */
export function codesFromFile(bytes: Uint8Array, fileName: string): IncomingCode[] {
  const head = new TextDecoder().decode(bytes.subarray(0, 200)).replace(/^\uFEFF/, "").trimStart();
  try {
    if (/\.qdc$/i.test(fileName) || head.startsWith("<")) {
      const out: IncomingCode[] = [];
      const paths = new Map<string, string[]>();
      walkCodes(readCodebookXml(bytes), (code, parent) => {
        const path = [...(parent ? paths.get(parent.guid)! : []), code.name.replaceAll(PATH_SEPARATOR, "-")];
        paths.set(code.guid, path);
        out.push({ path, color: code.color && /^#[0-9a-f]{6}$/i.test(code.color) ? code.color.toLowerCase() : undefined, description: code.description });
      });
      const codes = withoutControls(out);
      if (codes.length === 0) throw new CodebookFileError("The codebook has no codes.");
      return codes;
    }
    const codes = withoutControls(codesFromCsv(new TextDecoder().decode(bytes)));
    if (codes.length === 0) throw new CodebookFileError("The CSV has no codes: it needs a header row and one code per line.");
    return codes;
  } catch (error) {
    if (error instanceof CodebookFileError || error instanceof QdpxRefused) throw new AppError("unprocessable", error.message);
    throw error;
  }
}

export async function planCodebookImport(db: Database, projectId: string, incoming: IncomingCode[]): Promise<PlannedCode[]> {
  const existing = await getCodesByProjectId(db, { projectId });
  return planCodebookMerge(
    existing.map((c) => ({ id: c.id, name: c.name, path: c.path, color: c.color, definition: c.definition })),
    incoming,
  );
}

/** Applies a plan in one transaction: new codes under their (existing or new) parents, changed colours and descriptions. */
export async function applyCodebookImport(db: Database, { projectId, actorId, incoming }: { projectId: string; actorId: string; incoming: IncomingCode[] }) {
  return db.transaction(async (tx) => {
    const plan = await planCodebookImport(tx, projectId, incoming);
    const idOf = new Map<string, string>();
    for (const p of plan) if (p.existingId) idOf.set(p.path.join(PATH_SEPARATOR).toLowerCase(), p.existingId);
    let created = 0;
    let updated = 0;
    for (const p of plan) {
      const key = p.path.join(PATH_SEPARATOR).toLowerCase();
      if (p.action === "create") {
        const parentId = p.path.length > 1 ? idOf.get(p.path.slice(0, -1).join(PATH_SEPARATOR).toLowerCase()) : null;
        const code = await createCode(tx, { projectId, actorId, fields: { name: p.path.at(-1)!.slice(0, 200), parentId: parentId ?? null, color: p.color, definition: p.description ?? "" } });
        idOf.set(key, code.id);
        created++;
      } else if (p.action === "update" && p.existingId) {
        await updateCode(tx, { projectId, actorId, codeId: p.existingId, patch: { ...(p.color ? { color: p.color } : {}), ...(p.description !== undefined ? { definition: p.description } : {}) } });
        updated++;
      }
    }
    return { created, updated, unchanged: plan.filter((p) => p.action === "same").length };
  });
}
