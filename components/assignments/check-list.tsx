"use client";

type Item = { id: string; label: string; hint?: string };

/** A scrolling list of checkboxes with "all shown" / "none" shortcuts. */
export function CheckList({
  label,
  items,
  selected,
  onChange,
  emptyText,
}: {
  label: string;
  items: Item[];
  selected: Set<string>;
  onChange: (next: Set<string>) => void;
  emptyText: string;
}) {
  const set = (id: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(id);
    else next.delete(id);
    onChange(next);
  };
  if (items.length === 0) return <p className="rounded-md border border-dashed px-3 py-4 text-sm text-muted-foreground">{emptyText}</p>;
  return (
    <div className="grid gap-1.5">
      <div className="flex gap-3 text-xs">
        <button type="button" className="text-primary underline-offset-4 hover:underline" onClick={() => onChange(new Set([...selected, ...items.map((i) => i.id)]))}>
          Select all{items.length > 1 ? ` ${items.length}` : ""}
          <span className="sr-only"> {label.toLowerCase()}</span>
        </button>
        <button
          type="button"
          className="text-primary underline-offset-4 hover:underline"
          onClick={() => onChange(new Set([...selected].filter((id) => !items.some((i) => i.id === id))))}
        >
          Clear<span className="sr-only"> {label.toLowerCase()}</span>
        </button>
      </div>
      <ul aria-label={label} className="max-h-64 divide-y overflow-y-auto rounded-md border">
        {items.map((item) => (
          <li key={item.id}>
            <label className="flex cursor-pointer items-center gap-2 px-3 py-1.5 text-sm hover:bg-accent/50">
              <input type="checkbox" className="size-4 accent-primary" checked={selected.has(item.id)} onChange={(e) => set(item.id, e.target.checked)} />
              <span className="min-w-0 flex-1 truncate">{item.label}</span>
              {item.hint && <span className="text-xs text-muted-foreground">{item.hint}</span>}
            </label>
          </li>
        ))}
      </ul>
    </div>
  );
}
