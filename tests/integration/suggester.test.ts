import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as agreementRoute from "@/app/api/v1/projects/[projectId]/agreement/route";
import * as codingsRoute from "@/app/api/v1/projects/[projectId]/codings/route";
import * as suggesterRoute from "@/app/api/v1/projects/[projectId]/suggester/route";
import * as dismissRoute from "@/app/api/v1/projects/[projectId]/suggestions/[suggestionId]/dismiss/route";
import * as suggestionsRoute from "@/app/api/v1/projects/[projectId]/suggestions/route";
import { useDatabaseHandleForProcess, type DatabaseHandle } from "@/db/client";
import { getCodesByProjectId } from "@/db/queries/codes";
import { addMember } from "@/db/queries/members";
import { updateProject } from "@/db/queries/projects";
import { codings, events, type User } from "@/db/schema";
import { importDocument } from "@/lib/server/documents";
import { trainingInFlight } from "@/lib/server/suggester";
import { syntheticCodedProject } from "@/lib/suggester/test-project";
import { call, tokenFor, type RouteHandler } from "../helpers/api";
import { createTestDatabase } from "../helpers/db";
import { makeProject, makeUser } from "../helpers/factories";

/**
 * The suggester end to end through the API, on a seeded project written here (the synthetic
 * news sentences of lib/suggester/test-project, imported as documents and coded by two coders):
 * training records its seed, data and held-out evaluation; it beats the most-frequent-code
 * baseline by a clear margin and is deterministic for a seed; proposals leave out what the user
 * coded or dismissed; accepting is an ordinary coding; it is a coder on the agreement report.
 */
let handle: DatabaseHandle & { label: string };
const db = () => handle.db;
let owner: User, ana: User, ben: User, nia: User, viewer: User;
let tokens: Record<"owner" | "ana" | "nia" | "viewer", string>;
let projectId: string;
const documentIds: string[] = [];

const api = {
  train: (body: unknown = {}, token = tokens.owner) => call(suggesterRoute.POST as RouteHandler, { method: "POST", params: { projectId }, token, body }),
  models: (token = tokens.owner) => call(suggesterRoute.GET as RouteHandler, { params: { projectId }, token }),
  suggestions: (documentId: string, token = tokens.nia) => call(suggestionsRoute.GET as RouteHandler, { path: `/api/v1/projects/${projectId}/suggestions?documentId=${documentId}`, params: { projectId }, token }),
  dismiss: (suggestionId: number | string, token = tokens.nia) => call(dismissRoute.POST as RouteHandler, { method: "POST", params: { projectId, suggestionId: String(suggestionId) }, token }),
  code: (body: unknown, token = tokens.nia) => call(codingsRoute.POST as RouteHandler, { method: "POST", params: { projectId }, token, body }),
};

async function trainAndWait(seed?: number) {
  const started = await api.train(seed === undefined ? {} : { seed });
  expect(started.status, started.text).toBe(202);
  await trainingInFlight(projectId);
  const { body } = await api.models();
  const model = body.models.find((m: { id: string }) => m.id === started.body.id);
  expect(model.status, model.error ?? "").toBe("ready");
  return model;
}

/** Every proposal of the current version, over all documents, as the API gives them to Nia. */
async function allProposals() {
  const out: string[] = [];
  for (const id of documentIds) for (const s of (await api.suggestions(id)).body.suggestions) out.push(`${id}:${s.codeId}:${s.start}:${s.end}:${s.confidence.toFixed(6)}`);
  return out.sort();
}

