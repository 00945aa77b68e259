import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useDatabaseHandleForProcess, type DatabaseHandle } from "@/db/client";
import { deleteAgreementReport, getAgreementReport, listAgreementReports, saveAgreementReport } from "@/db/queries/agreement-reports";
import { getCodesByProjectId } from "@/db/queries/codes";
import { getEventsByProjectId } from "@/db/queries/events";
import { addMember } from "@/db/queries/members";
import { updateProject } from "@/db/queries/projects";
import type { User } from "@/db/schema";
import { importDocument } from "@/lib/server/documents";
import { GET as agreementRoute } from "@/app/api/v1/projects/[projectId]/agreement/route";
import { POST as postCoding } from "@/app/api/v1/projects/[projectId]/codings/route";
import { call, tokenFor } from "../helpers/api";
import { createTestDatabase } from "../helpers/db";
import { makeProject, makeUser } from "../helpers/factories";

/**
 * Agreement through the JSON API on codings made through the JSON API: two coders' decisions on
 * paragraphs built to match published tables reproduce the published coefficients.
 */
let handle: DatabaseHandle & { label: string };
const db = () => handle.db;
let owner: User, ana: User, ben: User, chen: User, viewer: User, outsider: User;
let tokens: Record<"owner" | "ana" | "ben" | "chen" | "viewer" | "outsider", string>;
let projectId: string;
let pressure: string, reward: string;
let wikipediaDoc: { id: string; paragraphs: { start: number; end: number }[] };
let krippendorffDoc: { id: string; paragraphs: { start: number; end: number }[] };

/** A pasted document of `count` paragraphs, and each paragraph's code-point range. */
async function paragraphsDocument(title: string, count: number) {
  const paragraphs = Array.from({ length: count }, (_, i) => `Paragraph ${i + 1} of ${title} reports what the delegation said about the treaty.`);
  const result = await importDocument(db(), { projectId, actorId: owner.id, source: { kind: "text", text: paragraphs.join("\n\n"), title }, duplicates: "refuse" });
  if (result.skipped) throw new Error("skipped");
  let at = 0;
  const ranges = paragraphs.map((p) => {
    const range = { start: at, end: at + p.length };
    at += p.length + 2;
    return range;
  });
  return { id: result.document.id, paragraphs: ranges };
}

async function code(token: string, documentId: string, codeId: string, range: { start: number; end: number }) {
  const res = await call(postCoding, { method: "POST", path: `/api/v1/projects/${projectId}/codings`, params: { projectId }, token, body: { documentId, codeId, start: range.start + 2, end: range.end - 3 } });
  expect(res.status, res.text).toBe(201);
}

const agreement = (query: string, token = tokens.owner) => call(agreementRoute, { path: `/api/v1/projects/${projectId}/agreement?${query}`, params: { projectId }, token });
const figure = (report: { rows: { codeId: string | null; measure: string; statistic: string; value: number | null }[] }, codeId: string | null, measure: string) =>
  report.rows.find((r) => r.codeId === codeId && r.measure === measure)?.value;

