"use client";
import { useCallback, useMemo, useRef, useState } from "react";
import { toast } from "sonner";
import { ApiError, codingApi, fromEventJson, type CodingEventJson, type CodingPatchInput, type NewCodingInput } from "./coding-api";
import type { LiveEvent } from "@/components/live/live-project";
import type { ClientCoding } from "./types";

type UndoEntry = { undo: () => Promise<void>; redo: () => Promise<void> };

const message = (e: unknown) => (e instanceof ApiError || e instanceof Error ? e.message : "Something went wrong.");

/**
 * The codings of one document, with optimistic writes through the JSON API and an undo
 * history of the user's own actions here: create ↔ delete, update ↔ inverse update. A coding
 * recreated by undo gets a new id; `alias` maps old ids to new ones so older entries still work.
 */
export function useCodings({ projectId, documentId, initial, quoteOf }: { projectId: string; documentId: string; initial: ClientCoding[]; quoteOf: (s: number, e: number) => string }) {
  const api = useMemo(() => codingApi(projectId), [projectId]);
  const [codings, setState] = useState<ClientCoding[]>(initial);
  // The source of truth for the async writers below (state updaters may run later than we read).
  const store = useRef<ClientCoding[]>(initial);
  const setCodings = (fn: (cs: ClientCoding[]) => ClientCoding[]) => {
    store.current = fn(store.current);
    setState(store.current);
  };
  const undoStack = useRef<UndoEntry[]>([]);
  const redoStack = useRef<UndoEntry[]>([]);
  const alias = useRef(new Map<string, string>());
  const busy = useRef<Promise<unknown>>(Promise.resolve());
  const [sessionDelta, setSessionDelta] = useState<Record<string, number>>({});

  const resolve = (id: string) => {
    let cur = id;
    for (let i = 0; i < 100 && alias.current.has(cur); i++) cur = alias.current.get(cur)!;
    return cur;
  };
  const bump = (codeId: string, by: number) => setSessionDelta((d) => ({ ...d, [codeId]: (d[codeId] ?? 0) + by }));

  const rawCreate = useCallback(
    async (input: Omit<NewCodingInput, "documentId">, coderId: string, replaces?: string): Promise<ClientCoding | null> => {
      const tempId = `tmp-${Math.random().toString(36).slice(2)}`;
      const optimistic: ClientCoding = { id: tempId, coderId, memo: "", version: 1, createdAt: new Date().toISOString(), quote: quoteOf(input.start, input.end), pending: true, ...input };
      setCodings((cs) => [...cs, optimistic]);
      bump(input.codeId, 1);
      try {
        const saved = await api.create({ documentId, ...input });
        // Its event may have arrived first (applyEvent): keep one copy, the newest.
        setCodings((cs) => {
          // Already replaced by its event (and perhaps deleted since): nothing to add.
          if (!cs.some((c) => c.id === tempId)) return cs;
          const known = cs.find((c) => c.id === saved.id);
          const kept = cs.filter((c) => c.id !== saved.id);
          return kept.map((c) => (c.id === tempId ? (known && known.version > saved.version ? known : saved) : c));
        });
        if (replaces) alias.current.set(replaces, saved.id);
        return saved;
      } catch (e) {
        setCodings((cs) => cs.filter((c) => c.id !== tempId));
        bump(input.codeId, -1);
        toast.error(`Could not code the passage: ${message(e)}`);
        return null;
      }
    },
    [api, documentId, quoteOf],
  );

  const rawRemove = useCallback(
    async (id: string): Promise<boolean> => {
      const removed = store.current.find((c) => c.id === id);
      setCodings((cs) => cs.filter((c) => c.id !== id));
      if (removed) bump(removed.codeId, -1);
      try {
        await api.remove(id);
        return true;
      } catch (e) {
        if (removed) {
          const back = removed;
          setCodings((cs) => [...cs, back]);
          bump(back.codeId, 1);
        }
        toast.error(`Could not delete the coding: ${message(e)}`);
        return false;
      }
    },
    [api],
  );

  const rawUpdate = useCallback(
    async (id: string, patch: CodingPatchInput): Promise<ClientCoding | null> => {
      const before = store.current.find((c) => c.id === id);
      setCodings((cs) =>
        cs.map((c) => {
          if (c.id !== id) return c;
          const next = { ...c, ...patch, pending: true };
          return { ...next, quote: patch.start !== undefined || patch.end !== undefined ? quoteOf(next.start, next.end) : c.quote };
        }),
      );
      if (before && patch.codeId && patch.codeId !== before.codeId) {
        bump(before.codeId, -1);
        bump(patch.codeId, 1);
      }
      try {
        // The version this edit is based on: an edit of a coding someone changed meanwhile is refused.
        const saved = await api.update(id, before ? { ...patch, version: before.version } : patch);
        setCodings((cs) => cs.map((c) => (c.id === id ? (c.version > saved.version && !c.pending ? c : saved) : c)));
        return saved;
      } catch (e) {
        const current = e instanceof ApiError && e.code === "conflict" ? (e.details?.current as CodingEventJson | undefined) : undefined;
        if (current && before) {
          // Show what it is now, and say so.
          const now = fromEventJson(current);
          setCodings((cs) => cs.map((c) => (c.id === id ? now : c)));
          if (patch.codeId && patch.codeId !== before.codeId) {
            bump(patch.codeId, -1);
            bump(now.codeId, 1);
          }
          toast.error(`${e instanceof Error ? e.message : "Someone changed this coding."} It now covers ${now.start}–${now.end}: "${now.quote.slice(0, 60)}${now.quote.length > 60 ? "…" : ""}".`);
          return null;
        }
        if (before) {
          const back = before;
          setCodings((cs) => cs.map((c) => (c.id === id ? back : c)));
          if (patch.codeId && patch.codeId !== back.codeId) {
            bump(back.codeId, 1);
            bump(patch.codeId, -1);
          }
        }
        toast.error(`Could not change the coding: ${message(e)}`);
        return null;
      }
    },
    [api, quoteOf],
  );

  // Writes run one after another, so an undo never overtakes the write it undoes.
  const queue = useCallback(<T,>(fn: () => Promise<T>): Promise<T> => {
    const next = busy.current.then(fn, fn);
    busy.current = next.catch(() => undefined);
    return next;
  }, []);

  const record = (entry: UndoEntry) => {
    undoStack.current.push(entry);
    if (undoStack.current.length > 200) undoStack.current.shift();
    redoStack.current = [];
  };

  const create = useCallback(
    (input: Omit<NewCodingInput, "documentId">, coderId: string) =>
      queue(async () => {
        const saved = await rawCreate(input, coderId);
        if (!saved) return null;
        const original = saved.id;
        record({
          undo: async () => void (await rawRemove(resolve(original))),
          redo: async () => void (await rawCreate(input, coderId, resolve(original))),
        });
        return saved;
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [queue, rawCreate, rawRemove],
  );

  const remove = useCallback(
    (coding: ClientCoding) =>
      queue(async () => {
        const id = resolve(coding.id);
        const current = store.current.find((c) => c.id === id) ?? coding;
        const ok = await rawRemove(id);
        if (!ok) return;
        const input = { codeId: current.codeId, start: current.start, end: current.end, memo: current.memo || undefined };
        record({
          undo: async () => void (await rawCreate(input, coding.coderId, resolve(coding.id))),
          redo: async () => void (await rawRemove(resolve(coding.id))),
        });
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [queue, rawCreate, rawRemove],
  );

  const update = useCallback(
    (coding: ClientCoding, patch: CodingPatchInput) =>
      queue(async () => {
        const inverse: CodingPatchInput = {};
        const current = store.current.find((c) => c.id === resolve(coding.id)) ?? coding;
        for (const key of Object.keys(patch) as (keyof CodingPatchInput)[]) (inverse as Record<string, unknown>)[key] = current[key];
        const saved = await rawUpdate(resolve(coding.id), patch);
        if (!saved) return null;
        record({
          undo: async () => void (await rawUpdate(resolve(coding.id), inverse)),
          redo: async () => void (await rawUpdate(resolve(coding.id), patch)),
        });
        return saved;
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [queue, rawUpdate],
  );

  const undo = useCallback(
    () =>
      queue(async () => {
        const entry = undoStack.current.pop();
        if (!entry) return toast.message("Nothing to undo.");
        await entry.undo();
        redoStack.current.push(entry);
      }),
    [queue],
  );
  const redo = useCallback(
    () =>
      queue(async () => {
        const entry = redoStack.current.pop();
        if (!entry) return toast.message("Nothing to redo.");
        await entry.redo();
        undoStack.current.push(entry);
      }),
    [queue],
  );

  /**
   * An event of this project, from the live stream (everyone's changes, this user's own too):
   * codings of this document are added, changed or removed by id and version, so an event that
   * repeats what a response already applied changes nothing.
   */
  const applyEvent = useCallback(
    (event: LiveEvent, selfId: string) => {
      if (event.entityType !== "coding") return;
      const row = (event.after ?? event.before) as CodingEventJson | null;
      if (!row || row.documentId !== documentId) return;
      const fromOthers = event.actorId !== selfId;
      if (event.type === "coding.deleted") {
        const gone = store.current.find((c) => c.id === event.entityId);
        if (!gone) return;
        setCodings((cs) => cs.filter((c) => c.id !== event.entityId));
        if (fromOthers) bump(gone.codeId, -1);
        return;
      }
      const next = fromEventJson(event.after as CodingEventJson);
      const existing = store.current.find((c) => c.id === next.id);
      if (existing) {
        if (existing.pending || existing.version >= next.version) return; // ours in flight, or not newer
        setCodings((cs) => cs.map((c) => (c.id === next.id ? next : c)));
        if (fromOthers && existing.codeId !== next.codeId) {
          bump(existing.codeId, -1);
          bump(next.codeId, 1);
        }
        return;
      }
      if (event.type === "coding.updated") {
        // Not shown here (hidden before a reveal, or removed): nothing to change in place.
        if (!event.before) return;
      }
      // Our own new coding whose response has not come back yet: the event takes the
      // optimistic copy's place.
      const twin = store.current.find((c) => c.pending && c.id.startsWith("tmp-") && c.coderId === next.coderId && c.codeId === next.codeId && c.start === next.start && c.end === next.end);
      setCodings((cs) => (twin ? cs.map((c) => (c.id === twin.id ? next : c)) : [...cs, next]));
      if (fromOthers) bump(next.codeId, 1);
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [documentId],
  );

  /** Everything the server now shows this user in this document (after a reveal, say). */
  const reload = useCallback(async () => {
    const fresh = await api.list(documentId);
    setCodings((cs) => [...fresh, ...cs.filter((c) => c.pending && c.id.startsWith("tmp-"))]);
  }, [api, documentId]);

  return { codings, create, remove, update, undo, redo, sessionDelta, resolve, applyEvent, reload };
}
