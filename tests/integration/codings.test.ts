import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { getCodesByProjectId } from "@/db/queries/codes";
import { createCoding, deleteCoding, getCodings, getCodingsForView, updateCoding } from "@/db/queries/codings";
import { events, type Code, type Project, type User } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { createTestDatabase } from "../helpers/db";
import { makeProject, makeUser } from "../helpers/factories";
import { insertDocument, lastEventId } from "../helpers/rows";

// Astral characters, a flag, a ZWJ family, a combining mark and Arabic: where a wrong unit shows.
const TEXT = "Pressure 😀 from 🇻🇳 and 👨‍👩‍👧 café\u0301 — حقوق الإنسان.\nSecond line.";
const cps = Array.from(TEXT);
const spanOf = (needle: string) => {
  const u16 = TEXT.indexOf(needle);
  const start = Array.from(TEXT.slice(0, u16)).length;
  return { start, end: start + Array.from(needle).length };
};

describe("codings queries", () => {
  let handle: DatabaseHandle;
  let owner: User;
  let coder: User;
  let project: Project;
  let other: Project;
  let codes: Code[];
  let documentId: string;
  let otherDocumentId: string;

  beforeAll(async () => {
    handle = await createTestDatabase();
    owner = await makeUser(handle.db, "Owner");
    coder = await makeUser(handle.db, "Coder");
    project = await makeProject(handle.db, owner.id);
    other = await makeProject(handle.db, owner.id, "Other project");
    codes = await getCodesByProjectId(handle.db, { projectId: project.id });
    documentId = (await insertDocument(handle.db, project.id, TEXT)).id;
    otherDocumentId = (await insertDocument(handle.db, other.id, TEXT)).id;
  });
  afterAll(async () => handle?.close());

  it("stores the quote cut in code points, exact over flags, ZWJ sequences, combining marks and RTL", async () => {
    for (const needle of ["😀", "🇻🇳", "👨‍👩‍👧", "café\u0301", "حقوق الإنسان"]) {
      const { start, end } = spanOf(needle);
      const coding = await createCoding(handle.db, { projectId: project.id, documentId, codeId: codes[0]!.id, coderId: coder.id, start, end });
      expect(coding.quote).toBe(needle);
      expect(coding.quote).toBe(cps.slice(start, end).join(""));
    }
  });

  it("gives the coding view the same codings, fields and order as getCodings (packed as one JSON value)", async () => {
    const { start, end } = spanOf("from");
    await createCoding(handle.db, { projectId: project.id, documentId, codeId: codes[1]!.id, coderId: owner.id, start, end, memo: "a \"quoted\" memo\nwith a line break" });
    await createCoding(handle.db, { projectId: project.id, documentId, codeId: codes[2]!.id, coderId: owner.id, start: 0, end: cps.length });
    const full = await getCodings(handle.db, { projectId: project.id, documentId });
    const view = await getCodingsForView(handle.db, { projectId: project.id, documentId });
    expect(full.length).toBeGreaterThanOrEqual(7);
    expect(view).toEqual(full.map((c) => ({ id: c.id, codeId: c.codeId, coderId: c.coderId, startOffset: c.startOffset, endOffset: c.endOffset, quote: c.quote, memo: c.memo, version: c.version, createdAt: c.createdAt })));
    const blind = await getCodingsForView(handle.db, { projectId: project.id, documentId, onlyCoderId: owner.id });
    expect(blind.map((c) => c.coderId)).toEqual([owner.id, owner.id]);
    expect(await getCodingsForView(handle.db, { projectId: project.id, documentId: otherDocumentId })).toEqual([]);
  });

  it.each([
    ["start after end", 5, 3],
    ["empty span", 4, 4],
    ["negative start", -1, 3],
    ["end past the text", 0, cps.length + 1],
  ])("refuses a span with %s, writing nothing", async (_label, start, end) => {
    const before = await lastEventId(handle.db, project.id);
    const attempt = createCoding(handle.db, { projectId: project.id, documentId, codeId: codes[0]!.id, coderId: coder.id, start, end });
    await expect(attempt).rejects.toMatchObject({ code: "bad_request" });
    expect(await lastEventId(handle.db, project.id)).toBe(before);
  });

  it("refuses a code of another project and a document of another project", async () => {
    const otherCodes = await getCodesByProjectId(handle.db, { projectId: other.id });
    await expect(
      createCoding(handle.db, { projectId: project.id, documentId, codeId: otherCodes[0]!.id, coderId: coder.id, start: 0, end: 3 }),
    ).rejects.toThrow(/not in this project's codebook/);
    await expect(
      createCoding(handle.db, { projectId: project.id, documentId: otherDocumentId, codeId: codes[0]!.id, coderId: coder.id, start: 0, end: 3 }),
    ).rejects.toThrow(/document is not in this project/);
  });

  it("lets coders edit only their own codings, and refuses stale versions with the current state", async () => {
    const coding = await createCoding(handle.db, { projectId: project.id, documentId, codeId: codes[1]!.id, coderId: coder.id, start: 0, end: 8 });
    await expect(
      updateCoding(handle.db, { projectId: project.id, codingId: coding.id, actorId: owner.id, mayEditOthers: false, patch: { memo: "x" } }),
    ).rejects.toMatchObject({ code: "forbidden" });
    const moved = await updateCoding(handle.db, {
      projectId: project.id,
      codingId: coding.id,
      actorId: coder.id,
      mayEditOthers: false,
      patch: { start: 9, end: 10 },
      expectedVersion: 1,
    });
    expect(moved.quote).toBe("😀");
    expect(moved.version).toBe(2);
    const stale = updateCoding(handle.db, { projectId: project.id, codingId: coding.id, actorId: coder.id, mayEditOthers: false, patch: { memo: "late" }, expectedVersion: 1 });
    await expect(stale).rejects.toBeInstanceOf(AppError);
    await expect(stale).rejects.toMatchObject({ code: "conflict", details: { current: { version: 2 } } });
    const removed = await deleteCoding(handle.db, { projectId: project.id, codingId: coding.id, actorId: owner.id, mayEditOthers: true });
    expect(removed.id).toBe(coding.id);
    const log = await handle.db.select().from(events).where(eq(events.entityId, coding.id));
    expect(log.map((e) => e.type)).toEqual(["coding.created", "coding.updated", "coding.deleted"]);
  });

  it("filters by coder for blind mode and orders codings by position", async () => {
    await createCoding(handle.db, { projectId: project.id, documentId, codeId: codes[2]!.id, coderId: owner.id, start: 0, end: 2 });
    const mine = await getCodings(handle.db, { projectId: project.id, onlyCoderId: coder.id });
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((c) => c.coderId === coder.id)).toBe(true);
    const all = await getCodings(handle.db, { projectId: project.id, documentId });
    expect(all.some((c) => c.coderId === owner.id)).toBe(true);
    const starts = all.map((c) => c.startOffset);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });
});
