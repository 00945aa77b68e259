import { describe, expect, it } from "vitest";
import { buildMatrix, normalise } from "./matrix";

describe("count matrices", () => {
  const m = buildMatrix(
    "code-document",
    [{ id: "p", label: "pressure" }, { id: "r", label: "reward" }],
    [{ id: "d1", label: "One" }, { id: "d2", label: "Two" }],
    [{ row: "p", column: "d1", n: 3 }, { row: "p", column: "d2", n: 1 }, { row: "r", column: "d2", n: 4 }, { row: "x", column: "d1", n: 9 }],
  );

  it("fills cells from sparse counts, ignores unknown rows, and totals them", () => {
    expect(m.cells).toEqual([[3, 1], [0, 4]]);
    expect(m.rowTotals).toEqual([4, 4]);
    expect(m.columnTotals).toEqual([3, 5]);
    expect(m.total).toBe(8);
  });

  it("normalises to row and column percentages", () => {
    expect(normalise(m, "row")).toEqual([[75, 25], [0, 100]]);
    expect(normalise(m, "column")).toEqual([[100, 20], [0, 80]]);
    expect(normalise(m, "count")).toEqual(m.cells);
  });
});
