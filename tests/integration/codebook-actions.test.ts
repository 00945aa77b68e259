import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { useDatabaseHandleForProcess, type DatabaseHandle } from "@/db/client";
import { createCode, getCodesByProjectId } from "@/db/queries/codes";
import { getCodingById, getCodingCountsByCodeAndCoder, getDocumentCountsByCode } from "@/db/queries/codings";
import { getMemosByTarget } from "@/db/queries/memos";
import { addMember } from "@/db/queries/members";
import { codings, events, type Code, type Document, type User } from "@/db/schema";
import { memoDocFromText } from "@/lib/memos/doc";
import { registeredEndpoints } from "@/lib/server/registry";
import { runAsUser } from "@/lib/server/session";
import { createTestDatabase } from "../helpers/db";
import { makeProject, makeUser } from "../helpers/factories";
import { insertCodings, insertDocument, lastEventId } from "../helpers/rows";

vi.mock("next/cache", () => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn(), refresh: vi.fn() }));

// The actions exactly as the pages import them: the guard must refuse what the role does not
// allow, whoever calls them.
const { mergeCodesAction, moveCodeAction, updateCodeAction } = await import("@/app/(app)/projects/[projectId]/actions");
const { deleteMemoAction, loadMemosAction, saveMemoAction } = await import("@/app/(app)/projects/[projectId]/memos/actions");

let handle: DatabaseHandle & { label: string };
const db = () => handle.db;
let owner: User, coder: User, viewer: User, outsider: User;
let projectId: string;
let pressure: Code, sovereignty: Code, reward: Code;
let document: Document;

beforeAll(async () => {
  handle = await createTestDatabase();
  useDatabaseHandleForProcess(handle);
  owner = await makeUser(db(), "Book owner");
  coder = await makeUser(db(), "Book coder");
  viewer = await makeUser(db(), "Book viewer");
  outsider = await makeUser(db(), "Book outsider");
  projectId = (await makeProject(db(), owner.id, "Codebook actions")).id;
  await addMember(db(), { projectId, email: coder.email!, role: "coder", actorId: owner.id });
  await addMember(db(), { projectId, email: viewer.email!, role: "viewer", actorId: owner.id });
  [pressure, sovereignty, reward] = (await getCodesByProjectId(db(), { projectId })) as unknown as [Code, Code, Code];
  document = await insertDocument(db(), projectId);
});
afterAll(async () => handle?.close());

const tree = async () => (await getCodesByProjectId(db(), { projectId })).map((c) => `${"  ".repeat(c.depth)}${c.name}`);
const errorCode = (result: { ok: boolean; error?: { code: string } }) => (result.ok ? null : result.error!.code);

describe("move, reorder and recolour", () => {
  it("refuse a viewer and a non-member, changing nothing", async () => {
    const before = await lastEventId(db(), projectId);
    const input = { projectId, codeId: reward.id, parentId: pressure.id, index: 0 };
    expect(await runAsUser(viewer, () => moveCodeAction(input))).toEqual({
      ok: false,
      error: { code: "forbidden", message: expect.stringContaining("(viewer) does not allow you to edit codes") },
    });
    expect(await runAsUser(outsider, () => moveCodeAction(input))).toEqual({ ok: false, error: { code: "not_found", message: "Project not found." } });
    expect(errorCode(await runAsUser(viewer, () => updateCodeAction({ projectId, codeId: reward.id, color: "#123456" })))).toBe("forbidden");
    expect(await lastEventId(db(), projectId)).toBe(before);
    expect(await tree()).toEqual(["pressure", "sovereignty claim", "reward"]);
  });

  it("let a coder move a code under another, reorder siblings and move it back out", async () => {
    const moved = await runAsUser(coder, () => moveCodeAction({ projectId, codeId: reward.id, parentId: pressure.id, index: 0 }));
    expect(moved).toMatchObject({ ok: true, data: { id: reward.id, parentId: pressure.id, position: 0 } });
    expect(await tree()).toEqual(["pressure", "  reward", "sovereignty claim"]);

    const first = await runAsUser(coder, () => moveCodeAction({ projectId, codeId: sovereignty.id, parentId: null, index: 0 }));
    expect(first.ok).toBe(true);
    expect(await tree()).toEqual(["sovereignty claim", "pressure", "  reward"]);

    const out = await runAsUser(coder, () => moveCodeAction({ projectId, codeId: reward.id, parentId: null, index: 99 }));
    expect(out.ok).toBe(true);
    expect(await tree()).toEqual(["sovereignty claim", "pressure", "reward"]);
    const log = await db().select().from(events).where(and(eq(events.projectId, projectId), eq(events.entityId, reward.id)));
    expect(log.filter((e) => e.type === "code.moved")).toHaveLength(2);
  });

  it("refuse a move inside the code's own sub-code, with a plain message", async () => {
    const child = await createCode(db(), { projectId, actorId: owner.id, fields: { name: "inner", parentId: pressure.id } });
    const result = await runAsUser(owner, () => moveCodeAction({ projectId, codeId: pressure.id, parentId: child.id, index: 0 }));
    expect(result).toMatchObject({ ok: false, error: { code: "bad_request", message: "A code cannot be moved inside itself or one of its sub-codes." } });
  });

  it("let a coder recolour a code with a custom hex colour, and refuse a malformed one", async () => {
    expect(await runAsUser(coder, () => updateCodeAction({ projectId, codeId: reward.id, color: "#12AB9F" }))).toMatchObject({ ok: true });
    expect((await getCodesByProjectId(db(), { projectId })).find((c) => c.id === reward.id)?.color).toBe("#12ab9f");
    expect(errorCode(await runAsUser(coder, () => updateCodeAction({ projectId, codeId: reward.id, color: "red" })))).toBe("bad_request");
  });
});

