import { describe, expect, it } from "vitest";
import { buildMatrix, formatValue, normalise } from "./matrix";

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

  it("normalises per 1,000 words of each column's text, 0 where a column has no words", () => {
    expect(normalise({ ...m, columnWords: [1500, 0] }, "per1000")).toEqual([[2, 0], [0, 0]]);
    expect(normalise({ ...m, columnWords: [3000, 800] }, "per1000")).toEqual([[1, 1.25], [0, 5]]);
    expect(() => normalise(m, "per1000")).toThrow(/word counts/);
    expect(formatValue(1.25, "per1000")).toBe("1.25");
    expect(formatValue(37.5, "row")).toBe("37.5 %");
    expect(formatValue(1234, "count")).toBe("1,234");
  });
});
