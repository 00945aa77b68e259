import { describe, expect, it } from "vitest";
import { movedTree, resolveDrop, ROOT_END, zoneAt, type DropPlace } from "./drop";
import type { CodeNode } from "./tree";

// pressure (p)            position 0
//   domestic (d)          0
//   foreign (f)           1
// reward (r)              1
// sovereignty claim (s)   2
const node = (id: string, parentId: string | null, name: string, position: number): CodeNode => ({ id, parentId, name, position });
const CODES = [node("p", null, "pressure", 0), node("d", "p", "domestic", 0), node("f", "p", "foreign", 1), node("r", null, "reward", 1), node("s", null, "sovereignty claim", 2)];

describe("zoneAt", () => {
  it.each([
    [100, "before"],
    [105, "before"],
    [115, "inside"],
    [125, "after"],
    [130, "after"],
  ] as const)("y=%i in a 30px row at 100 is %s", (y, zone) => {
    expect(zoneAt(y, { top: 100, height: 30 })).toBe(zone);
  });
});

describe("resolveDrop", () => {
  it.each<[string, string, DropPlace, { parentId: string | null; index: number } | null]>([
    ["onto a code: its last sub-code", "s", { overId: "p", zone: "inside" }, { parentId: "p", index: 2 }],
    ["onto a leaf: its first sub-code", "s", { overId: "r", zone: "inside" }, { parentId: "r", index: 0 }],
    ["above a root", "s", { overId: "p", zone: "before" }, { parentId: null, index: 0 }],
    ["below a code with sub-codes: first among them", "s", { overId: "p", zone: "after" }, { parentId: "p", index: 0 }],
    ["below a leaf: its next sibling", "d", { overId: "f", zone: "after" }, { parentId: "p", index: 1 }],
    ["a sub-code above a root: out to the top level", "f", { overId: "r", zone: "before" }, { parentId: null, index: 1 }],
    ["onto the strip below the tree: last root", "d", { overId: ROOT_END, zone: "inside" }, { parentId: null, index: 3 }],
    ["where it already is", "f", { overId: "d", zone: "after" }, null],
    ["right above itself", "r", { overId: "s", zone: "before" }, null],
    ["onto itself", "r", { overId: "r", zone: "inside" }, null],
    ["onto a code that does not exist", "r", { overId: "x", zone: "inside" }, null],
  ])("%s", (_name, activeId, place, expected) => {
    expect(resolveDrop(CODES, activeId, place)).toEqual(expected);
  });
});

describe("movedTree", () => {
  it("recomputes order, depth and path", () => {
    const items = CODES.map((c) => ({ ...c, depth: 0, path: c.name }));
    const moved = movedTree(items, "s", "p", 1);
    expect(moved.map((c) => [c.path, c.depth])).toEqual([
      ["pressure", 0],
      ["pressure/domestic", 1],
      ["pressure/sovereignty claim", 1],
      ["pressure/foreign", 1],
      ["reward", 0],
    ]);
  });
});