describe("merge", () => {
  it("refuse a viewer and a coder (merging moves other people's codings)", async () => {
    const before = await lastEventId(db(), projectId);
    const input = { projectId, sourceCodeId: sovereignty.id, targetCodeId: reward.id };
    expect(await runAsUser(viewer, () => mergeCodesAction(input))).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await runAsUser(coder, () => mergeCodesAction(input))).toEqual({
      ok: false,
      error: { code: "forbidden", message: "Your role in this project (coder) does not allow you to merge codes." },
    });
    expect(await lastEventId(db(), projectId)).toBe(before);
  });

  it("let the owner merge: codings move to the target in one go, the source is gone", async () => {
    const legitimacy = await createCode(db(), { projectId, actorId: coder.id, fields: { name: "legitimacy" } });
    const made = await insertCodings(db(), {
      projectId,
      document,
      coderId: coder.id,
      spans: [
        { codeId: legitimacy.id, start: 0, end: 8 },
        { codeId: legitimacy.id, start: 9, end: 16 },
      ],
    });
    const result = await runAsUser(owner, () => mergeCodesAction({ projectId, sourceCodeId: legitimacy.id, targetCodeId: reward.id }));
    expect(result).toEqual({ ok: true, data: { movedCodings: 2, movedChildren: 0 } });
    const after = await db().select().from(codings).where(eq(codings.codeId, reward.id));
    expect(after.map((c) => c.id).sort()).toEqual(made.map((c) => c.id).sort());
    expect((await getCodesByProjectId(db(), { projectId })).some((c) => c.id === legitimacy.id)).toBe(false);
  });

  it("answer a merge into itself or an unknown code with a plain message", async () => {
    expect(await runAsUser(owner, () => mergeCodesAction({ projectId, sourceCodeId: reward.id, targetCodeId: reward.id }))).toMatchObject({
      ok: false,
      error: { code: "bad_request", message: "Choose two different codes to merge." },
    });
    expect(errorCode(await runAsUser(owner, () => mergeCodesAction({ projectId, sourceCodeId: reward.id, targetCodeId: "not-a-uuid" })))).toBe("bad_request");
  });
});

describe("counts for the code panel", () => {
  it("count codings per code and coder, and documents per code, with the blind filter", async () => {
    const code = await createCode(db(), { projectId, actorId: owner.id, fields: { name: "counted" } });
    const second = await insertDocument(db(), projectId, "Another text about reform.");
    await insertCodings(db(), { projectId, document, coderId: coder.id, spans: [{ codeId: code.id, start: 0, end: 3 }, { codeId: code.id, start: 4, end: 8 }] });
    await insertCodings(db(), { projectId, document: second, coderId: owner.id, spans: [{ codeId: code.id, start: 0, end: 7 }] });
    const byCoder = (await getCodingCountsByCodeAndCoder(db(), { projectId })).filter((r) => r.codeId === code.id);
    expect(byCoder.map((r) => [r.coderId, r.n]).sort()).toEqual([[coder.id, 2], [owner.id, 1]].sort());
    expect((await getCodingCountsByCodeAndCoder(db(), { projectId, onlyCoderId: coder.id })).filter((r) => r.codeId === code.id)).toEqual([
      { codeId: code.id, coderId: coder.id, n: 2 },
    ]);
    expect((await getDocumentCountsByCode(db(), { projectId })).get(code.id)).toBe(2);
    expect((await getDocumentCountsByCode(db(), { projectId, onlyCoderId: coder.id })).get(code.id)).toBe(1);
  });
});

