"use client";
import type { DomRanges } from "./dom-ranges";
import type { ClientCoding } from "./types";

export type Stripe = { id: string; top: number; height: number; column: number; color: string; name: string };

export const STRIPE_WIDTH = 14;
/**
 * The margin keeps one width whatever it shows: when it widened with the codings in view, the
 * centred text moved sideways under the reader's eyes (and under a selection being made) every
 * time a deeper overlap scrolled in or was coded. Four side by side fit at full width; more
 * share the same space, narrower (the name stays in the tooltip and the accessible name).
 */
export const MARGIN_COLUMNS = 4;
const MARGIN_WIDTH = MARGIN_COLUMNS * STRIPE_WIDTH + 8;
const MIN_STRIPE_WIDTH = 4;

/** Width of one column when `columns` share the margin. */
export function stripeColumnWidth(columns: number): number {
  return columns <= MARGIN_COLUMNS ? STRIPE_WIDTH : Math.max(MIN_STRIPE_WIDTH, Math.floor((MARGIN_COLUMNS * STRIPE_WIDTH) / columns));
}

/**
 * One bar per coding, level with its passage: editor coordinates read once per layout, then
 * greedy columns so overlapping codings sit side by side (as in ATLAS.ti's margin).
 */
export function layoutStripes(
  ranges: DomRanges,
  container: HTMLElement,
  codings: readonly ClientCoding[],
  codeOf: (id: string) => { name: string; color: string } | undefined,
): { stripes: Stripe[]; columns: number } {
  const originTop = container.getBoundingClientRect().top;
  const rows: Stripe[] = [];
  for (const c of codings) {
    const code = codeOf(c.codeId);
    try {
      const range = ranges.range(c.start, c.end);
      const rects = range.getClientRects();
      const a = rects.length > 0 ? rects[0]! : range.getBoundingClientRect();
      const b = rects.length > 0 ? rects[rects.length - 1]! : a;
      const top = a.top - originTop;
      const height = Math.max(b.bottom - a.top, 8);
      rows.push({ id: c.id, top, height, column: 0, color: code?.color ?? "#999999", name: code?.name ?? "?" });
    } catch {
      // An offset outside the text: the quote check will report it; draw nothing.
    }
  }
  rows.sort((x, y) => x.top - y.top || y.height - x.height);
  const columnEnds: number[] = [];
  for (const r of rows) {
    let col = columnEnds.findIndex((end) => end <= r.top + 1);
    if (col < 0) col = columnEnds.push(0) - 1;
    columnEnds[col] = r.top + r.height + 2;
    r.column = col;
  }
  return { stripes: rows, columns: columnEnds.length };
}

export function CodingStripes({
  stripes,
  columns,
  selectedId,
  onHover,
  onSelect,
}: {
  stripes: Stripe[];
  columns: number;
  selectedId: string | null;
  onHover: (id: string | null) => void;
  onSelect: (id: string, top: number) => void;
}) {
  const column = stripeColumnWidth(columns);
  return (
    <div aria-label="Coding stripes" role="group" className="relative shrink-0 font-sans" style={{ width: MARGIN_WIDTH }}>
      {stripes.map((s) => (
        <button
          key={s.id}
          type="button"
          data-testid="coding-stripe"
          data-coding-id={s.id}
          aria-label={`Coding ${s.name}`}
          title={s.name}
          onMouseEnter={() => onHover(s.id)}
          onMouseLeave={() => onHover(null)}
          onFocus={() => onHover(s.id)}
          onBlur={() => onHover(null)}
          onClick={() => onSelect(s.id, s.top)}
          className="absolute overflow-hidden rounded-sm border-l-[3px] text-[10px] leading-none text-foreground/80 [writing-mode:vertical-rl] hover:bg-accent focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
          style={{
            top: s.top,
            height: s.height,
            left: 4 + s.column * column,
            width: column - 2,
            borderColor: s.color,
            background: s.id === selectedId ? "var(--accent)" : undefined,
          }}
        >
          {s.name}
        </button>
      ))}
    </div>
  );
}
