/**
 * A counts matrix as the aggregate views, the API and the CSV download share it: labelled rows
 * and columns, a cell per pair, totals. Counting happens in SQL (db/queries/aggregates.ts); this
 * file only shapes and normalises the counts, so it is pure.
 */
export const MATRIX_KINDS = ["code-document", "code-coder", "cooccurrence", "code-attribute", "timeline"] as const;
export type MatrixKind = (typeof MATRIX_KINDS)[number];

export const MATRIX_TITLES: Record<MatrixKind, string> = {
  "code-document": "Codes × documents",
  "code-coder": "Codes × coders",
  cooccurrence: "Code co-occurrence",
  "code-attribute": "Codes × attribute values",
  timeline: "Codes over time",
};
export const MATRIX_AXES: Record<MatrixKind, string> = { "code-document": "Document", "code-coder": "Coder", cooccurrence: "Code", "code-attribute": "Attribute value", timeline: "Publication date" };

export type Axis = { id: string; label: string; color?: string };
export type CountMatrix = {
  kind: MatrixKind;
  rows: Axis[];
  columns: Axis[];
  /** cells[row][column]. */
  cells: number[][];
  rowTotals: number[];
  columnTotals: number[];
  total: number;
};

/** Builds the matrix from sparse (row, column, count) triples; missing pairs are 0. */
export function buildMatrix(kind: MatrixKind, rows: Axis[], columns: Axis[], counts: readonly { row: string; column: string; n: number }[]): CountMatrix {
  const r = new Map(rows.map((a, i) => [a.id, i]));
  const c = new Map(columns.map((a, i) => [a.id, i]));
  const cells = rows.map(() => columns.map(() => 0));
  for (const { row, column, n } of counts) {
    const i = r.get(row);
    const j = c.get(column);
    if (i !== undefined && j !== undefined) cells[i]![j]! += n;
  }
  const rowTotals = cells.map((line) => line.reduce((a, b) => a + b, 0));
  const columnTotals = columns.map((_, j) => cells.reduce((sum, line) => sum + line[j]!, 0));
  return { kind, rows, columns, cells, rowTotals, columnTotals, total: rowTotals.reduce((a, b) => a + b, 0) };
}

export type Normalisation = "count" | "row" | "column";

/** Row % or column % of each cell (0–100); counts unchanged. Empty rows/columns give 0. */
export function normalise(m: CountMatrix, how: Normalisation): number[][] {
  if (how === "count") return m.cells.map((line) => [...line]);
  return m.cells.map((line, i) => line.map((n, j) => {
    const total = how === "row" ? m.rowTotals[i]! : m.columnTotals[j]!;
    return total === 0 ? 0 : (100 * n) / total;
  }));
}
