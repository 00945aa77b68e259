import { Progress } from "@/components/ui/progress";
import type { CoderProgress } from "@/db/queries/assignments";
import { RoleBadge } from "@/components/projects/role-badge";

const percent = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 100));

/** Per coder: documents assigned, started (at least one of their codings) and marked done. */
export function ProgressTable({ rows }: { rows: CoderProgress[] }) {
  return (
    <div className="overflow-x-auto rounded-xl border bg-card shadow-sm">
      <table className="w-full text-sm">
        <caption className="sr-only">Progress per coder</caption>
        <thead className="border-b bg-muted/50 text-left text-xs uppercase tracking-wide text-muted-foreground">
          <tr>
            <th scope="col" className="px-4 py-2.5 font-medium">
              Coder
            </th>
            <th scope="col" className="px-4 py-2.5 text-right font-medium">
              Assigned
            </th>
            <th scope="col" className="px-4 py-2.5 text-right font-medium">
              Started
            </th>
            <th scope="col" className="px-4 py-2.5 text-right font-medium">
              Done
            </th>
            <th scope="col" className="w-1/3 px-4 py-2.5 font-medium">
              Progress
            </th>
          </tr>
        </thead>
        <tbody className="divide-y">
          {rows.map((row) => (
            <tr key={row.userId}>
              <th scope="row" className="px-4 py-3 text-left font-medium">
                <span className="mr-2">{row.name}</span>
                {row.role ? <RoleBadge role={row.role} /> : <span className="text-xs font-normal text-muted-foreground">former member</span>}
              </th>
              <td className="px-4 py-3 text-right tabular-nums">{row.assigned}</td>
              <td className="px-4 py-3 text-right tabular-nums">{row.started}</td>
              <td className="px-4 py-3 text-right tabular-nums">{row.done}</td>
              <td className="px-4 py-3">
                {row.assigned === 0 ? (
                  <span className="text-xs text-muted-foreground">Nothing assigned</span>
                ) : (
                  <div className="flex items-center gap-3">
                    <Progress
                      value={percent(row.done, row.assigned)}
                      label={`${row.name}: ${row.done} of ${row.assigned} done`}
                      tone={row.done === row.assigned ? "success" : "default"}
                    />
                    <span className="w-10 shrink-0 text-right text-xs tabular-nums text-muted-foreground">{percent(row.done, row.assigned)} %</span>
                  </div>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
