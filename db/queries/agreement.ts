import { and, asc, eq, inArray, isNotNull, or, sql, type SQL } from "drizzle-orm";
import { AppError } from "@/lib/errors";
import type { AgreementCoding, AgreementInput, ReportCoder, UnitKind } from "@/lib/agreement";
import type { Database } from "../client";
import { queryRows } from "../raw";
import { assignments, codes, codings, documents, documentSegments, memberships, suggesterModels, suggestions, users } from "../schema";
import { suggesterLayer } from "./suggester";

/** The consensus layer, as a coder key in agreement reports. */
export const CONSENSUS = "consensus";
/** The suggester's newest version (its proposals), as a coder key: judged with the same statistics as a person. */
export const SUGGESTER = "suggester";

export type AgreementScope = {
  projectId: string;
  /** User ids of coders, and/or "consensus". At least two. */
  coders: readonly string[];
  /** Document ids; "sample" = documents assigned to two or more of the coders; empty/undefined = all. */
  documents?: readonly string[] | "sample";
  codes?: readonly string[];
  unit: UnitKind;
};

/** Coders who can be compared: members with the coder or owner role, and anyone with codings here. */
export async function getAgreementCoders(db: Database, { projectId }: { projectId: string }): Promise<(ReportCoder & { codings: number })[]> {
  const rows = await db
    .select({ key: users.id, name: users.name, codings: sql<number>`count(${codings.id})::int` })
    .from(users)
    .leftJoin(codings, and(eq(codings.coderId, users.id), eq(codings.projectId, projectId), eq(codings.layer, "coder")))
    .leftJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.projectId, projectId)))
    .where(or(and(isNotNull(memberships.userId), sql`${memberships.role} in ('owner', 'coder')`), isNotNull(codings.id)))
    .groupBy(users.id, users.name)
    .orderBy(asc(users.name));
  const [consensus] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(codings)
    .where(and(eq(codings.projectId, projectId), eq(codings.layer, "consensus")));
  const suggester = await suggesterCoder(db, projectId);
  return [
    ...rows.map((r) => ({ ...r, codings: Number(r.codings) })),
    { key: CONSENSUS, name: "Consensus layer", codings: Number(consensus?.n ?? 0) },
    ...(suggester ? [suggester] : []),
  ];
}

/** The suggester as a coder, when a version is ready: named by its version, with its number of proposals. */
async function suggesterCoder(db: Database, projectId: string): Promise<(ReportCoder & { codings: number }) | null> {
  const [row] = await queryRows<{ version: number; n: number }>(
    db,
    sql`select m.version, (select count(*)::int from ${suggestions} s where s.model_id = m.id) as n
        from ${suggesterModels} m where m.project_id = ${projectId}::uuid and m.status = 'ready'
        order by m.version desc limit 1`,
  );
  return row ? { key: SUGGESTER, name: `Suggester (version ${row.version})`, codings: Number(row.n) } : null;
}

/**
 * Everything a report is computed from, in a handful of queries: documents, their units, the
 * chosen coders' codings (consensus layer included when asked) and who coded which document.
 * Unknown coder, document or code ids are refused by name, not ignored.
 */
