"use client";
import {
  closestCenter,
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  pointerWithin,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
  type Announcements,
  type CollisionDetection,
  type DragMoveEvent,
} from "@dnd-kit/core";
import { createContext, useCallback, useContext, useMemo, useState } from "react";
import { resolveDrop, ROOT_END, zoneAt, type DropPlace, type DropZone } from "@/lib/codebook/drop";
import { descendantIds } from "@/lib/codebook/tree";
import { cn } from "@/lib/ui/cn";
import { useCodeManager } from "./code-manager";

type DragState = { activeId: string | null; place: DropPlace | null; blocked: ReadonlySet<string> };
const DragContext = createContext<DragState | null>(null);

// The pointer decides where a drop lands; with the keyboard, the dragged card's centre does.
const collision: CollisionDetection = (args) => {
  const hits = pointerWithin(args);
  return hits.length > 0 ? hits : closestCenter(args);
};

/**
 * Drag and drop for the codebook: drop a code on another to nest it, between two to reorder,
 * or on the strip below the list to move it to the top level. The move is shown at once and
 * sent through the code manager; "Move to…" in each code's menu does the same by keyboard.
 */
export function CodeTreeDnd({ children }: { children: React.ReactNode }) {
  const manager = useCodeManager()!;
  const codes = manager.codes;
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 4 } }), useSensor(KeyboardSensor));
  const [activeId, setActiveId] = useState<string | null>(null);
  const [place, setPlace] = useState<DropPlace | null>(null);
  const blocked = useMemo(() => (activeId ? descendantIds(codes, activeId) : new Set<string>()), [codes, activeId]);
  const nameOf = useCallback((id: unknown) => (id === ROOT_END ? "the top level" : (codes.find((c) => c.id === id)?.name ?? "the code")), [codes]);

  const placeOf = (event: DragMoveEvent): DropPlace | null => {
    const { over, active, activatorEvent, delta } = event;
    if (!over) return null;
    if (over.id === ROOT_END) return { overId: ROOT_END, zone: "inside" };
    const overId = String(over.id);
    if (blocked.has(overId)) return null;
    let y: number | null = null;
    if (activatorEvent && "clientY" in activatorEvent) y = (activatorEvent as PointerEvent).clientY + delta.y;
    else if (active.rect.current.translated) y = active.rect.current.translated.top + active.rect.current.translated.height / 2;
    return y === null ? null : { overId, zone: zoneAt(y, over.rect) };
  };
  const track = (event: DragMoveEvent) => {
    const next = placeOf(event);
    setPlace((prev) => (prev?.overId === next?.overId && prev?.zone === next?.zone ? prev : next));
  };
  const reset = () => {
    setActiveId(null);
    setPlace(null);
  };

  const announcements: Announcements = {
    onDragStart: ({ active }) => `Picked up ${nameOf(active.id)}. Move it with the arrow keys; space drops it, escape cancels.`,
    onDragOver: ({ active, over }) => (over ? `${nameOf(active.id)} is over ${nameOf(over.id)}.` : `${nameOf(active.id)} is not over a code.`),
    onDragEnd: ({ active, over }) => (over ? `${nameOf(active.id)} was dropped on ${nameOf(over.id)}.` : `${nameOf(active.id)} was put back.`),
    onDragCancel: ({ active }) => `Moving ${nameOf(active.id)} was cancelled.`,
  };
  const active = activeId ? codes.find((c) => c.id === activeId) : undefined;

  return (
    <DndContext
      // A fixed id keeps dnd-kit's aria ids the same on the server and in the browser.
      id="code-tree-dnd"
      sensors={sensors}
      collisionDetection={collision}
      accessibility={{ announcements }}
      onDragStart={(event) => setActiveId(String(event.active.id))}
      onDragMove={track}
      onDragOver={track}
      onDragEnd={(event) => {
        const dropped = placeOf(event);
        const codeId = String(event.active.id);
        reset();
        const target = dropped && resolveDrop(codes, codeId, dropped);
        if (target) manager.move({ codeId, ...target });
      }}
      onDragCancel={reset}
    >
      <DragContext.Provider value={{ activeId, place, blocked }}>{children}</DragContext.Provider>
      <DragOverlay dropAnimation={null}>
        {active && (
          <div className="inline-flex items-center gap-2 rounded-md border bg-card px-3 py-1.5 text-sm font-medium shadow-lg">
            <span aria-hidden className="size-3 rounded-full" style={{ backgroundColor: active.color }} />
            {active.name}
          </div>
        )}
      </DragOverlay>
    </DndContext>
  );
}

/** One code as drag source and drop target; `zone` is where a drop would land now, if here. */
export function useCodeDrag(codeId: string) {
  const state = useContext(DragContext);
  const drag = useDraggable({ id: codeId });
  const drop = useDroppable({ id: codeId, disabled: !!state?.blocked.has(codeId) });
  const { setNodeRef: setDragRef } = drag;
  const { setNodeRef: setDropRef } = drop;
  const setNodeRef = useCallback(
    (el: HTMLElement | null) => {
      setDragRef(el);
      setDropRef(el);
    },
    [setDragRef, setDropRef],
  );
  const zone: DropZone | null = state?.place && state.place.overId === codeId ? state.place.zone : null;
  return {
    setNodeRef,
    handle: { ref: drag.setActivatorNodeRef, ...drag.attributes, ...drag.listeners },
    isDragging: drag.isDragging,
    zone,
  };
}

/** The strip under the list: dropping there moves the code to the end of the top level. */
export function RootDropStrip() {
  const state = useContext(DragContext);
  const { setNodeRef, isOver } = useDroppable({ id: ROOT_END });
  if (!state?.activeId) return null;
  return (
    <div
      ref={setNodeRef}
      className={cn(
        "mt-3 rounded-lg border-2 border-dashed px-4 py-3 text-center text-sm text-muted-foreground transition-colors",
        isOver && "border-primary bg-accent/60 text-foreground",
      )}
    >
      Drop here to move it to the top level
    </div>
  );
}
