import { and, desc, eq } from "drizzle-orm";
import { AppError } from "@/lib/errors";
import type { AgreementReport } from "@/lib/agreement";
import type { Database } from "../client";
import { agreementReports, users } from "../schema";
import { recordEvent } from "./events";

/** Saved agreement reports: a named snapshot of a report and the scope it was computed on. */

export type SavedReportSummary = { id: string; name: string; dataHash: string; createdAt: Date; createdBy: string | null; coders: number; documents: number };

export async function saveAgreementReport(
  db: Database,
  input: { projectId: string; actorId: string; name: string; scope: Record<string, unknown>; report: AgreementReport },
): Promise<{ id: string }> {
  const name = input.name.trim();
  if (!name) throw new AppError("bad_request", "Give the report a name.", { field: "name" });
  if (name.length > 200) throw new AppError("bad_request", "Report names are at most 200 characters.", { field: "name" });
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(agreementReports)
      .values({ projectId: input.projectId, name, params: input.scope, report: input.report as unknown as Record<string, unknown>, dataHash: input.report.dataHash, createdBy: input.actorId })
      .returning({ id: agreementReports.id });
    await recordEvent(tx, { projectId: input.projectId, actorId: input.actorId, type: "agreement.saved", entityId: row!.id, after: { name, dataHash: input.report.dataHash } });
    return row!;
  });
}

export async function listAgreementReports(db: Database, { projectId }: { projectId: string }): Promise<SavedReportSummary[]> {
  const rows = await db
    .select({ id: agreementReports.id, name: agreementReports.name, dataHash: agreementReports.dataHash, createdAt: agreementReports.createdAt, createdBy: users.name, report: agreementReports.report })
    .from(agreementReports)
    .leftJoin(users, eq(users.id, agreementReports.createdBy))
    .where(eq(agreementReports.projectId, projectId))
    .orderBy(desc(agreementReports.createdAt));
  return rows.map(({ report, ...r }) => {
    const saved = report as unknown as Partial<AgreementReport>;
    return { ...r, coders: saved.coders?.length ?? 0, documents: saved.documents?.length ?? 0 };
  });
}

export async function getAgreementReport(db: Database, { projectId, reportId }: { projectId: string; reportId: string }) {
  const [row] = await db
    .select()
    .from(agreementReports)
    .where(and(eq(agreementReports.projectId, projectId), eq(agreementReports.id, reportId)));
  if (!row) throw new AppError("not_found", "That saved report does not exist (it may have been deleted).");
  return { ...row, report: row.report as unknown as AgreementReport };
}

export async function deleteAgreementReport(db: Database, { projectId, actorId, reportId }: { projectId: string; actorId: string; reportId: string }): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .delete(agreementReports)
      .where(and(eq(agreementReports.projectId, projectId), eq(agreementReports.id, reportId)))
      .returning({ id: agreementReports.id, name: agreementReports.name });
    if (!row) throw new AppError("not_found", "That saved report does not exist (it may have been deleted).");
    await recordEvent(tx, { projectId, actorId, type: "agreement.deleted", entityId: row.id, before: { name: row.name } });
  });
}
