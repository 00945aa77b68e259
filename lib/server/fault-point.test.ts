import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { FAULT_MARKER_ENV, FAULT_POINT_ENV, faultAnnouncement, faultPoint } from "./fault-point";

const settled = (promise: Promise<unknown>, ms = 50) => Promise.race([promise.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);

describe("faultPoint", () => {
  afterEach(() => {
    delete process.env[FAULT_POINT_ENV];
    delete process.env[FAULT_MARKER_ENV];
    vi.restoreAllMocks();
  });

  it("does nothing when no point is armed, or another one is", async () => {
    const write = vi.spyOn(process.stderr, "write");
    expect(await settled(faultPoint("code-merge.in-transaction"))).toBe(true);
    process.env[FAULT_POINT_ENV] = "qdpx-import.in-transaction";
    expect(await settled(faultPoint("code-merge.in-transaction"))).toBe(true);
    expect(write).not.toHaveBeenCalled();
  });

  it("announces the armed point on stderr and in the marker file, then never returns", async () => {
    const marker = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "qualcode-fault-")), "reached");
    process.env[FAULT_POINT_ENV] = "code-merge.in-transaction";
    process.env[FAULT_MARKER_ENV] = marker;
    const write = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    expect(await settled(faultPoint("code-merge.in-transaction"), 300)).toBe(false);
    expect(write).toHaveBeenCalledWith(`${faultAnnouncement("code-merge.in-transaction")}\n`);
    expect(fs.readFileSync(marker, "utf8")).toBe("code-merge.in-transaction");
    fs.rmSync(path.dirname(marker), { recursive: true, force: true });
  });
});
