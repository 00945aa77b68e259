import { describe, expect, it } from "vitest";
import { codePaths, descendantIds, PATH_SEPARATOR, treeOrder, wouldCreateCycle, type CodeNode } from "./tree";

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
