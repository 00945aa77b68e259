"use client";
import { usePathname, useRouter } from "next/navigation";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";
import { EVENT_TYPES } from "@/lib/events/types";
import type { EventPayload } from "@/lib/events/sse";

export type LiveEvent = EventPayload;
export type PresenceEntry = { userId: string; name: string; documentId: string | null };
export type LiveStatus = "connecting" | "live" | "offline";

type LiveContextValue = {
  userId: string;
  status: LiveStatus;
  presence: PresenceEntry[];
  /** Called for every event of the project, in order, the actor's own included. */
  subscribe: (listener: (event: LiveEvent) => void) => () => void;
  /**
   * A view that applies events itself (the coding workspace) claims them, so the page is not
   * also refreshed from the server: one update path, not two.
   */
  claimEvents: () => () => void;
};

const LiveContext = createContext<LiveContextValue | null>(null);

const DOCUMENT_PATH = /\/documents\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:\/|$)/i;
const REFRESH_DELAY_MS = 250;

/**
 * One server-sent event stream per open project page (`GET /api/v1/projects/:id/events`). Views
 * subscribe to it; pages rendered on the server are refreshed when something changes, unless a
 * view applies the events itself. The stream says which document this member is viewing
 * (presence) and resumes after the last event it delivered when it reconnects (EventSource
 * sends Last-Event-ID; a new stream for another document passes `after`).
 */
export function LiveProject({ projectId, userId, children }: { projectId: string; userId: string; children: React.ReactNode }) {
  const pathname = usePathname();
  const documentId = DOCUMENT_PATH.exec(pathname ?? "")?.[1] ?? null;
  const router = useRouter();
  const listeners = useRef(new Set<(event: LiveEvent) => void>());
  const claims = useRef(0);
  const lastId = useRef<number | null>(null);
  const [presence, setPresence] = useState<PresenceEntry[]>([]);
  const [status, setStatus] = useState<LiveStatus>("connecting");

  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    const params = new URLSearchParams();
    if (documentId) params.set("documentId", documentId);
    if (lastId.current !== null) params.set("after", String(lastId.current));
    const source = new EventSource(`/api/v1/projects/${projectId}/events${params.size ? `?${params}` : ""}`);
    let refresh: ReturnType<typeof setTimeout> | undefined;
    const onEvent = (message: MessageEvent<string>) => {
      let event: LiveEvent;
      try {
        event = JSON.parse(message.data) as LiveEvent;
      } catch {
        return;
      }
      // Events come in commit order, which is not always id order; the server sends each once,
      // and a stream resumed after the last one received continues exactly there.
      lastId.current = event.id;
      for (const listener of listeners.current) listener(event);
      if (claims.current === 0) {
        clearTimeout(refresh);
        refresh = setTimeout(() => router.refresh(), REFRESH_DELAY_MS);
      }
    };
    for (const type of EVENT_TYPES) source.addEventListener(type, onEvent as EventListener);
    source.addEventListener("ready", ((message: MessageEvent<string>) => {
      const { id } = JSON.parse(message.data) as { id: number };
      if (lastId.current === null) lastId.current = id;
      setStatus("live");
    }) as EventListener);
    source.addEventListener("presence", ((message: MessageEvent<string>) => setPresence(JSON.parse(message.data) as PresenceEntry[])) as EventListener);
    // The member was removed or the project deleted: stop, and let the server say what is left.
    source.addEventListener("end", () => {
      source.close();
      setStatus("offline");
      router.refresh();
    });
    source.onopen = () => setStatus("live");
    // A dropped connection: EventSource retries by itself (with Last-Event-ID).
    source.onerror = () => setStatus(source.readyState === EventSource.CLOSED ? "offline" : "connecting");
    return () => {
      clearTimeout(refresh);
      source.close();
    };
  }, [projectId, documentId, router]);

  const subscribe = useCallback((listener: (event: LiveEvent) => void) => {
    listeners.current.add(listener);
    return () => void listeners.current.delete(listener);
  }, []);
  const claimEvents = useCallback(() => {
    claims.current++;
    return () => void claims.current--;
  }, []);

  const value = useMemo(() => ({ userId, status, presence, subscribe, claimEvents }), [userId, status, presence, subscribe, claimEvents]);
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

export function useLive(): LiveContextValue | null {
  return useContext(LiveContext);
}

/** Calls `listener` for each event (latest closure, subscribed once). */
export function useLiveEvents(listener: (event: LiveEvent) => void, options: { claim?: boolean } = {}) {
  const live = useLive();
  const latest = useRef(listener);
  latest.current = listener;
  const claim = options.claim ?? false;
  useEffect(() => {
    if (!live) return;
    const release = claim ? live.claimEvents() : undefined;
    const unsubscribe = live.subscribe((event) => latest.current(event));
    return () => {
      unsubscribe();
      release?.();
    };
  }, [live, claim]);
}
