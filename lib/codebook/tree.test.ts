import { describe, expect, it } from "vitest";
import { applyMove, codePaths, codeShortcuts, descendantIds, PATH_SEPARATOR, siblingIndex, treeOrder, wouldCreateCycle, type CodeNode } from "./tree";

const node = (id: string, parentId: string | null, name: string, position = 0): CodeNode => ({ id, parentId, name, position });

// pressure
//   foreign (pos 1)
//     bills
//   domestic (pos 0)
// reward
// sovereignty claim (pos 0, sorts by name among equal positions)
const CODES: CodeNode[] = [
  node("r", null, "reward", 1),
  node("f", "p", "foreign", 1),
  node("b", "f", "bills", 0),
  node("p", null, "pressure", 0),
  node("d", "p", "domestic", 0),
  node("s", null, "sovereignty claim", 1),
];

describe("codePaths", () => {
  it("joins names from the root with /", () => {
    expect(PATH_SEPARATOR).toBe("/");
    const paths = codePaths(CODES);
    expect(Object.fromEntries(paths)).toEqual({
      r: "reward",
      p: "pressure",
      f: "pressure/foreign",
      b: "pressure/foreign/bills",
      d: "pressure/domestic",
      s: "sovereignty claim",
    });
  });

  it("treats a code whose parent is missing as a root", () => {
    expect(codePaths([node("x", "gone", "orphan")]).get("x")).toBe("orphan");
  });

  it("terminates on corrupt data with a cycle", () => {
    const paths = codePaths([node("a", "b", "a"), node("b", "a", "b")]);
    expect(paths.size).toBe(2);
    for (const path of paths.values()) expect(path.split("/").length).toBeLessThanOrEqual(3);
  });
});

describe("treeOrder", () => {
  it("puts parents before children, siblings by position then name, with depth", () => {
    expect(treeOrder(CODES).map(({ code, depth }) => [code.id, depth])).toEqual([
      ["p", 0],
      ["d", 1],
      ["f", 1],
      ["b", 2],
      ["r", 0],
      ["s", 0],
    ]);
  });

  it("orders equal positions by name", () => {
    const order = treeOrder([node("z", null, "zeta"), node("a", null, "alpha"), node("m", null, "mu")]);
    expect(order.map((o) => o.code.name)).toEqual(["alpha", "mu", "zeta"]);
  });

  it("lists orphans as roots and never loops on a cycle", () => {
    const order = treeOrder([node("x", "gone", "orphan"), node("a", "b", "a"), node("b", "a", "b")]);
    expect(order.map((o) => o.code.id)).toEqual(["x"]);
    expect(treeOrder([])).toEqual([]);
  });
});

describe("wouldCreateCycle", () => {
  it.each([
    ["into itself", "p", "p", true],
    ["into its child", "p", "f", true],
    ["into its grandchild", "p", "b", true],
    ["to the root", "b", null, false],
    ["under a sibling", "d", "f", false],
    ["under another root", "f", "r", false],
    ["a leaf under its own parent", "b", "f", false],
  ] as const)("moving %s", (_label, codeId, newParentId, expected) => {
    expect(wouldCreateCycle(CODES, codeId, newParentId)).toBe(expected);
  });

  it("terminates on corrupt data with an existing cycle", () => {
    expect(wouldCreateCycle([node("a", "b", "a"), node("b", "a", "b")], "c", "a")).toBe(false);
  });
});

describe("descendantIds", () => {
  it("is the code and everything below it", () => {
    expect([...descendantIds(CODES, "p")].sort()).toEqual(["b", "d", "f", "p"]);
    expect([...descendantIds(CODES, "f")].sort()).toEqual(["b", "f"]);
    expect([...descendantIds(CODES, "b")]).toEqual(["b"]);
    expect([...descendantIds(CODES, "r")]).toEqual(["r"]);
  });

  it("does not depend on the input order", () => {
    const reversed = [...CODES].reverse();
    expect([...descendantIds(reversed, "p")].sort()).toEqual(["b", "d", "f", "p"]);
  });
});

describe("applyMove", () => {
  const order = (codes: CodeNode[]) => treeOrder(codes).map(({ code, depth }) => `${"  ".repeat(depth)}${code.name}`);

  it.each([
    ["to the top of the roots", "r", null, 0, ["reward", "pressure", "  domestic", "  foreign", "    bills", "sovereignty claim"]],
    ["to the end of the roots", "p", null, 99, ["reward", "sovereignty claim", "pressure", "  domestic", "  foreign", "    bills"]],
    ["under another code, first", "s", "p", 0, ["pressure", "  sovereignty claim", "  domestic", "  foreign", "    bills", "reward"]],
    ["under another code, between", "r", "p", 1, ["pressure", "  domestic", "  reward", "  foreign", "    bills", "sovereignty claim"]],
    ["a sub-code out to the top level", "b", null, 1, ["pressure", "  domestic", "  foreign", "bills", "reward", "sovereignty claim"]],
    ["a sibling down by one", "d", "p", 1, ["pressure", "  foreign", "    bills", "  domestic", "reward", "sovereignty claim"]],
    ["a negative index to the front", "s", null, -3, ["sovereignty claim", "pressure", "  domestic", "  foreign", "    bills", "reward"]],
  ] as const)("moves %s", (_name, codeId, parentId, index, expected) => {
    expect(order(applyMove(CODES, codeId, parentId, index))).toEqual(expected);
  });

  it("renumbers only the new siblings and leaves the input untouched", () => {
    const moved = applyMove(CODES, "s", "p", 0);
    expect(moved.find((c) => c.id === "b")).toBe(CODES.find((c) => c.id === "b"));
    expect(moved.filter((c) => c.parentId === "p").map((c) => [c.id, c.position])).toEqual([
      ["f", 2],
      ["d", 1],
      ["s", 0],
    ]);
    expect(CODES.find((c) => c.id === "s")?.parentId).toBeNull();
  });
});

describe("siblingIndex", () => {
  it.each([
    ["p", 0, 3],
    ["s", 2, 3],
    ["f", 1, 2],
    ["missing", -1, 0],
  ])("%s is at %i of %i", (id, index, count) => {
    expect(siblingIndex(CODES, id)).toEqual({ index, count });
  });
});

describe("codeShortcuts", () => {
  it("numbers the first nine codes in tree order, 1 first", () => {
    expect([...codeShortcuts(CODES)]).toEqual([
      ["p", 1],
      ["d", 2],
      ["f", 3],
      ["b", 4],
      ["r", 5],
      ["s", 6],
    ]);
    const many = Array.from({ length: 12 }, (_, i) => node(`c${i}`, null, `code ${String(i).padStart(2, "0")}`, i));
    const keys = codeShortcuts(many);
    expect(keys.size).toBe(9);
    expect(keys.get("c8")).toBe(9);
    expect(keys.has("c9")).toBe(false);
  });
});
