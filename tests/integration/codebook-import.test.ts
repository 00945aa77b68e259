import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { useDatabaseHandleForProcess, type DatabaseHandle } from "@/db/client";
import { getCodesByProjectId } from "@/db/queries/codes";
import { addMember } from "@/db/queries/members";
import type { User } from "@/db/schema";
import { writeCodebookXml } from "@/lib/refi/write";
import { runAsUser } from "@/lib/server/session";
import { createTestDatabase } from "../helpers/db";
import { makeProject, makeUser } from "../helpers/factories";

// Outside a request there is no cache to revalidate; the actions' calls to it are no-ops here.
vi.mock("next/cache", () => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn(), refresh: vi.fn() }));
const { importCodebookAction } = await import("@/app/(app)/projects/[projectId]/actions");

let handle: DatabaseHandle & { label: string };
const db = () => handle.db;
let owner: User, coder: User;
let projectId: string;
const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64");

beforeAll(async () => {
  handle = await createTestDatabase();
  useDatabaseHandleForProcess(handle);
  [owner, coder] = (await Promise.all([makeUser(db(), "Book owner"), makeUser(db(), "Book coder")])) as [User, User];
  projectId = (await makeProject(db(), owner.id, "Codebook import")).id;
  await addMember(db(), { projectId, email: coder.email!, role: "coder", actorId: owner.id });
});
afterAll(async () => handle?.close());

const paths = async () => (await getCodesByProjectId(db(), { projectId })).map((c) => `${c.path} ${c.color}`).sort();

describe("codebook import", () => {
  it("previews a .qdc without writing, then applies it: new codes under their parents, changed colours", async () => {
    const before = await paths();
    const qdc = writeCodebookXml([
      { guid: "00000000-0000-4000-8000-000000000001", name: "pressure", color: "#ff0000", noteGuids: [], children: [{ guid: "00000000-0000-4000-8000-000000000002", name: "economic", color: "#123456", description: "Money & markets", noteGuids: [], children: [] }] },
      { guid: "00000000-0000-4000-8000-000000000003", name: "legitimacy", color: "#abcdef", noteGuids: [], children: [] },
    ]);
    const preview = await runAsUser(owner, () => importCodebookAction({ projectId, fileName: "book.qdc", content: b64(qdc), apply: false }));
    expect(preview.ok, JSON.stringify(preview)).toBe(true);
    const plan = preview.ok ? preview.data.plan : [];
    expect(plan.map((p) => `${p.path}: ${p.action}`)).toEqual(["pressure: update", "legitimacy: create", "pressure / economic: create"]);
    expect(await paths()).toEqual(before);
    const applied = await runAsUser(owner, () => importCodebookAction({ projectId, fileName: "book.qdc", content: b64(qdc), apply: true }));
    expect(applied.ok ? applied.data.applied : null).toEqual({ created: 2, updated: 1, unchanged: 0 });
    const codes = await getCodesByProjectId(db(), { projectId });
    expect(codes.find((c) => c.path === "pressure/economic")).toMatchObject({ color: "#123456", definition: "Money & markets" });
    expect(codes.find((c) => c.path === "pressure")?.color).toBe("#ff0000");
    // Importing the same file again changes nothing.
    const again = await runAsUser(owner, () => importCodebookAction({ projectId, fileName: "book.qdc", content: b64(qdc), apply: true }));
    expect(again.ok ? again.data.applied : null).toEqual({ created: 0, updated: 0, unchanged: 3 });
  });

  it("imports a CSV with a path column", async () => {
    const csv = "path,colour,description\r\nreward/trade,#00aa00,\"Trade deals, tariffs\"\r\n";
    const applied = await runAsUser(owner, () => importCodebookAction({ projectId, fileName: "book.csv", content: b64(csv), apply: true }));
    expect(applied.ok ? applied.data.applied : null).toEqual({ created: 1, updated: 0, unchanged: 1 });
    expect((await getCodesByProjectId(db(), { projectId })).find((c) => c.path === "reward/trade")?.definition).toBe("Trade deals, tariffs");
  });

  it("refuses a coder, a broken file and a DOCTYPE, and changes nothing", async () => {
    const before = await paths();
    const byCoder = await runAsUser(coder, () => importCodebookAction({ projectId, fileName: "x.csv", content: b64("name\nsomething\n"), apply: true }));
    expect(byCoder.ok ? null : byCoder.error.code).toBe("forbidden");
    for (const [fileName, text, message] of [
      ["x.csv", "a,b\n1,2\n", /path" or "name" column/],
      ["x.qdc", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><CodeBook/>', /DOCTYPE/],
      ["x.qdc", "<NotACodebook/>", /no <CodeBook>/],
    ] as const) {
      const result = await runAsUser(owner, () => importCodebookAction({ projectId, fileName, content: b64(text), apply: true }));
      expect(result.ok ? null : result.error.code, fileName).toBe("unprocessable");
      expect(result.ok ? "" : result.error.message).toMatch(message);
    }
    expect(await paths()).toEqual(before);
  });
});