beforeAll(async () => {
  handle = await createTestDatabase();
  useDatabaseHandleForProcess(handle);
  [owner, ana, ben, chen, viewer, outsider] = (await Promise.all(["Agreement owner", "Ana Coder", "Ben Coder", "Chen Coder", "Vic Viewer", "Olga Outsider"].map((n) => makeUser(db(), n)))) as User[] as [User, User, User, User, User, User];
  tokens = {
    owner: await tokenFor(db(), owner.id),
    ana: await tokenFor(db(), ana.id),
    ben: await tokenFor(db(), ben.id),
    chen: await tokenFor(db(), chen.id),
    viewer: await tokenFor(db(), viewer.id),
    outsider: await tokenFor(db(), outsider.id),
  };
  projectId = (await makeProject(db(), owner.id, "Agreement study")).id;
  for (const [person, role] of [[ana, "coder"], [ben, "coder"], [chen, "coder"], [viewer, "viewer"]] as const) {
    await addMember(db(), { projectId, email: person.email!, role, actorId: owner.id });
  }
  const codes = await getCodesByProjectId(db(), { projectId });
  pressure = codes.find((c) => c.name === "pressure")!.id;
  reward = codes.find((c) => c.name === "reward")!.id;

  // Wikipedia, "Cohen's kappa", first worked example: 50 items; both yes 20, A yes/B no 5,
  // A no/B yes 10, both no 15 → κ = 0.4. "Yes" = the coder coded the paragraph as pressure.
  wikipediaDoc = await paragraphsDocument("Wikipedia table", 50);
  const table = [...Array(20).fill([1, 1]), ...Array(5).fill([1, 0]), ...Array(10).fill([0, 1]), ...Array(15).fill([0, 0])] as [number, number][];
  for (const [i, [a, b]] of table.entries()) {
    if (a) await code(tokens.ana, wikipediaDoc.id, pressure, wikipediaDoc.paragraphs[i]!);
    if (b) await code(tokens.ben, wikipediaDoc.id, pressure, wikipediaDoc.paragraphs[i]!);
  }
  // Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section A: two observers,
  // ten units, 0/1 → α = 0.095. "1" = the coder coded the paragraph as reward.
  krippendorffDoc = await paragraphsDocument("Krippendorff table", 10);
  const a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0];
  const b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0];
  for (let i = 0; i < 10; i++) {
    if (a[i]) await code(tokens.ana, krippendorffDoc.id, reward, krippendorffDoc.paragraphs[i]!);
    if (b[i]) await code(tokens.ben, krippendorffDoc.id, reward, krippendorffDoc.paragraphs[i]!);
  }
  // Chen coded only the second document: missing on the first, not disagreeing.
  await code(tokens.chen, krippendorffDoc.id, reward, krippendorffDoc.paragraphs[1]!);
}, 120_000);
afterAll(async () => handle?.close());