export async function loadAgreementInput(db: Database, scope: AgreementScope): Promise<AgreementInput> {
  const { projectId } = scope;
  const known = await findCoders(db, projectId, scope.coders);
  const coders = scope.coders.map((key) => {
    const coder = known.find((k) => k.key === key);
    if (!coder) throw new AppError("bad_request", `There is no coder ${key} in this project.`, { field: "coders" });
    return { key: coder.key, name: coder.name };
  });
  if (new Set(coders.map((c) => c.key)).size < 2) throw new AppError("bad_request", "Agreement needs at least two different coders.", { field: "coders" });
  const people = coders.filter((c) => c.key !== CONSENSUS && c.key !== SUGGESTER).map((c) => c.key);
  const withConsensus = coders.some((c) => c.key === CONSENSUS);
  const withSuggester = coders.some((c) => c.key === SUGGESTER);

  const projectCodes = await db.select({ id: codes.id, name: codes.name }).from(codes).where(eq(codes.projectId, projectId)).orderBy(asc(codes.position), asc(codes.name));
  const chosenCodes = scope.codes?.length ? scope.codes.map((id) => projectCodes.find((c) => c.id === id) ?? missing("code", id)) : projectCodes;

  let documentIds: string[] | undefined;
  if (scope.documents === "sample") {
    const rows = await db
      .select({ id: assignments.documentId })
      .from(assignments)
      .where(and(eq(assignments.projectId, projectId), inArray(assignments.userId, people.length ? people : ["00000000-0000-0000-0000-000000000000"])))
      .groupBy(assignments.documentId)
      .having(sql`count(*) >= 2`);
    documentIds = rows.map((r) => r.id);
  } else if (scope.documents?.length) {
    for (const id of scope.documents) if (!UUID.test(id)) missing("document", id);
    documentIds = [...scope.documents];
  }
  const documentRows = await db
    .select({ id: documents.id, title: documents.title, length: documents.length })
    .from(documents)
    .where(and(eq(documents.projectId, projectId), documentIds ? inArray(documents.id, documentIds.length ? documentIds : [NO_ID]) : undefined))
    .orderBy(asc(documents.position), asc(documents.title));
  if (Array.isArray(scope.documents)) for (const id of scope.documents) if (!documentRows.some((d) => d.id === id)) missing("document", id);
  const docIds = documentRows.map((d) => d.id);

  // The remaining reads are independent: on PostgreSQL they run at once (PGlite queues them).
  const layerCondition: SQL[] = [];
  if (people.length) layerCondition.push(and(eq(codings.layer, "coder"), inArray(codings.coderId, people))!);
  if (withConsensus) layerCondition.push(eq(codings.layer, "consensus"));
  const [units, codingGroups, done, proposals] = await Promise.all([
    scope.unit !== "document" && docIds.length ? readUnits(db, docIds, scope.unit) : Promise.resolve(new Map<string, { start: number; end: number }[]>()),
    docIds.length
      ? // Every document of the project: no need to list them (a project may have thousands).
        readCodings(db, and(eq(codings.projectId, projectId), documentIds ? inArray(codings.documentId, docIds) : undefined, or(...layerCondition))!)
      : Promise.resolve([]),
    people.length && docIds.length
      ? db
          .select({ userId: assignments.userId, documentId: assignments.documentId })
          .from(assignments)
          .where(and(eq(assignments.projectId, projectId), inArray(assignments.userId, people), isNotNull(assignments.doneAt)))
      : Promise.resolve([]),
    withSuggester ? suggesterLayer(db, { projectId, documentIds: docIds }) : Promise.resolve(null),
  ]);

  // Who coded which document: any coding in their layer (of any code), or a completed assignment.
  const inScope = new Set(docIds);
  const codedDocuments = new Map<string, Set<string>>(coders.map((c) => [c.key, new Set<string>()]));
  for (const group of codingGroups) codedDocuments.get(group.coder)?.add(group.documentId);
  for (const d of done) if (inScope.has(d.documentId)) codedDocuments.get(d.userId)?.add(d.documentId);
  // The suggester reads every document: where it proposes nothing, it decided nothing applies.
  if (withSuggester) for (const id of docIds) codedDocuments.get(SUGGESTER)?.add(id);

  const codeSet = new Set(chosenCodes.map((c) => c.id));
  const chosen: AgreementCoding[] = [];
  for (const group of codingGroups) if (codeSet.has(group.codeId)) unpackCodings(group, chosen);
  for (const p of proposals?.codings ?? []) if (codeSet.has(p.codeId)) chosen.push({ ...p, coder: SUGGESTER });
  return {
    documents: documentRows.map((d) => ({ ...d, units: units.get(d.id) ?? [] })),
    coders,
    codes: chosenCodes,
    codings: chosen,
    codedDocuments,
  };
}

/**
 * The units of a kind per document, in start order. Like the codings (readCodings), one row per
 * document with its ranges packed as "start end start end …".
 */