beforeAll(async () => {
  handle = await createTestDatabase();
  useDatabaseHandleForProcess(handle);
  [owner, ana, ben, nia, viewer] = (await Promise.all(["Suggester owner", "Ana", "Ben", "Nia", "Vic"].map((n) => makeUser(db(), n)))) as [User, User, User, User, User];
  projectId = (await makeProject(db(), owner.id, "Suggester study")).id;
  for (const u of [ana, ben, nia]) await addMember(db(), { projectId, email: u.email!, role: "coder", actorId: owner.id });
  await addMember(db(), { projectId, email: viewer.email!, role: "viewer", actorId: owner.id });
  tokens = { owner: await tokenFor(db(), owner.id), ana: await tokenFor(db(), ana.id), nia: await tokenFor(db(), nia.id), viewer: await tokenFor(db(), viewer.id) };
  const codeId = new Map((await getCodesByProjectId(db(), { projectId })).map((c) => [c.name, c.id]));

  // 40 documents of 25 sentences; Ana codes the even documents, Ben the odd ones, each coding a sentence.
  const units = syntheticCodedProject(7, 40, 25);
  const byDoc = new Map<string, typeof units>();
  for (const u of units) byDoc.set(u.documentId, [...(byDoc.get(u.documentId) ?? []), u]);
  let d = 0;
  for (const [name, list] of byDoc) {
    const text = list.map((u) => u.text).join(" ");
    const r = await importDocument(db(), { projectId, actorId: owner.id, source: { kind: "text", text, title: name }, duplicates: "import" });
    if (r.skipped) throw new Error("skipped");
    documentIds.push(r.document.id);
    const coder = d++ % 2 === 0 ? ana : ben;
    const rows = list.flatMap((u) => u.codeIds.map((c) => ({ projectId, documentId: r.document.id, codeId: codeId.get(c)!, coderId: coder.id, startOffset: u.start, endOffset: u.end, quote: u.text })));
    if (rows.length) await db().insert(codings).values(rows);
  }
}, 180_000);
afterAll(async () => handle?.close());