describe("memos", () => {
  const body = (text: string) => memoDocFromText(text);

  it("refuse a viewer's memo on a code, a document, the project and a coding", async () => {
    const [coding] = await insertCodings(db(), { projectId, document, coderId: coder.id, spans: [{ codeId: reward.id, start: 0, end: 3 }] });
    const before = await lastEventId(db(), projectId);
    for (const [targetType, targetId] of [
      ["code", reward.id],
      ["document", document.id],
      ["project", projectId],
      ["coding", coding!.id],
    ] as const) {
      const result = await runAsUser(viewer, () => saveMemoAction({ projectId, targetType, targetId, body: body("Viewer note.") }));
      expect(result, targetType).toMatchObject({ ok: false, error: { code: "forbidden", message: expect.stringContaining("write memos") } });
    }
    expect(await lastEventId(db(), projectId)).toBe(before);
    // Viewers still read memos.
    expect(await runAsUser(viewer, () => loadMemosAction({ projectId, targetType: "code", targetId: reward.id }))).toEqual({ ok: true, data: [] });
  });

  it("save a coder's memo, deriving the plain text on the server, and list it as theirs", async () => {
    const saved = await runAsUser(coder, () => saveMemoAction({ projectId, targetType: "code", targetId: reward.id, body: body("Benefits\nnot only trade") }));
    expect(saved).toMatchObject({ ok: true, data: { version: 1 } });
    const [stored] = await getMemosByTarget(db(), { projectId, targetType: "code", targetId: reward.id });
    expect(stored?.bodyText).toBe("Benefits\nnot only trade");
    const asCoder = await runAsUser(coder, () => loadMemosAction({ projectId, targetType: "code", targetId: reward.id }));
    expect(asCoder.ok && asCoder.data.map((m) => [m.authorName, m.mine])).toEqual([["Book coder", true]]);
    const asOwner = await runAsUser(owner, () => loadMemosAction({ projectId, targetType: "code", targetId: reward.id }));
    expect(asOwner.ok && asOwner.data.map((m) => [m.authorName, m.mine])).toEqual([["Book coder", false]]);

    // Two tabs that both started from version 1: the second save is refused, not lost silently.
    const tabA = await runAsUser(coder, () => saveMemoAction({ projectId, targetType: "code", targetId: reward.id, body: body("tab A"), version: 1 }));
    expect(tabA).toMatchObject({ ok: true, data: { version: 2 } });
    const tabB = await runAsUser(coder, () => saveMemoAction({ projectId, targetType: "code", targetId: reward.id, body: body("tab B"), version: 1 }));
    expect(errorCode(tabB)).toBe("conflict");

    // Deleting is the author's own business.
    expect(errorCode(await runAsUser(owner, () => deleteMemoAction({ projectId, memoId: stored!.id })))).toBe("forbidden");
    expect(await runAsUser(coder, () => deleteMemoAction({ projectId, memoId: stored!.id }))).toEqual({ ok: true, data: { id: stored!.id } });
  });

  it("refuse bodies the editor cannot make (links, foreign nodes) and targets from another project", async () => {
    const link = { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "x", marks: [{ type: "link", attrs: { href: "javascript:alert(1)" } }] }] }] };
    expect(errorCode(await runAsUser(coder, () => saveMemoAction({ projectId, targetType: "code", targetId: reward.id, body: link as never })))).toBe("bad_request");
    const elsewhere = await makeProject(db(), coder.id, "Coder's own");
    const [foreignCode] = await getCodesByProjectId(db(), { projectId: elsewhere.id });
    const result = await runAsUser(coder, () => saveMemoAction({ projectId, targetType: "code", targetId: foreignCode!.id, body: body("Wrong place.") }));
    expect(result).toMatchObject({ ok: false, error: { code: "bad_request", message: "That code is not in this project." } });
  });

  it("write coding memos on the coding: the coder's own, anyone's for the owner, no one else's", async () => {
    const [mine] = await insertCodings(db(), { projectId, document, coderId: coder.id, spans: [{ codeId: reward.id, start: 4, end: 8 }] });
    const [owners] = await insertCodings(db(), { projectId, document, coderId: owner.id, spans: [{ codeId: reward.id, start: 9, end: 16 }] });
    const saved = await runAsUser(coder, () => saveMemoAction({ projectId, targetType: "coding", targetId: mine!.id, body: body("Borderline.") }));
    expect(saved).toMatchObject({ ok: true, data: { id: mine!.id, version: 2 } });
    const coding = await getCodingById(db(), { projectId, codingId: mine!.id });
    expect(coding).toMatchObject({ memo: "Borderline.", memoDoc: body("Borderline.") });
    expect(errorCode(await runAsUser(coder, () => saveMemoAction({ projectId, targetType: "coding", targetId: owners!.id, body: body("Not mine.") })))).toBe("forbidden");
    expect(await runAsUser(owner, () => saveMemoAction({ projectId, targetType: "coding", targetId: mine!.id, body: body("Agreed.") }))).toMatchObject({ ok: true });
  });

  it("register every new action with the permission it requires", () => {
    const access = Object.fromEntries(registeredEndpoints().map((e) => [e.name, e.access]));
    expect(access).toMatchObject({
      "codes.move": "codes.update",
      "codes.merge": "codes.merge",
      "memos.save": "memos.write",
      "memos.delete": "memos.write",
      "memos.list": "memos.read",
    });
  });
});
