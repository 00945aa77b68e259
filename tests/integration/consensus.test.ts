import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { useDatabaseHandleForProcess, type DatabaseHandle } from "@/db/client";
import { CONSENSUS } from "@/db/queries/agreement";
import { getCodesByProjectId } from "@/db/queries/codes";
import { createCoding, getCodings } from "@/db/queries/codings";
import { acceptIntoConsensus, dismissSite, getAdjudicationSites, mergeIntoConsensus, removeConsensus, reopenSite, writeConsensus } from "@/db/queries/consensus";
import { getEventsByProjectId } from "@/db/queries/events";
import { addMember } from "@/db/queries/members";
import type { User } from "@/db/schema";
import { runAsUser } from "@/lib/server/session";
import { importDocument } from "@/lib/server/documents";
import { GET as agreementRoute } from "@/app/api/v1/projects/[projectId]/agreement/route";
import { call, tokenFor } from "../helpers/api";
import { createTestDatabase } from "../helpers/db";
import { makeProject, makeUser } from "../helpers/factories";

vi.mock("next/cache", () => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn(), refresh: vi.fn() }));
const { acceptConsensusAction, dismissSiteAction } = await import("@/app/(app)/projects/[projectId]/agreement/adjudicate/actions");

/** Adjudication into the consensus layer: exact quotes, one transaction per decision, logged, owners only. */
let handle: DatabaseHandle & { label: string };
const db = () => handle.db;
let owner: User, ana: User, ben: User, outsider: User;
let projectId: string, documentId: string, pressure: string, reward: string;
// Emoji and a flag before the coded words: code-point offsets differ from UTF-16 ones here.
const TEXT = "🇻🇳 Hanoi 👩🏽‍⚖️ signed the treaty under pressure.\n\nThe reward was a trade deal, said the ministry.";
const cp = (s: string) => [...TEXT].join("").indexOf(s) >= 0 ? [...TEXT.slice(0, TEXT.indexOf(s))].length : -1;
const span = (s: string) => ({ start: cp(s), end: cp(s) + [...s].length });

beforeAll(async () => {
  handle = await createTestDatabase();
  useDatabaseHandleForProcess(handle);
  [owner, ana, ben, outsider] = (await Promise.all(["Consensus owner", "Ana Coder", "Ben Coder", "Olga Outsider"].map((n) => makeUser(db(), n)))) as [User, User, User, User];
  projectId = (await makeProject(db(), owner.id, "Adjudication study")).id;
  for (const u of [ana, ben]) await addMember(db(), { projectId, email: u.email!, role: "coder", actorId: owner.id });
  const result = await importDocument(db(), { projectId, actorId: owner.id, source: { kind: "text", text: TEXT, title: "Treaty note" }, duplicates: "refuse" });
  if (result.skipped) throw new Error("skipped");
  documentId = result.document.id;
  const codes = await getCodesByProjectId(db(), { projectId });
  pressure = codes.find((c) => c.name === "pressure")!.id;
  reward = codes.find((c) => c.name === "reward")!.id;
});
afterAll(async () => handle?.close());

const coding = (coder: User, codeId: string, s: { start: number; end: number }) => createCoding(db(), { projectId, documentId, codeId, coderId: coder.id, ...s });
const consensus = async () => (await getCodings(db(), { projectId, layer: "consensus" })).map((c) => [c.codeId, c.startOffset, c.endOffset, c.quote]);

