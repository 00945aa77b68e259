import { neutraliseFormula } from "@/lib/dataset/formula";
import type { CountMatrix } from "./matrix";

/** A matrix as CSV: a header of column labels, one line per row with its total; formula-like labels neutralised. */
export function matrixToCsv(m: CountMatrix, values: number[][] = m.cells): string {
  const cell = (v: string) => {
    const safe = neutraliseFormula(v);
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  const num = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2));
  const lines = [["", ...m.columns.map((c) => c.label), "Total"].map(cell).join(",")];
  m.rows.forEach((row, i) => lines.push([cell(row.label), ...values[i]!.map(num), num(m.rowTotals[i]!)].join(",")));
  lines.push([cell("Total"), ...m.columnTotals.map(num), num(m.total)].join(","));
  return lines.join("\r\n") + "\r\n";
}
