import { and, eq, inArray } from "drizzle-orm";
import { loadAgreementInput } from "@/db/queries/agreement";
import { codings } from "@/db/schema";
import { computeAgreementReport, DEFAULT_PARAMS } from "@/lib/agreement";
import type { DatabaseHandle } from "@/db/client";
import { makeProject, makeUser } from "../tests/helpers/factories";
import { median, type BenchRow } from "./harness";
import { P4_SHAPE, seedP4 } from "./p4-seed";

/**
 * P4 (issue 6): a full agreement report — every measure, every code, 1,000 bootstrap resamples
 * per α — for 3 coders × 20,000 codings over 50 documents, loaded from the database and computed,
 * as a ratio against only fetching those codings from the database in the same run.
 */
export async function benchAgreement(handle: DatabaseHandle): Promise<BenchRow[]> {
  const owner = await makeUser(handle.db, "P4 owner");
  const project = await makeProject(handle.db, owner.id, "P4");
  const t0 = performance.now();
  const { coderIds } = await seedP4(handle.db, { projectId: project.id, ownerId: owner.id });
  const seeded = await handle.db.$count(codings, eq(codings.projectId, project.id));
  console.log(`P4 data: ${seeded.toLocaleString("en")} codings by ${coderIds.length} coders over ${P4_SHAPE.documents} documents, seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const fetchOnly = () =>
    handle.db
      .select({ id: codings.id, documentId: codings.documentId, codeId: codings.codeId, coderId: codings.coderId, start: codings.startOffset, end: codings.endOffset })
      .from(codings)
      .where(and(eq(codings.projectId, project.id), eq(codings.layer, "coder"), inArray(codings.coderId, coderIds)));
  let rows = 0;
  const fullReport = async () => {
    const input = await loadAgreementInput(handle.db, { projectId: project.id, coders: coderIds, unit: "paragraph" });
    const report = computeAgreementReport(input, DEFAULT_PARAMS);
    rows = report.rows.length;
  };
  await fetchOnly();
  await fullReport(); // warm-up: JIT and the database's caches
  const baseline = await median(5, fetchOnly);
  const value = await median(3, fullReport);
  console.log(`P4 report: ${rows} figures`);
  return [
    {
      id: "P4",
      figure: `full agreement report, 3 coders × ${P4_SHAPE.codingsPerCoder.toLocaleString("en")} codings, ${P4_SHAPE.documents} docs`,
      value,
      baseline,
      baselineLabel: "fetch those codings",
      unit: "ms",
      target: "≤ 2× fetch",
      met: value <= 2 * baseline,
    },
  ];
}