describe("adjudication", () => {
  it("finds the disagreements, accepts a version with its exact quote, and counts it resolved", async () => {
    const a = await coding(ana, pressure, span("signed the treaty under pressure"));
    await coding(ben, pressure, span("under pressure"));
    await coding(ana, reward, span("a trade deal"));
    await coding(ben, reward, span("a trade deal"));
    const before = await getAdjudicationSites(db(), { projectId, coders: [ana.id, ben.id] });
    expect(before.sites.map((s) => [s.codeId === pressure ? "pressure" : "reward", s.agreed, s.resolved])).toEqual([
      ["pressure", false, false],
      ["reward", true, false],
    ]);
    const [accepted] = await acceptIntoConsensus(db(), { projectId, actorId: owner.id, codingIds: [a.id] });
    expect(accepted!.quote).toBe("signed the treaty under pressure");
    expect(accepted).toMatchObject({ layer: "consensus", coderId: owner.id, startOffset: a.startOffset, endOffset: a.endOffset });
    // Accepting the same version again does not duplicate it.
    const again = await acceptIntoConsensus(db(), { projectId, actorId: owner.id, codingIds: [a.id] });
    expect(again[0]!.id).toBe(accepted!.id);
    const after = await getAdjudicationSites(db(), { projectId, coders: [ana.id, ben.id] });
    expect(after.sites.find((s) => s.codeId === pressure)!.resolved).toBe(true);
    await removeConsensus(db(), { projectId, actorId: owner.id, codingIds: [accepted!.id] });
    expect(await consensus()).toEqual([]);
  });

  it("merges boundaries to the union, writes chosen boundaries, and refuses what does not fit", async () => {
    const sites = await getAdjudicationSites(db(), { projectId, coders: [ana.id, ben.id] });
    const site = sites.sites.find((s) => s.codeId === pressure)!;
    const merged = await mergeIntoConsensus(db(), { projectId, actorId: owner.id, codingIds: site.versions.flatMap((v) => v.codings.map((c) => c.id)) });
    expect(merged.quote).toBe("signed the treaty under pressure");
    const written = await writeConsensus(db(), { projectId, actorId: owner.id, documentId, codeId: pressure, ...span("treaty") });
    expect(written.quote).toBe("treaty");
    await expect(writeConsensus(db(), { projectId, actorId: owner.id, documentId, codeId: pressure, start: 5, end: 10_000 })).rejects.toThrow();
    const mixed = site.versions.flatMap((v) => v.codings.map((c) => c.id));
    const rewardSite = sites.sites.find((s) => s.codeId === reward)!;
    await expect(mergeIntoConsensus(db(), { projectId, actorId: owner.id, codingIds: [...mixed, rewardSite.versions[0]!.codings[0]!.id] })).rejects.toThrow(/same code/);
    await expect(removeConsensus(db(), { projectId, actorId: owner.id, codingIds: [mixed[0]!] })).rejects.toThrow(/Only consensus codings/);
    await removeConsensus(db(), { projectId, actorId: owner.id, codingIds: [merged.id, written.id] });
  });

  it("dismisses a site with no consensus coding, and reopens it", async () => {
    const site = (await getAdjudicationSites(db(), { projectId, coders: [ana.id, ben.id] })).sites.find((s) => s.codeId === pressure)!;
    await dismissSite(db(), { projectId, actorId: owner.id, site });
    expect((await getAdjudicationSites(db(), { projectId, coders: [ana.id, ben.id] })).sites.find((s) => s.codeId === pressure)!.resolved).toBe(true);
    await reopenSite(db(), { projectId, actorId: owner.id, site });
    expect((await getAdjudicationSites(db(), { projectId, coders: [ana.id, ben.id] })).sites.find((s) => s.codeId === pressure)!.resolved).toBe(false);
    const types = (await getEventsByProjectId(db(), { projectId })).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(["consensus.dismissed", "consensus.reopened", "coding.created", "coding.deleted"]));
  });

  it("lets only the owner adjudicate; a non-member learns nothing", async () => {
    const site = (await getAdjudicationSites(db(), { projectId, coders: [ana.id, ben.id] })).sites.find((s) => s.codeId === pressure)!;
    const ids = site.versions[0]!.codings.map((c) => c.id);
    const coder = await runAsUser(ana, () => acceptConsensusAction({ projectId, codingIds: ids }));
    expect(coder).toMatchObject({ ok: false, error: { code: "forbidden" } });
    const stranger = await runAsUser(outsider, () => dismissSiteAction({ projectId, documentId, codeId: pressure, start: site.start, end: site.end }));
    expect(stranger).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(await consensus()).toEqual([]);
    const ok = await runAsUser(owner, () => acceptConsensusAction({ projectId, codingIds: ids }));
    expect(ok.ok).toBe(true);
  });

  it("makes the consensus layer a coder on the agreement report", async () => {
    const token = await tokenFor(db(), owner.id);
    const res = await call(agreementRoute, { path: `/api/v1/projects/${projectId}/agreement?coders=${ana.id},${CONSENSUS}&unit=sentence&measure=percent`, params: { projectId }, token });
    expect(res.status, res.text).toBe(200);
    expect(res.body.coders.map((c: { key: string }) => c.key)).toEqual([ana.id, CONSENSUS]);
    // Ana's pressure version was accepted: on pressure, Ana and the consensus agree on every sentence.
    expect(res.body.rows.find((r: { codeId: string; measure: string }) => r.codeId === pressure && r.measure === "percent").value).toBe(1);
  });
});
