import "server-only";
import type { Database } from "@/db/client";
import { CONSENSUS, getAgreementCoders, loadAgreementInput, SUGGESTER } from "@/db/queries/agreement";
import type { Project } from "@/db/schema";
import { computeAgreementReport, DEFAULT_PARAMS, emptyAgreementReport, MEASURES, type AgreementInput, type AgreementReport } from "@/lib/agreement";
import { AppError } from "@/lib/errors";
import { seesAllCodings, type Role } from "@/lib/permissions";
import type { AgreementQuery } from "@/lib/validation/agreement";

/**
 * One agreement computation for the API, the page and the saved reports: the blind-mode rule,
 * the defaults, the loading and the pure computation. Agreement compares coders' codings, so in
 * a blind project only the owner may see it until the codings are revealed.
 */
export async function runAgreement(db: Database, { project, role, query }: { project: Project; role: Role; query: AgreementQuery }): Promise<{ input: AgreementInput; report: AgreementReport; scope: Record<string, unknown> }> {
  if (!seesAllCodings(role, project)) {
    throw new AppError("forbidden", "This project is blind: agreement compares everyone's codings, which only the owner sees until they are revealed.");
  }
  const params = { ...DEFAULT_PARAMS, unit: query.unit, measures: query.measure ?? MEASURES, threshold: query.threshold, seed: query.seed, bootstrapSamples: query.samples };
  let coders = query.coders ?? [];
  if (coders.length === 0) {
    // No coders asked for: everyone who has coded. Too few is not an error of the request but
    // the state of the project, so the answer is an empty report that says what to do.
    const known = await getAgreementCoders(db, { projectId: project.id });
    coders = known.filter((c) => c.key !== CONSENSUS && c.key !== SUGGESTER && c.codings > 0).map((c) => c.key);
    if (coders.length < 2) {
      const reason = "Agreement needs at least two coders who have coded the same documents. Add coders on the Members page and assign them the same documents.";
      const who = known.filter((c) => coders.includes(c.key)).map((c) => ({ key: c.key, name: c.name }));
      return { input: { documents: [], coders: who, codes: [], codings: [], codedDocuments: new Map() }, report: emptyAgreementReport({ coders: who, codes: [] }, params, reason), scope: { coders } };
    }
  }
  const input = await loadAgreementInput(db, { projectId: project.id, coders, documents: query.documents, codes: query.codes, unit: query.unit });
  const report = computeAgreementReport(input, params);
  const scope = { coders, documents: query.documents ?? null, codes: query.codes ?? null, unit: query.unit, measure: params.measures, threshold: params.threshold, seed: params.seed, samples: params.bootstrapSamples };
  return { input, report, scope };
}
