import Link from "next/link";
import { formatValue, type CountMatrix, type Normalisation } from "@/lib/aggregate/matrix";

/**
 * A matrix as a heat map that is also a table: each cell is shaded by its share of the largest
 * value and shows the number, so screen readers and printouts get the same information as the
 * eye. A non-zero cell links to the passages behind it.
 */
export function HeatMapTable({
  matrix,
  values,
  title,
  normalisation,
  drillHref,
}: {
  matrix: CountMatrix;
  values: number[][];
  title: string;
  normalisation: Normalisation;
  drillHref?: (rowId: string, columnId: string) => string | null;
}) {
  const max = Math.max(0, ...values.flat());
  const show = (n: number) => formatValue(n, normalisation);
  return (
    <div className="overflow-x-auto rounded-xl border bg-card">
      <table className="text-sm" aria-label={title}>
        <caption className="px-3 pt-3 text-left font-semibold">{title}</caption>
        <thead>
          <tr>
            <th className="px-3 py-2 text-left text-xs uppercase tracking-wide text-muted-foreground">Code</th>
            {matrix.columns.map((c) => (
              <th key={c.id} scope="col" className="max-w-40 px-2 py-2 text-right align-bottom text-xs font-medium">
                {c.label}
              </th>
            ))}
            <th scope="col" className="px-3 py-2 text-right text-xs font-semibold">
              Total
            </th>
          </tr>
        </thead>
        <tbody>
          {matrix.rows.map((row, i) => (
            <tr key={row.id} className="border-t">
              <th scope="row" className="px-3 py-1.5 text-left font-medium">
                {row.label}
              </th>
              {matrix.columns.map((column, j) => {
                const n = values[i]![j]!;
                const count = matrix.cells[i]![j]!;
                const href = count > 0 ? drillHref?.(row.id, column.id) : null;
                const alpha = max === 0 ? 0 : n / max;
                return (
                  <td
                    key={column.id}
                    className="px-2 py-1.5 text-right tabular-nums"
                    style={{ backgroundColor: `hsl(221 83% 53% / ${(alpha * 0.55).toFixed(3)})`, color: alpha > 0.6 ? "white" : undefined }}
                    data-row={row.label}
                    data-column={column.label}
                  >
                    {href ? (
                      <Link href={href} className="underline-offset-4 hover:underline" aria-label={`${show(n)}: ${row.label} in ${column.label}, show the passages`}>
                        {show(n)}
                      </Link>
                    ) : (
                      show(n)
                    )}
                  </td>
                );
              })}
              <td className="px-3 py-1.5 text-right font-medium tabular-nums">{matrix.rowTotals[i]!.toLocaleString("en")}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr className="border-t">
            <th scope="row" className="px-3 py-1.5 text-left">
              Total
            </th>
            {matrix.columnTotals.map((n, j) => (
              <td key={j} className="px-2 py-1.5 text-right font-medium tabular-nums">
                {n.toLocaleString("en")}
              </td>
            ))}
            <td className="px-3 py-1.5 text-right font-semibold tabular-nums">{matrix.total.toLocaleString("en")}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
