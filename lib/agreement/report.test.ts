import { describe, expect, it } from "vitest";
import { computeAgreementReport } from "./report";
import { reportToCsv } from "./report-csv";
import { unitDisagreements } from "./report-disagreements";
import { DEFAULT_PARAMS, type AgreementInput } from "./report-types";
import { buildUnits, categoryMatrix, codesPerUnit, presenceMatrix, type AgreementCoding } from "./units";

// One document of four paragraphs [0,10) [10,20) [20,30) [30,40) and a second of two [0,10) [10,20).
const documents = [
  { id: "d1", title: "First", length: 40, units: [{ start: 0, end: 10 }, { start: 10, end: 20 }, { start: 20, end: 30 }, { start: 30, end: 40 }] },
  { id: "d2", title: "Second", length: 20, units: [{ start: 10, end: 20 }, { start: 0, end: 10 }] },
];
let next = 0;
const coding = (coder: string, codeId: string, documentId: string, start: number, end: number): AgreementCoding => ({ id: `c${next++}`, coder, codeId, documentId, start, end });

describe("units from the text", () => {
  it("orders each document's units and uses the whole document when it has none", () => {
    const units = buildUnits([...documents, { id: "d3", title: "Third", length: 7, units: [] }]);
    expect(units.map((u) => [u.documentId, u.start, u.end])).toEqual([
      ["d1", 0, 10], ["d1", 10, 20], ["d1", 20, 30], ["d1", 30, 40],
      ["d2", 0, 10], ["d2", 10, 20],
      ["d3", 0, 7],
    ]);
  });

  it("marks a unit coded when any coding overlaps it, crossing unit boundaries, and missing when the coder skipped the document", () => {
    const units = buildUnits(documents);
    const codings = [coding("a", "p", "d1", 5, 15), coding("a", "p", "d1", 12, 14), coding("b", "r", "d1", 29, 31), coding("b", "p", "d1", 10, 11)];
    const coded = new Map([["a", new Set(["d1"])], ["b", new Set(["d1", "d2"])]]);
    const perUnit = codesPerUnit(units, codings, ["a", "b"], coded);
    expect(presenceMatrix(perUnit, "p")).toEqual([
      ["present", "absent"],
      ["present", "present"],
      ["absent", "absent"],
      ["absent", "absent"],
      [null, "absent"],
      [null, "absent"],
    ]);
    expect(categoryMatrix(perUnit, ["p", "r"])).toEqual([
      ["p", "(none)"],
      ["p", "p"],
      ["(none)", "r"],
      ["(none)", "r"],
      [null, "(none)"],
      [null, "(none)"],
    ]);
  });
});

describe("the agreement report", () => {
  const coders = [{ key: "a", name: "Ana" }, { key: "b", name: "Ben" }];
  const codes = [{ id: "p", name: "pressure" }, { id: "r", name: "reward" }];
  const codings = [
    coding("a", "p", "d1", 0, 10), coding("b", "p", "d1", 0, 10),
    coding("a", "r", "d1", 10, 20), coding("b", "p", "d1", 10, 20),
    coding("a", "p", "d1", 30, 35), coding("b", "p", "d1", 31, 35),
    coding("a", "r", "d2", 0, 5), coding("b", "r", "d2", 0, 5),
  ];
  const input: AgreementInput = { documents, coders, codes, codings, codedDocuments: new Map([["a", new Set(["d1", "d2"])], ["b", new Set(["d1", "d2"])]]) };
  const report = computeAgreementReport(input, { ...DEFAULT_PARAMS, bootstrapSamples: 200 });
  const value = (codeId: string | null, statistic: string) => report.rows.find((r) => r.codeId === codeId && r.statistic.startsWith(statistic))?.value;

  it("computes per code and pooled figures on the units, with n", () => {
    // pressure per paragraph: d1 (P,P) (A,P) (A,A) (P,P); d2 (A,A) (A,A): 5 of 6 agree.
    expect(value("p", "percent agreement")).toBeCloseTo(5 / 6, 10);
    expect(report.rows.find((r) => r.codeId === "p" && r.measure === "percent")!.n).toBe(6);
    // pooled categories: d1 (p,p) (r,p) (none,none) (p,p); d2 (r,r) (none,none): 5 of 6.
    expect(value(null, "percent agreement")).toBeCloseTo(5 / 6, 10);
    expect(report.disagreementCounts).toEqual({ "": 1, p: 1, r: 1 });
    const alpha = report.rows.find((r) => r.codeId === "p" && r.measure === "alpha")!;
    expect(alpha.ci).not.toBeNull();
    expect(alpha.ci!.low).toBeLessThanOrEqual(alpha.value!);
  });

  it("gives 1 everywhere for identical coders", () => {
    const same = codings.filter((c) => c.coder === "a").flatMap((c) => [c, { ...c, id: `${c.id}b`, coder: "b" }]);
    const r = computeAgreementReport({ ...input, codings: same }, { ...DEFAULT_PARAMS, bootstrapSamples: 50 });
    for (const row of r.rows.filter((x) => x.value !== null && !x.statistic.includes("excluding uncoded") && x.measure !== "brennan-prediger")) {
      if (row.statistic.startsWith("percent") || row.statistic.includes("κ") || row.statistic.includes("α")) expect([row.statistic, row.value]).toEqual([row.statistic, expect.closeTo(1, 10)]);
    }
    expect(r.pairs[0]!.kappa).toBeCloseTo(1, 10);
  });

  it("hashes the data, not its order, and changes the hash when a coding moves", () => {
    const shuffled = computeAgreementReport({ ...input, codings: [...codings].reverse() }, { ...DEFAULT_PARAMS, bootstrapSamples: 50 });
    expect(shuffled.dataHash).toBe(report.dataHash);
    const moved = computeAgreementReport({ ...input, codings: codings.map((c, i) => (i === 0 ? { ...c, end: 9 } : c)) }, { ...DEFAULT_PARAMS, bootstrapSamples: 50 });
    expect(moved.dataHash).not.toBe(report.dataHash);
  });

  it("reports per-document figures, coder pairs and the disagreeing units", () => {
    expect(report.perDocument.map((d) => [d.documentId, d.units, d.disagreements])).toEqual([["d1", 4, 1], ["d2", 2, 0]]);
    expect(report.pairs).toHaveLength(1);
    const drill = unitDisagreements(input, "p");
    expect(drill.total).toBe(1);
    expect(drill.units[0]).toMatchObject({ documentId: "d1", start: 10, end: 20, codes: { a: ["r"], b: ["p"] } });
  });

  it("refuses fewer than two coders", () => {
    expect(() => computeAgreementReport({ ...input, coders: coders.slice(0, 1) }, DEFAULT_PARAMS)).toThrow(/two coders/);
  });

  it("writes CSV with the parameters and hash on each row, neutralising formula cells", () => {
    const csv = reportToCsv({ ...report, rows: [{ ...report.rows[0]!, codeName: "=HYPERLINK(1)" }] }, { project: "+Study" });
    const [header, row] = csv.trim().split("\r\n");
    expect(header).toContain("data_sha256");
    expect(row).toContain(report.dataHash);
    expect(row!.startsWith("'+Study,'=HYPERLINK(1)")).toBe(true);
  });
});
