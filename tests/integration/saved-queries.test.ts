import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { useDatabaseHandleForProcess, type DatabaseHandle } from "@/db/client";
import { getCodesByProjectId } from "@/db/queries/codes";
import { addMember } from "@/db/queries/members";
import { listSavedQueries } from "@/db/queries/saved-queries";
import { events, type User } from "@/db/schema";
import { runAsUser } from "@/lib/server/session";
import { retrievalQuerySchema } from "@/lib/validation/retrieval";
import { createTestDatabase } from "../helpers/db";
import { makeProject, makeUser } from "../helpers/factories";

// Outside a request there is no cache to revalidate; the actions' calls to it are no-ops here.
vi.mock("next/cache", () => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn(), refresh: vi.fn() }));
const { saveQueryAction, deleteQueryAction } = await import("@/app/(app)/projects/[projectId]/analysis/actions");

let handle: DatabaseHandle & { label: string };
const db = () => handle.db;
let owner: User, coder: User, other: User, viewer: User, outsider: User;
let projectId: string;
let pressure: string, reward: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  useDatabaseHandleForProcess(handle);
  [owner, coder, other, viewer, outsider] = (await Promise.all(["Q owner", "Q coder", "Q other", "Q viewer", "Q outsider"].map((n) => makeUser(db(), n)))) as [User, User, User, User, User];
  projectId = (await makeProject(db(), owner.id, "Saved queries")).id;
  await addMember(db(), { projectId, email: coder.email!, role: "coder", actorId: owner.id });
  await addMember(db(), { projectId, email: other.email!, role: "coder", actorId: owner.id });
  await addMember(db(), { projectId, email: viewer.email!, role: "viewer", actorId: owner.id });
  const codes = await getCodesByProjectId(db(), { projectId });
  pressure = codes.find((c) => c.name === "pressure")!.id;
  reward = codes.find((c) => c.name === "reward")!.id;
});
afterAll(async () => handle?.close());

const query = () => ({ a: pressure, op: "near", b: reward, within: "2", value: "", document: "" });

describe("saved retrieval queries", () => {
  it("a coder saves a query under a name; it comes back validated, and the save is logged", async () => {
    const saved = await runAsUser(coder, () => saveQueryAction({ projectId, name: "  Pressure near reward  ", query: query() }));
    expect(saved.ok).toBe(true);
    const [row] = await listSavedQueries(db(), { projectId });
    expect(row).toMatchObject({ name: "Pressure near reward", createdBy: coder.id, createdByName: "Q coder" });
    expect(retrievalQuerySchema.parse(row!.query)).toMatchObject({ a: pressure, op: "near", b: reward, within: 2 });
    const logged = (await db().select().from(events)).filter((e) => e.type === "query.saved");
    expect(logged).toHaveLength(1);
  });

  it("refuses a duplicate name, a blank name, an invalid query, a viewer and an outsider — and saves nothing", async () => {
    const attempts = [
      [coder, { name: "Pressure near reward", query: query() }, "conflict", /already called/],
      [coder, { name: "   ", query: query() }, "bad_request", /name/],
      [coder, { name: "Broken", query: { a: pressure, op: "and" } }, "bad_request", /second code/],
      [viewer, { name: "By a viewer", query: query() }, "forbidden", /viewer/],
      [outsider, { name: "By an outsider", query: query() }, "not_found", /not found/i],
    ] as const;
    for (const [user, input, code, message] of attempts) {
      const result = await runAsUser(user, () => saveQueryAction({ projectId, ...input, query: { ...input.query } }));
      expect(result.ok ? null : result.error.code, input.name).toBe(code);
      expect(result.ok ? "" : result.error.message).toMatch(message);
    }
    expect((await listSavedQueries(db(), { projectId })).map((q) => q.name)).toEqual(["Pressure near reward"]);
  });

  it("only its author or the owner deletes a saved query", async () => {
    const [row] = await listSavedQueries(db(), { projectId });
    const refused = await runAsUser(other, () => deleteQueryAction({ projectId, queryId: row!.id }));
    expect(refused.ok ? null : refused.error.code).toBe("forbidden");
    const byOwner = await runAsUser(owner, () => deleteQueryAction({ projectId, queryId: row!.id }));
    expect(byOwner.ok).toBe(true);
    expect(await listSavedQueries(db(), { projectId })).toEqual([]);
    const again = await runAsUser(owner, () => deleteQueryAction({ projectId, queryId: row!.id }));
    expect(again.ok ? null : again.error.code).toBe("not_found");
    expect((await db().select().from(events)).filter((e) => e.type === "query.deleted")).toHaveLength(1);
  });
});
