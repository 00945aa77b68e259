import { saveAgreementReport } from "@/db/queries/agreement-reports";
import { applyAutocode } from "@/db/queries/autocode";
import { createAttributeDefinition } from "@/db/queries/attributes";
import { getCodesByProjectId } from "@/db/queries/codes";
import { createCoding } from "@/db/queries/codings";
import { addMember } from "@/db/queries/members";
import { upsertMemo } from "@/db/queries/memos";
import { saveQuery } from "@/db/queries/saved-queries";
import { suggesterModels, suggestions } from "@/db/schema";
import { memoDocFromText } from "@/lib/memos/doc";
import { runAgreement } from "@/lib/server/agreement";
import { agreementQuerySchema } from "@/lib/validation/agreement";
import { retrievalQuerySchema } from "@/lib/validation/retrieval";
import { importText, makePerson, makeTeamProject, type Fixture } from "./fixture";
import type { ActionCall, RouteCall } from "./recipe";

/**
 * A second project of the same owner, with one of everything. Its ids are what a request to the
 * first project must never reach through (the owner passes every role check in both, so only
 * the queries' project scoping stands between them), and its markers what must never come back.
 */
export type ForeignIds = {
  projectId: string;
  documentId: string;
  codeId: string;
  codingId: string;
  attributeId: string;
  memoId: string;
  batchId: string;
  suggestionId: string;
  queryId: string;
  reportId: string;
  /** A member of the other project only. */
  userId: string;
};
export type ForeignProject = { ids: string[]; byKind: ForeignIds; markers: string[] };

export async function buildForeignProject(fx: Fixture): Promise<ForeignProject> {
  const { db, users } = fx;
  const owner = users.owner.id;
  const project = await makeTeamProject(db, users, { name: "Lighthouse keepers archive" });
  const projectId = project.id;
  const stranger = await makePerson(db, "Lena Lighthouse");
  await addMember(db, { projectId, email: stranger.email!, role: "coder", actorId: owner });
  const text = "The lighthouse keepers struck for a week.\n\nTheir lamps went dark along the northern cape.";
  const document = await importText(db, projectId, owner, text, "Keepers' log", "keepers.txt");
  const codes = await getCodesByProjectId(db, { projectId });
  const coding = await createCoding(db, { projectId, documentId: document.id, codeId: codes[0]!.id, coderId: users.coder.id, start: 4, end: 24, memo: "foreign coding memo" });
  await createCoding(db, { projectId, documentId: document.id, codeId: codes[0]!.id, coderId: users.coder2.id, start: 4, end: 20 });
  const attribute = await createAttributeDefinition(db, { projectId, actorId: owner, name: "Cape", type: "text" });
  const memo = await upsertMemo(db, { projectId, targetType: "document", targetId: document.id, authorId: owner, body: memoDocFromText("foreign memo"), bodyText: "foreign memo" });
  const { batchId } = await applyAutocode(db, { projectId, coderId: owner, codeId: codes[1]!.id, spans: [{ documentId: document.id, start: 43, end: 48 }], summary: { q: "Their", mode: "words", extent: "match" } });
  const [model] = await db.insert(suggesterModels).values({ projectId, version: 1, status: "ready", progress: 1, stage: "done", seed: 1, params: {} }).returning();
  const [suggestion] = await db.insert(suggestions).values({ modelId: model!.id, documentId: document.id, codeId: codes[2]!.id, startOffset: 0, endOffset: 3, confidence: 0.9 }).returning();
  const query = await saveQuery(db, { projectId, actorId: owner, name: "Keepers query", query: retrievalQuerySchema.parse({ a: codes[0]!.id }) });
  const agreementQuery = agreementQuerySchema.parse({ samples: "0" });
  const { report, scope } = await runAgreement(db, { project, role: "owner", query: agreementQuery });
  const saved = await saveAgreementReport(db, { projectId, actorId: owner, name: "Keepers report", scope: { ...scope, query: { samples: "0" } }, report });
  const byKind: ForeignIds = {
    projectId,
    documentId: document.id,
    codeId: codes[0]!.id,
    codingId: coding.id,
    attributeId: attribute.id,
    memoId: memo.id,
    batchId,
    suggestionId: String(suggestion!.id),
    queryId: query.id,
    reportId: saved.id,
    userId: stranger.id,
  };
  const ids = [...Object.values(byKind), ...codes.map((c) => c.id)];
  return { ids, byKind, markers: [project.name, "lighthouse keepers struck", "foreign coding memo", "foreign memo", "Lena Lighthouse", ...ids.filter((id) => id.length > 10)] };
}

/** Which foreign id replaces the value of a field, by the field's name. */
const KIND_OF_KEY: Record<string, keyof ForeignIds> = {
  documentId: "documentId",
  documentIds: "documentId",
  documents: "documentId",
  codeId: "codeId",
  parentId: "codeId",
  sourceCodeId: "codeId",
  targetCodeId: "codeId",
  codes: "codeId",
  codingId: "codingId",
  codingIds: "codingId",
  attributeId: "attributeId",
  memoId: "memoId",
  batchId: "batchId",
  suggestionId: "suggestionId",
  queryId: "queryId",
  reportId: "reportId",
  userId: "userId",
  userIds: "userId",
  memberId: "userId",
  coderId: "userId",
  coders: "userId",
  actorId: "userId",
  targetId: "projectId",
};
/** Keys that only name ids inside a saved query (`query.a`, `query.b`). */
const QUERY_CODE_KEYS = new Set(["a", "b"]);

/** A copy of `value` with every id-naming field pointing into the other project; the keys replaced. */
export function withForeignIds(value: unknown, ids: ForeignIds, replaced: string[], parentKey = ""): unknown {
  if (Array.isArray(value)) return value.map((v) => withForeignIds(v, ids, replaced, parentKey));
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const kind = KIND_OF_KEY[key] ?? (parentKey === "query" && QUERY_CODE_KEYS.has(key) ? "codeId" : undefined);
    if (kind && key !== "projectId" && (typeof v === "string" || (Array.isArray(v) && v.every((x) => typeof x === "string")))) {
      replaced.push(key);
      out[key] = Array.isArray(v) ? v.map(() => ids[kind]) : ids[kind];
    } else out[key] = withForeignIds(v, ids, replaced, key);
  }
  return out;
}

export function foreignRouteCall(call: RouteCall, ids: ForeignIds, replaced: string[]): RouteCall {
  const { projectId, ...rest } = call.params ?? {};
  const params = { ...(withForeignIds(rest, ids, replaced) as Record<string, string>), ...(projectId ? { projectId } : {}) };
  const search = new URLSearchParams(call.query ?? "");
  for (const [key, v] of [...search]) {
    const kind = KIND_OF_KEY[key];
    if (kind) {
      replaced.push(`?${key}`);
      search.set(key, ids[kind]);
    }
    void v;
  }
  return { ...call, params, query: search.toString(), body: withForeignIds(call.body, ids, replaced) };
}

export function foreignActionCall(call: ActionCall, ids: ForeignIds, replaced: string[]): ActionCall {
  const input = call.input as Record<string, unknown>;
  const replacedInput = withForeignIds({ ...input, projectId: undefined }, ids, replaced) as Record<string, unknown>;
  return { ...call, input: { ...replacedInput, projectId: input.projectId } };
}
