import type { FieldChange } from "@/lib/events/describe";

/** Before and after, field by field; a creation shows only what was set. */
export function ChangeTable({ changes, created = false }: { changes: FieldChange[]; created?: boolean }) {
  const onlyAfter = created || changes.every((c) => c.before === null);
  const onlyBefore = !onlyAfter && changes.every((c) => c.after === null);
  return (
    <table className="mt-2 w-full table-fixed border-collapse text-xs">
      <thead className="text-left text-muted-foreground">
        <tr>
          <th scope="col" className="w-28 py-1 pr-2 font-medium">
            Field
          </th>
          {!onlyAfter && (
            <th scope="col" className="py-1 pr-2 font-medium">
              Before
            </th>
          )}
          {!onlyBefore && (
            <th scope="col" className="py-1 font-medium">
              After
            </th>
          )}
        </tr>
      </thead>
      <tbody>
        {changes.map((c) => (
          <tr key={c.field} className="border-t align-top">
            <th scope="row" className="py-1 pr-2 text-left font-medium text-muted-foreground">
              {c.label}
            </th>
            {!onlyAfter && <td className="whitespace-pre-wrap py-1 pr-2 [overflow-wrap:anywhere]">{c.before ?? "—"}</td>}
            {!onlyBefore && <td className="whitespace-pre-wrap py-1 [overflow-wrap:anywhere]">{c.after ?? "—"}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
