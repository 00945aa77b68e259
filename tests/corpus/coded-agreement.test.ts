import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { loadAgreementInput } from "@/db/queries/agreement";
import { documentSegments } from "@/db/schema";
import { computeAgreementReport, DEFAULT_PARAMS, type AgreementReport } from "@/lib/agreement";
import { inArray } from "drizzle-orm";
import { codedCorpusDir, loadCodedCorpus, type LoadedCodedCorpus } from "../helpers/coded-corpus";
import { createTestDatabase } from "../helpers/db";
import { makeProject, makeUser } from "../helpers/factories";

/**
 * The shared double-coded corpus (two real coders, five documents) through the importer, the
 * loader and the report. The report's per-code κ on sentences must equal κ computed here, apart,
 * from the raw codings and the sentence ranges. Skipped only when ../shared/corpus is absent
 * (a checkout without the shared workspace): its texts are never copied into the repository.
 */
const corpusDir = codedCorpusDir();
let handle: DatabaseHandle & { label: string };
let loaded: LoadedCodedCorpus;
let report: AgreementReport;
let projectId: string;
let sentences: { documentId: string; start: number; end: number }[];

// Skipped only when ../shared/corpus/coded is absent (a clone on its own); CI always has it.
describe.skipIf(!corpusDir)("agreement on the double-coded corpus", () => {
  beforeAll(async () => {
    handle = await createTestDatabase();
    const owner = await makeUser(handle.db, "Corpus owner");
    projectId = (await makeProject(handle.db, owner.id, "Coded corpus")).id;
    loaded = await loadCodedCorpus(handle.db, { projectId, ownerId: owner.id, corpusDir: corpusDir! });
    const coders = [...loaded.coders.values()].map((c) => c.id);
    const input = await loadAgreementInput(handle.db, { projectId, coders, unit: "sentence" });
    report = computeAgreementReport(input, { ...DEFAULT_PARAMS, unit: "sentence", bootstrapSamples: 200 });
    const docIds = [...loaded.documents.values()].map((d) => d.id);
    sentences = (await handle.db.select().from(documentSegments).where(inArray(documentSegments.documentId, docIds))).filter((s) => s.kind === "sentence").map((s) => ({ documentId: s.documentId, start: s.startOffset, end: s.endOffset }));
  }, 120_000);
  afterAll(async () => handle?.close());

  it("anchors every coding of both coders in the imported texts", () => {
    expect(loaded.unanchored).toEqual([]);
    expect(loaded.codings.length).toBeGreaterThan(400);
  });

  it("gives per-code κ on sentences equal to κ computed independently from the raw codings", () => {
    const [a, b] = [...loaded.coders.values()].map((c) => c.id);
    for (const code of report.codes) {
      let yy = 0, yn = 0, ny = 0, nn = 0;
      for (const s of sentences) {
        const has = (coder: string) => loaded.codings.some((c) => c.coderId === coder && c.codeId === code.id && c.documentId === s.documentId && c.startOffset < s.end && c.endOffset > s.start);
        const x = has(a!);
        const y = has(b!);
        if (x && y) yy++;
        else if (x) yn++;
        else if (y) ny++;
        else nn++;
      }
      const n = yy + yn + ny + nn;
      const po = (yy + nn) / n;
      const pe = ((yy + yn) / n) * ((yy + ny) / n) + ((ny + nn) / n) * ((yn + nn) / n);
      const kappa = (po - pe) / (1 - pe);
      const row = report.rows.find((r) => r.codeId === code.id && r.measure === "cohen")!;
      expect(row.n).toBe(n);
      expect(row.value!).toBeCloseTo(kappa, 10);
    }
  });

  it("computes every measure within its range, and finds the disagreements the corpus README describes", () => {
    for (const row of report.rows) {
      if (row.value === null) continue;
      expect(row.value, row.statistic).toBeLessThanOrEqual(1 + 1e-9);
      if (row.statistic.startsWith("percent")) expect(row.value).toBeGreaterThanOrEqual(0);
    }
    expect(report.rows.filter((r) => r.measure === "unitized" && r.value !== null).length).toBeGreaterThan(3);
    expect(report.disagreementCounts[""]).toBeGreaterThan(0);
    expect(report.perDocument).toHaveLength(5);
  });
});