async function readUnits(db: Database, docIds: readonly string[], kind: Exclude<UnitKind, "document">): Promise<Map<string, { start: number; end: number }[]>> {
  const rows = await db
    .select({
      documentId: documentSegments.documentId,
      ranges: sql<string>`string_agg(${documentSegments.startOffset} || ' ' || ${documentSegments.endOffset}, ' ' order by ${documentSegments.startOffset}, ${documentSegments.endOffset})`,
    })
    .from(documentSegments)
    .where(and(inArray(documentSegments.documentId, [...docIds]), eq(documentSegments.kind, kind)))
    .groupBy(documentSegments.documentId);
  const out = new Map<string, { start: number; end: number }[]>();
  for (const row of rows) {
    const numbers = row.ranges.split(" ");
    const list: { start: number; end: number }[] = [];
    for (let i = 0; i < numbers.length; i += 2) list.push({ start: Number(numbers[i]), end: Number(numbers[i + 1]) });
    out.set(row.documentId, list);
  }
  return out;
}

type CodingGroup = { documentId: string; codeId: string; coder: string; packed: string };

/**
 * Codings matching `where`, one row per document, code and coder key ("consensus" for that
 * layer), its codings packed as "id start end id start end …" in no particular order (as rows were).
 * The embedded database's driver decodes each field of each row on its own, so 60,000 codings as
 * 60,000 rows of six fields took ~6× as long as the same data in ~450 rows (P4); PostgreSQL sends
 * fewer bytes too. Ids are uuids and offsets integers, so a space never occurs inside a field.
 */
async function readCodings(db: Database, where: SQL): Promise<CodingGroup[]> {
  const rows = await db
    .select({
      documentId: codings.documentId,
      codeId: codings.codeId,
      coderId: codings.coderId,
      layer: codings.layer,
      packed: sql<string>`string_agg(${codings.id}::text || ' ' || ${codings.startOffset} || ' ' || ${codings.endOffset}, ' ')`,
    })
    .from(codings)
    .where(where)
    .groupBy(codings.documentId, codings.codeId, codings.coderId, codings.layer);
  return rows.map((r) => ({ documentId: r.documentId, codeId: r.codeId, coder: r.layer === "consensus" ? CONSENSUS : r.coderId, packed: r.packed }));
}

function unpackCodings(group: CodingGroup, out: AgreementCoding[]): void {
  const fields = group.packed.split(" ");
  for (let i = 0; i < fields.length; i += 3) {
    out.push({ id: fields[i]!, documentId: group.documentId, codeId: group.codeId, coder: group.coder, start: Number(fields[i + 1]), end: Number(fields[i + 2]) });
  }
}

/**
 * The asked-for coders who may be compared (as getAgreementCoders, without counting every coding):
 * members who code or own, and anyone with codings here; "consensus" always.
 */
async function findCoders(db: Database, projectId: string, keys: readonly string[]): Promise<ReportCoder[]> {
  const ids = keys.filter((k) => UUID.test(k));
  const rows = ids.length
    ? await db
        .select({ key: users.id, name: users.name })
        .from(users)
        .where(
          and(
            inArray(users.id, ids),
            or(
              sql`exists (select 1 from ${memberships} where ${memberships.userId} = ${users.id} and ${memberships.projectId} = ${projectId} and ${memberships.role} in ('owner', 'coder'))`,
              sql`exists (select 1 from ${codings} where ${codings.coderId} = ${users.id} and ${codings.projectId} = ${projectId} and ${codings.layer} = 'coder')`,
            ),
          ),
        )
    : [];
  const out: ReportCoder[] = keys.includes(CONSENSUS) ? [...rows, { key: CONSENSUS, name: "Consensus layer" }] : rows;
  if (keys.includes(SUGGESTER)) {
    const suggester = await suggesterCoder(db, projectId);
    if (!suggester) throw new AppError("bad_request", "The suggester has not been trained in this project yet: train it on the Suggester page first.", { field: "coders" });
    out.push({ key: suggester.key, name: suggester.name });
  }
  return out;
}

const NO_ID = "00000000-0000-0000-0000-000000000000";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function missing(what: string, id: string): never {
  throw new AppError("bad_request", `There is no ${what} ${id} in this project.`, { field: `${what}s` });
}

/** The canonical texts of some documents, for showing the passages behind a figure. */
export async function getDocumentTexts(db: Database, { projectId, documentIds }: { projectId: string; documentIds: readonly string[] }): Promise<Map<string, string>> {
  if (documentIds.length === 0) return new Map();
  const rows = await db
    .select({ id: documents.id, text: documents.text })
    .from(documents)
    .where(and(eq(documents.projectId, projectId), inArray(documents.id, [...documentIds])));
  return new Map(rows.map((r) => [r.id, r.text]));
}