describe("GET /agreement", () => {
  it("reproduces Cohen's κ = 0.4 of the published table, and α = 0.400 computed from it", async () => {
    const res = await agreement(`coders=${ana.id},${ben.id}&documents=${wikipediaDoc.id}&codes=${pressure}&unit=paragraph&samples=200`);
    expect(res.status, res.text).toBe(200);
    expect(figure(res.body, pressure, "cohen")).toBeCloseTo(0.4, 3);
    expect(figure(res.body, pressure, "percent")).toBeCloseTo(0.7, 3);
    // α from the same table: n = 100 values, 15 + 15 disagreeing pairs, n_yes = 55, n_no = 45:
    // 1 − 99·30 / (2·55·45) = 0.400.
    expect(figure(res.body, pressure, "alpha")).toBeCloseTo(0.4, 3);
    expect(res.body.units).toBe(50);
    expect(res.body.dataHash).toMatch(/^[0-9a-f]{64}$/);
    expect(res.body.params).toMatchObject({ unit: "paragraph", threshold: 0.9 });
  });

  it("reproduces Krippendorff 2011's two-observer α = 0.095", async () => {
    const res = await agreement(`coders=${ana.id},${ben.id}&documents=${krippendorffDoc.id}&codes=${reward}&measure=alpha,percent,cohen`);
    expect(res.status, res.text).toBe(200);
    expect(figure(res.body, reward, "alpha")).toBeCloseTo(0.095, 3);
    expect(res.body.rows.every((r: { measure: string }) => ["alpha", "percent", "cohen"].includes(r.measure))).toBe(true);
  });

  it("treats a coder who did not code a document as missing, not disagreeing", async () => {
    const two = await agreement(`coders=${ana.id},${ben.id}&codes=${pressure}&measure=alpha`);
    const three = await agreement(`coders=${ana.id},${ben.id},${chen.id}&codes=${pressure}&measure=alpha`);
    expect(three.status, three.text).toBe(200);
    // Chen coded only the Krippendorff document, where nobody coded pressure: the figure rests on
    // the same disagreements, with Chen's agreeing "absent" values added there only.
    const twoAlpha = figure(two.body, pressure, "alpha")!;
    const threeAlpha = figure(three.body, pressure, "alpha")!;
    expect(threeAlpha).toBeGreaterThanOrEqual(twoAlpha - 1e-9);
    const onlyFirst = await agreement(`coders=${ana.id},${ben.id},${chen.id}&documents=${wikipediaDoc.id}&codes=${pressure}&measure=alpha`);
    expect(figure(onlyFirst.body, pressure, "alpha")).toBeCloseTo(0.4, 10);
    expect(onlyFirst.body.pairs).toHaveLength(3);
  });

  it("answers CSV with the parameters and data hash on every row", async () => {
    const res = await agreement(`coders=${ana.id},${ben.id}&codes=${pressure}&measure=cohen&format=csv&documents=${wikipediaDoc.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    const [header, ...rows] = res.text.trim().split("\r\n");
    expect(header!.split(",")).toContain("data_sha256");
    expect(rows.some((r) => r.includes("Cohen's κ") && r.includes("0.400000"))).toBe(true);
  });

  it("refuses bad parameters with a specific message and never a 500", async () => {
    const cases: [string, RegExp][] = [
      [`coders=${ana.id}`, /at least two coders/],
      ["coders=not-an-id,also-not", /user ids/],
      [`coders=${ana.id},${outsider.id}`, /no coder/],
      ["threshold=2", /at most 1/],
      ["threshold=abc", /threshold is a number/],
      ["measure=kappa-ish", /measure is one or more of/],
      ["unit=chapter", /unit is one of/],
      [`documents=${owner.id}`, /no document/],
      ["samples=-4", /samples/],
    ];
    for (const [query, message] of cases) {
      const res = await agreement(query);
      expect(res.status, `${query}: ${res.text}`).toBe(400);
      expect(res.body.error.message, query).toMatch(message);
    }
  });

  it("is 404 for non-members and 403 for coders of a blind project until revealed", async () => {
    expect((await agreement("", tokens.outsider)).status).toBe(404);
    expect((await agreement(`coders=${ana.id},${ben.id}`, tokens.viewer)).status).toBe(200);
    await updateProject(db(), { projectId, actorId: owner.id, patch: { mode: "blind" } });
    const blind = await agreement(`coders=${ana.id},${ben.id}`, tokens.ana);
    expect(blind.status).toBe(403);
    expect(blind.body.error.message).toMatch(/blind/);
    expect((await agreement(`coders=${ana.id},${ben.id}&measure=alpha`, tokens.owner)).status).toBe(200);
    await updateProject(db(), { projectId, actorId: owner.id, patch: { mode: "open" } });
  });
});

describe("saved reports", () => {
  it("save, list, reload and delete, each logged", async () => {
    const res = await agreement(`coders=${ana.id},${ben.id}&codes=${pressure}&measure=cohen&documents=${wikipediaDoc.id}`);
    const { id } = await saveAgreementReport(db(), { projectId, actorId: owner.id, name: "  Methods table 1 ", scope: { coders: [ana.id, ben.id] }, report: res.body });
    const list = await listAgreementReports(db(), { projectId });
    expect(list.map((r) => [r.name, r.dataHash, r.coders])).toEqual([["Methods table 1", res.body.dataHash, 2]]);
    const saved = await getAgreementReport(db(), { projectId, reportId: id });
    expect(saved.report.rows).toEqual(res.body.rows);
    await expect(saveAgreementReport(db(), { projectId, actorId: owner.id, name: "   ", scope: {}, report: res.body })).rejects.toThrow(/name/);
    await deleteAgreementReport(db(), { projectId, actorId: owner.id, reportId: id });
    await expect(getAgreementReport(db(), { projectId, reportId: id })).rejects.toThrow(/does not exist/);
    const types = (await getEventsByProjectId(db(), { projectId })).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(["agreement.saved", "agreement.deleted"]));
  });
});
