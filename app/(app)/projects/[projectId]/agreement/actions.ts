"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { deleteAgreementReport, saveAgreementReport } from "@/db/queries/agreement-reports";
import { AppError } from "@/lib/errors";
import { runAgreement } from "@/lib/server/agreement";
import { projectAction } from "@/lib/server/guard";
import { agreementQuerySchema } from "@/lib/validation/agreement";

/**
 * Saves the report for these settings. The server recomputes it from the query rather than
 * trusting figures sent by the browser, so a saved report is always what the data gave.
 */
export const saveAgreementReportAction = projectAction(
  "agreement.save",
  "agreement.save",
  z.object({ projectId: z.string(), name: z.string().max(200, "Report names are at most 200 characters."), query: z.record(z.string(), z.string()) }),
  async ({ db, user, project, role }, { name, query }) => {
    const parsed = agreementQuerySchema.safeParse(query);
    if (!parsed.success) throw new AppError("bad_request", parsed.error.issues[0]?.message ?? "These settings are not valid.");
    const { report, scope } = await runAgreement(db, { project, role, query: parsed.data });
    if (report.rows.length === 0) throw new AppError("bad_request", "There are no figures to save yet.");
    const saved = await saveAgreementReport(db, { projectId: project.id, actorId: user.id, name, scope: { ...scope, query }, report });
    revalidatePath(`/projects/${project.id}/agreement`);
    return saved;
  },
);

export const deleteAgreementReportAction = projectAction(
  "agreement.delete",
  "agreement.delete",
  z.object({ projectId: z.string(), reportId: z.string().uuid("That saved report does not exist.") }),
  async ({ db, user, project }, { reportId }) => {
    await deleteAgreementReport(db, { projectId: project.id, actorId: user.id, reportId });
    revalidatePath(`/projects/${project.id}/agreement`);
    return { deleted: reportId };
  },
);
