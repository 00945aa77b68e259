import { DownloadButton } from "./download-button";

export type ExportFormatItem = { format: string; label: string; note: string; href: string };

/** A grid of export formats, each a card with its name, what it is for, and its download. */
export function FormatList({ items }: { items: readonly ExportFormatItem[] }) {
  return (
    <ul className="grid gap-2 sm:grid-cols-2 lg:grid-cols-3">
      {items.map((f) => (
        <li key={f.format} className="flex items-center justify-between gap-3 rounded-lg border p-3 text-sm">
          <div>
            <p className="font-medium">{f.label}</p>
            <p className="text-xs text-muted-foreground">{f.note}</p>
          </div>
          <DownloadButton href={f.href} label={`Download ${f.label}`} testId={`export-${f.format}`} />
        </li>
      ))}
    </ul>
  );
}
