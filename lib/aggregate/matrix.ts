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
  /**
   * Words in the text behind each column (the document, the documents with that attribute value,
   * the documents of that period), for "per 1,000 words"; absent where a column is no text.
   */
  columnWords?: number[];
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

export const NORMALISATIONS = ["count", "row", "column", "per1000"] as const;
export type Normalisation = (typeof NORMALISATIONS)[number];
export const NORMALISATION_LABELS: Record<Normalisation, string> = { count: "Counts", row: "Row %", column: "Column %", per1000: "Per 1,000 words" };

/** Matrices whose columns are stretches of text, so a count can be put per 1,000 of their words. */
export const PER_WORDS_KINDS: readonly MatrixKind[] = ["code-document", "code-attribute", "timeline"];

/** How a normalised value reads: "12", "37.5 %", "4.21 per 1,000 words" (the unit goes in headings). */
export function formatValue(n: number, how: Normalisation): string {
  if (how === "count") return n.toLocaleString("en");
  if (how === "per1000") return n.toFixed(2);
  return `${n.toFixed(1)} %`;
}

/**
 * Row % or column % of each cell (0–100); codings per 1,000 words of the column's text; counts
 * unchanged. Empty rows/columns (and columns without words) give 0.
 */
export function normalise(m: CountMatrix, how: Normalisation): number[][] {
  if (how === "count") return m.cells.map((line) => [...line]);
  if (how === "per1000") {
    const words = m.columnWords;
    if (!words) throw new Error(`${m.kind} has no word counts to normalise by`);
    return m.cells.map((line) => line.map((n, j) => (words[j]! === 0 ? 0 : (1000 * n) / words[j]!)));
  }
  return m.cells.map((line, i) => line.map((n, j) => {
    const total = how === "row" ? m.rowTotals[i]! : m.columnTotals[j]!;
    return total === 0 ? 0 : (100 * n) / total;
  }));
}
