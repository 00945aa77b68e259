import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { useDatabaseHandleForProcess, type DatabaseHandle } from "@/db/client";
import { getCodeById, getCodesByProjectId } from "@/db/queries/codes";
import { addMember } from "@/db/queries/members";
import { codings, documents, type Code, type User } from "@/db/schema";
import { runAsUser } from "@/lib/server/session";
import { createTestDatabase } from "../helpers/db";
import { makeProject, makeUser } from "../helpers/factories";

// Outside a request there is no cache to revalidate; the actions' calls to it are no-ops here.
vi.mock("next/cache", () => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn(), refresh: vi.fn() }));

// The codebook's server actions, imported the way the page imports them ("use server" is a
// plain string here): the guard must refuse what the role does not allow, whoever calls.
const { createCodeAction, deleteCodeAction, updateCodeAction } = await import("@/app/(app)/projects/[projectId]/actions");

let handle: DatabaseHandle & { label: string };
const db = () => handle.db;
let owner: User, coder: User, viewer: User, outsider: User;
let projectId: string;
let pressure: Code;

beforeAll(async () => {
  handle = await createTestDatabase();
  useDatabaseHandleForProcess(handle);
  owner = await makeUser(db(), "Action owner");
  coder = await makeUser(db(), "Action coder");
  viewer = await makeUser(db(), "Action viewer");
  outsider = await makeUser(db(), "Action outsider");
  projectId = (await makeProject(db(), owner.id, "Action project")).id;
  await addMember(db(), { projectId, email: coder.email!, role: "coder", actorId: owner.id });
  await addMember(db(), { projectId, email: viewer.email!, role: "viewer", actorId: owner.id });
  pressure = (await getCodesByProjectId(db(), { projectId })).find((c) => c.name === "pressure")!;
});
afterAll(async () => handle?.close());

describe("codebook server actions", () => {
  it("refuse a viewer's update, and change nothing", async () => {
    const result = await runAsUser(viewer, () =>
      updateCodeAction({ projectId, codeId: pressure.id, version: pressure.version, definition: "Rewritten by a viewer." }),
    );
    expect(result).toEqual({ ok: false, error: { code: "forbidden", message: expect.stringContaining("(viewer) does not allow you to edit codes") } });
    const after = await getCodeById(db(), { projectId, codeId: pressure.id });
    expect(after?.definition).toBe(pressure.definition);
    expect(after?.version).toBe(pressure.version);
  });

  it("refuse a viewer's create and delete", async () => {
    const created = await runAsUser(viewer, () => createCodeAction({ projectId, name: "viewer code" }));
    expect(created.ok ? null : created.error.code).toBe("forbidden");
    const deleted = await runAsUser(viewer, () => deleteCodeAction({ projectId, codeId: pressure.id, codings: "delete" }));
    expect(deleted.ok ? null : deleted.error.code).toBe("forbidden");
    expect((await getCodesByProjectId(db(), { projectId })).map((c) => c.name)).toEqual(["pressure", "sovereignty claim", "reward"]);
  });

  it("answer a non-member as if the project did not exist", async () => {
    const result = await runAsUser(outsider, () => updateCodeAction({ projectId, codeId: pressure.id, definition: "x" }));
    expect(result).toEqual({ ok: false, error: { code: "not_found", message: "Project not found." } });
    const malformed = await runAsUser(outsider, () => updateCodeAction({ projectId: "not-a-uuid", codeId: pressure.id, definition: "x" }));
    expect(malformed).toEqual({ ok: false, error: { code: "not_found", message: "Project not found." } });
  });

  it("let a coder edit, and refuse an edit based on a stale version with the current state", async () => {
    const first = await runAsUser(coder, () =>
      updateCodeAction({ projectId, codeId: pressure.id, version: pressure.version, examples: "“We urge the government to…”" }),
    );
    expect(first).toEqual({ ok: true, data: { id: pressure.id, name: "pressure", version: pressure.version + 1 } });

    const stale = await runAsUser(owner, () =>
      updateCodeAction({ projectId, codeId: pressure.id, version: pressure.version, examples: "An older idea." }),
    );
    expect(stale.ok).toBe(false);
    if (stale.ok) return;
    expect(stale.error.code).toBe("conflict");
    expect(stale.error.message).toContain("while you were editing it");
    expect((stale.error.details?.current as Code).examples).toBe("“We urge the government to…”");
  });

  it("let a coder create codes but not delete them (deleting is the owner's)", async () => {
    const created = await runAsUser(coder, () => createCodeAction({ projectId, name: "legitimacy", parentId: null, definition: "Standing." }));
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    const refused = await runAsUser(coder, () => deleteCodeAction({ projectId, codeId: created.data.id, codings: "delete" }));
    expect(refused.ok ? null : refused.error.code).toBe("forbidden");
    const deleted = await runAsUser(owner, () => deleteCodeAction({ projectId, codeId: created.data.id, codings: "refuse" }));
    expect(deleted).toEqual({ ok: true, data: { deletedCodings: 0, movedCodings: 0 } });
  });

  it("refuse to take codings along unless the owner chose what happens to them", async () => {
    const created = await runAsUser(owner, () => createCodeAction({ projectId, name: "to be merged" }));
    if (!created.ok) throw new Error(created.error.message);
    const codeId = created.data.id;
    const [doc] = await db()
      .insert(documents)
      .values({ projectId, title: "Report", text: "Pressure was applied.", length: 21, sha256: "0".repeat(64) })
      .returning();
    await db().insert(codings).values({ projectId, documentId: doc!.id, codeId, coderId: coder.id, startOffset: 0, endOffset: 8, quote: "Pressure" });

    const refused = await runAsUser(owner, () => deleteCodeAction({ projectId, codeId, codings: "refuse" }));
    expect(refused.ok ? null : refused.error).toMatchObject({ code: "conflict", details: { codingCount: 1 } });

    const moved = await runAsUser(owner, () => deleteCodeAction({ projectId, codeId, codings: "move", targetCodeId: pressure.id }));
    expect(moved).toEqual({ ok: true, data: { deletedCodings: 0, movedCodings: 1 } });
  });

  it("validate input with the shared schemas and name the field", async () => {
    const result = await runAsUser(owner, () => createCodeAction({ projectId, name: "a/b" }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe("bad_request");
    expect(result.error.details?.fields).toEqual({ name: expect.stringContaining("cannot contain") });
    const duplicate = await runAsUser(owner, () => createCodeAction({ projectId, name: "reward" }));
    expect(duplicate.ok ? null : duplicate.error).toMatchObject({ code: "conflict", details: { field: "name" } });
  });
});
