import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findSites, unionRange, type SiteCoding } from "./sites";

let n = 0;
const c = (coder: string, codeId: string, start: number, end: number): SiteCoding => ({ id: `k${n++}`, coder, codeId, start, end });
const base = { documentId: "d", coders: ["a", "b"], codedBy: new Set(["a", "b"]), consensus: [] as SiteCoding[] };

describe("disagreement sites", () => {
  it("groups overlapping codings of the same code, through chains, into one site over their union", () => {
    const sites = findSites({ ...base, codings: [c("a", "p", 0, 10), c("b", "p", 8, 20), c("a", "p", 18, 30), c("b", "p", 40, 50), c("a", "r", 5, 9)] });
    expect(sites.map((s) => [s.codeId, s.start, s.end, s.agreed])).toEqual([
      ["p", 0, 30, false],
      ["r", 5, 9, false],
      ["p", 40, 50, false],
    ]);
    expect(sites[0]!.versions.map((v) => [v.coder, v.codings.length])).toEqual([["a", 2], ["b", 1]]);
    expect(sites[2]!.versions.find((v) => v.coder === "a")!.codings).toEqual([]); // absent: a disagreement
  });

  it("calls identical ranges agreed, nested ones not", () => {
    const [same] = findSites({ ...base, codings: [c("a", "p", 0, 10), c("b", "p", 0, 10)] });
    expect(same!.agreed).toBe(true);
    const [nested] = findSites({ ...base, codings: [c("a", "p", 0, 10), c("b", "p", 2, 8)] });
    expect(nested!.agreed).toBe(false);
  });

  it("leaves out coders who did not code the document (missing, not disagreeing)", () => {
    const [site] = findSites({ ...base, coders: ["a", "b", "z"], codings: [c("a", "p", 0, 10), c("b", "p", 0, 10)] });
    expect(site!.missingCoders).toEqual(["z"]);
    expect(site!.agreed).toBe(true);
  });

  it("is resolved by an overlapping consensus coding of the code, or by a dismissal of exactly the site", () => {
    const codings = [c("a", "p", 0, 10), c("b", "p", 5, 15)];
    expect(findSites({ ...base, codings })[0]!.resolved).toBe(false);
    expect(findSites({ ...base, codings, consensus: [c("owner", "p", 4, 6)] })[0]!.resolved).toBe(true);
    expect(findSites({ ...base, codings, consensus: [c("owner", "r", 4, 6)] })[0]!.resolved).toBe(false);
    expect(findSites({ ...base, codings, dismissed: new Set(["d:p:0:15"]) })[0]!.resolved).toBe(true);
  });

  it("does not depend on the order of the codings", () => {
    const arb = fc.array(fc.record({ coder: fc.constantFrom("a", "b"), code: fc.constantFrom("p", "r"), start: fc.integer({ min: 0, max: 90 }), len: fc.integer({ min: 1, max: 20 }) }), { maxLength: 20 });
    fc.assert(
      fc.property(arb, (xs) => {
        const codings = xs.map((x, i) => ({ id: `x${i}`, coder: x.coder, codeId: x.code, start: x.start, end: x.start + x.len }));
        const forward = findSites({ ...base, codings });
        const backward = findSites({ ...base, codings: [...codings].reverse() });
        expect(backward.map((s) => [s.key, s.agreed])).toEqual(forward.map((s) => [s.key, s.agreed]));
      }),
    );
  });

  it("merges boundaries to the union", () => {
    expect(unionRange([{ start: 5, end: 9 }, { start: 2, end: 7 }])).toEqual({ start: 2, end: 9 });
  });
});
