"use client";
import { useEffect, useRef, useState } from "react";

export type HandlePlace = { left: number; top: number; height: number };
type Edge = "start" | "end";

/**
 * Two grips at the ends of the selected coding, as in ATLAS.ti: drag one to move that
 * boundary (it lands where the pointer is let go, between two characters), or focus it and
 * use ← and →. The text position under the pointer comes from `offsetAt` (the editor's own
 * hit-testing), so the boundary is exactly where the caret would go.
 */
export function BoundaryHandles({
  start,
  end,
  color,
  offsetAt,
  onMove,
  onNudge,
}: {
  start: HandlePlace;
  end: HandlePlace;
  color: string;
  /** Code-point offset at a client point (for that edge), or null outside the text. */
  offsetAt: (x: number, y: number, edge: Edge) => number | null;
  onMove: (edge: Edge, offset: number) => void;
  onNudge: (edge: Edge, by: -1 | 1) => void;
}) {
  const [drag, setDrag] = useState<{ edge: Edge; x: number; y: number } | null>(null);
  const origin = useRef<{ x: number; y: number }>({ x: 0, y: 0 });
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const parent = root.current?.parentElement;
    if (!parent) return;
    const rect = parent.getBoundingClientRect();
    origin.current = { x: rect.left, y: rect.top };
  });

  const grip = (edge: Edge, place: HandlePlace) => {
    const moving = drag?.edge === edge;
    const left = moving ? drag.x - origin.current.x : place.left;
    const top = moving ? drag.y - origin.current.y - place.height / 2 : place.top;
    return (
      <div
        key={edge}
        role="button"
        tabIndex={0}
        aria-label={edge === "start" ? "Start of the coding: drag, or press ← →" : "End of the coding: drag, or press ← →"}
        data-testid={`boundary-${edge}`}
        className="absolute z-10 w-3 -translate-x-1/2 cursor-col-resize touch-none outline-none focus-visible:ring-2 focus-visible:ring-ring"
        style={{ left, top, height: place.height }}
        onPointerDown={(e) => {
          e.preventDefault();
          e.stopPropagation();
          (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
          const parent = root.current?.parentElement?.getBoundingClientRect();
          if (parent) origin.current = { x: parent.left, y: parent.top };
          setDrag({ edge, x: e.clientX, y: e.clientY });
        }}
        onPointerMove={(e) => {
          if (drag?.edge === edge) setDrag({ edge, x: e.clientX, y: e.clientY });
        }}
        onPointerUp={(e) => {
          if (drag?.edge !== edge) return;
          setDrag(null);
          const offset = offsetAt(e.clientX, e.clientY, edge);
          if (offset !== null) onMove(edge, offset);
        }}
        onPointerCancel={() => setDrag(null)}
        onKeyDown={(e) => {
          if (e.key === "ArrowLeft" || e.key === "ArrowRight") {
            e.preventDefault();
            onNudge(edge, e.key === "ArrowLeft" ? -1 : 1);
          }
        }}
      >
        <span aria-hidden className="absolute inset-y-0 left-1/2 w-0.5 -translate-x-1/2 rounded" style={{ backgroundColor: color }} />
        <span
          aria-hidden
          className="absolute left-1/2 size-2.5 -translate-x-1/2 rounded-full border border-white"
          style={{ backgroundColor: color, ...(edge === "start" ? { top: -5 } : { bottom: -5 }) }}
        />
      </div>
    );
  };

  return (
    <div ref={root} className="contents">
      {grip("start", start)}
      {grip("end", end)}
    </div>
  );
}