describe("the suggester", () => {
  it("refuses to train with nothing to learn from, and answers viewers and strangers as their role says", async () => {
    const empty = await makeProject(db(), owner.id, "Empty");
    const res = await call(suggesterRoute.POST as RouteHandler, { method: "POST", params: { projectId: empty.id }, token: tokens.owner, body: {} });
    expect(res.status).toBe(202);
    await trainingInFlight(empty.id);
    const models = await call(suggesterRoute.GET as RouteHandler, { params: { projectId: empty.id }, token: tokens.owner });
    expect(models.body.models[0]).toMatchObject({ status: "failed", error: "There are no codings to learn from yet: code some passages first." });
    expect((await api.train({}, tokens.viewer)).status).toBe(403);
    expect((await api.train({ seed: -1 })).status).toBe(400);
    expect((await api.train({ epochs: 3 })).status).toBe(400);
    const stranger = await makeUser(db(), "Stranger");
    expect((await api.train({}, await tokenFor(db(), stranger.id))).status).toBe(404);
  });

  it("records the seed, the data it learned from and its held-out evaluation, and beats the most-frequent-code baseline", async () => {
    const model = await trainAndWait(11);
    const rows = await db().select().from(codings).where(eq(codings.projectId, projectId));
    const expectedHash = createHash("sha256");
    rows
      .map((c) => [c.documentId, c.codeId, c.coderId, c.startOffset, c.endOffset] as const)
      .sort((a, b) => (a[0] !== b[0] ? (a[0] < b[0] ? -1 : 1) : a[3] - b[3] || a[4] - b[4] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0)))
      .forEach((r) => expectedHash.update(`${r.join("\t")}\n`));
    expect(model).toMatchObject({ seed: 11, codingsUsed: rows.length, dataHash: expectedHash.digest("hex"), progress: 1 });
    const evaluation = model.evaluation;
    expect(evaluation.heldOutDocuments).toBeGreaterThanOrEqual(6);
    // The baseline proposes one code on every held-out sentence: about a third of them carry it,
    // so its pooled F1 stays near 0.3; cue words make the model's far higher. 0.25 is a margin
    // that label noise and the split cannot close, yet fails a model that learned nothing.
    expect(evaluation.microF1).toBeGreaterThan(evaluation.baselineMicroF1 + 0.25);
    for (const c of evaluation.perCode) expect(c.kappa, c.codeId).toBeGreaterThan(0.5);
    const logged = await db().select().from(events).where(eq(events.type, "suggester.trained"));
    expect(logged.at(-1)!.after).toMatchObject({ version: model.version, codingsUsed: rows.length });
  });

  it("is deterministic for a seed: the same evaluation and the same proposals; another seed holds out other documents", async () => {
    const first = (await api.models()).body.models[0];
    const before = await allProposals();
    expect(before.length).toBeGreaterThan(50);
    const again = await trainAndWait(11);
    expect(again.version).toBe(first.version + 1);
    expect(again.evaluation).toEqual(first.evaluation);
    expect(await allProposals()).toEqual(before);
    const other = await trainAndWait(12);
    expect(other.evaluation.heldOutDocumentIds).not.toEqual(first.evaluation.heldOutDocumentIds);
    await trainAndWait(11);
  });

  it("proposes codes for uncoded sentences only, accepting one is an ordinary coding, dismissing one hides it for that user", async () => {
    const doc = documentIds[3]!;
    const forNia = (await api.suggestions(doc)).body;
    expect(forNia.modelVersion).toBeGreaterThan(0);
    expect(forNia.suggestions.length).toBeGreaterThan(1);
    for (const s of forNia.suggestions) {
      expect(s.confidence).toBeGreaterThan(0);
      expect(s.confidence).toBeLessThanOrEqual(1);
    }
    // Ben coded this document: he is not offered what he coded himself.
    const benCodings = await db().select().from(codings).where(eq(codings.coderId, ben.id));
    const forBen = (await call(suggestionsRoute.GET as RouteHandler, { path: `/api/v1/projects/${projectId}/suggestions?documentId=${doc}`, params: { projectId }, token: await tokenFor(db(), ben.id) })).body;
    for (const s of forBen.suggestions) {
      expect(benCodings.some((c) => c.documentId === doc && c.codeId === s.codeId && c.startOffset < s.end && s.start < c.endOffset)).toBe(false);
    }

    const [accept, dismiss] = forNia.suggestions as { id: number; codeId: string; start: number; end: number }[];
    const coded = await api.code({ documentId: doc, codeId: accept!.codeId, start: accept!.start, end: accept!.end });
    expect(coded.status).toBe(201);
    expect(coded.body.coderId).toBe(nia.id);
    expect((await api.dismiss(dismiss!.id)).status).toBe(200);
    const after = (await api.suggestions(doc)).body.suggestions as { id: number }[];
    expect(after.map((s) => s.id)).not.toContain(accept!.id);
    expect(after.map((s) => s.id)).not.toContain(dismiss!.id);
    // Ana never dismissed it: she still sees it.
    const forAna = (await api.suggestions(doc, tokens.ana)).body.suggestions as { id: number }[];
    expect(forAna.map((s) => s.id)).toContain(dismiss!.id);
  });

  it("refuses bad suggestion requests with a message", async () => {
    expect((await call(suggestionsRoute.GET as RouteHandler, { path: `/api/v1/projects/${projectId}/suggestions`, params: { projectId }, token: tokens.nia })).status).toBe(400);
    expect((await api.suggestions("not-a-doc")).body.error.message).toMatch(/That document does not exist\./);
    expect((await api.suggestions("00000000-0000-4000-8000-000000000000")).status).toBe(404);
    expect((await api.dismiss("abc")).status).toBe(404);
    expect((await api.dismiss(999_999_999)).status).toBe(404);
    expect((await api.dismiss(1, tokens.viewer)).status).toBe(403);
  });

  it("is a coder on the agreement report: its κ with each human coder, per code", async () => {
    const res = await call(agreementRoute.GET as RouteHandler, {
      path: `/api/v1/projects/${projectId}/agreement?coders=${ana.id},suggester&unit=sentence&measure=cohen&samples=0`,
      params: { projectId },
      token: tokens.owner,
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body.coders.map((c: { name: string }) => c.name)).toEqual(["Ana", expect.stringMatching(/^Suggester \(version \d+\)$/)]);
    const kappas = res.body.rows.filter((r: { measure: string; codeId: string | null }) => r.measure === "cohen" && r.codeId !== null);
    expect(kappas).toHaveLength(3);
    // In-sample (it learned from these very codings), so high; the held-out figures are on the model.
    for (const r of kappas) expect(r.value).toBeGreaterThan(0.6);
  });

  it("in a blind project, is the owner's alone until the codings are revealed", async () => {
    await updateProject(db(), { projectId, actorId: owner.id, patch: { mode: "blind" } });
    try {
      const res = await api.suggestions(documentIds[0]!);
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(/blind/);
      expect((await api.train({}, tokens.ana)).status).toBe(403);
      expect((await api.models(tokens.owner)).status).toBe(200);
    } finally {
      await updateProject(db(), { projectId, actorId: owner.id, patch: { mode: "open" } });
    }
  });
});
