import "server-only";
import { randomUUID } from "node:crypto";
import postgres from "postgres";
import { getDatabaseHandle, reconnectBackoff, type DatabaseHandle } from "@/db/client";
import { cursorBefore, getTransactionFrontier, readEventsAfter, type EventCursor, type LiveEvent } from "@/db/queries/events";
import {
  getPresenceByProjectId,
  joinPresence,
  leaveAllPresence,
  leavePresence,
  PRESENCE_CHANNEL,
  purgeStalePresence,
  touchPresence,
  type PresenceEntry,
} from "@/db/queries/presence";
import { getProjectMembership } from "@/db/queries/projects";
import { eventPayload, type EventPayload } from "@/lib/events/sse";
import { eventVisibleTo, redactFor, viewerAfter, type StreamViewer } from "@/lib/events/visibility";

/**
 * Live updates, one bus per server process (ARCHITECTURE.md "Events").
 *
 * The database says when something changed: a trigger on `events` NOTIFYs `qualcode_events`
 * with `<project>:<transaction>`; presence changes NOTIFY `qualcode_presence` with the project.
 * PostgreSQL: one dedicated LISTEN connection per process (postgres.js `listen`), so every app
 * instance hears every change. PGlite: the instance's own `listen`, in process.
 *
 * On a notification the bus polls that project once (not once per subscriber), reading events
 * after the project's cursor in (tx_id, id) order from finished transactions only, and fans
 * them out to the project's subscribers, each filtered for what that member may see. If the
 * notified transaction is not yet below the horizon (an older transaction is still open), it
 * polls again shortly (25 → 200 ms): a long transaction delays, never loses. A slow safety poll
 * runs while anyone is subscribed, and after the LISTEN connection comes back.
 */

export const EVENTS_CHANNEL = "qualcode_events";

/** What a subscriber receives; the SSE route writes these to its stream. */
export type SubscriberSink = {
  event(payload: EventPayload): void;
  presence(entries: PresenceEntry[]): void;
  heartbeat(): void;
  /** The stream must end: the member was removed, or the project deleted. */
  end(reason: "removed" | "project_deleted"): void;
};

export type SubscribeOptions = {
  projectId: string;
  viewer: StreamViewer;
  /** Deliver events after this cursor (null: from the start). */
  cursor: EventCursor | null;
  /** The document the member is viewing, for presence. */
  documentId?: string | null;
  sink: SubscriberSink;
};

export type Subscription = { connectionId: string; unsubscribe(): Promise<void> };

export type EventBusOptions = {
  /** How often to poll projects with subscribers even without a notification (ms). */
  safetyPollMs?: number;
  /** How often to send a heartbeat and refresh presence (ms). */
  heartbeatMs?: number;
  /** Events read per query. */
  pageSize?: number;
};

type Subscriber = {
  connectionId: string;
  projectId: string;
  viewer: StreamViewer;
  cursor: EventCursor | null;
  documentId: string | null;
  sink: SubscriberSink;
  lastPresence?: string;
  /** Whether the project's reader fans out to it yet: joining (and catching up) happens
   * between two reads, never in the middle of one, so no event is skipped. */
  joined: boolean;
  closed: boolean;
};

type Channel = {
  projectId: string;
  subscribers: Set<Subscriber>;
  /** The last event fanned out to this channel's subscribers (undefined: not started). */
  cursor: EventCursor | null | undefined;
  polling: boolean;
  pollAgain: boolean;
  /** The highest notified transaction not yet known to be below the horizon. */
  target: bigint;
  retryTimer?: ReturnType<typeof setTimeout>;
  retryDelay: number;
  presenceRunning: boolean;
  presenceAgain: boolean;
};

const RETRY_MIN_MS = 25;
const RETRY_MAX_MS = 200;
const RETRY_ERROR_MS = 2_000;

export class EventBus {
  readonly instanceId = randomUUID();
  private readonly channels = new Map<string, Channel>();
  private readonly safetyPollMs: number;
  private readonly heartbeatMs: number;
  private readonly pageSize: number;
  private started?: Promise<void>;
  private stopListening: (() => Promise<void>)[] = [];
  private listenClient?: postgres.Sql;
  private listenReady = false;
  private lastPingAt = 0;
  private pingsSinceListen = 0;
  private reconnecting?: Promise<void>;
  private safetyTimer?: ReturnType<typeof setInterval>;
  private heartbeatTimer?: ReturnType<typeof setInterval>;
  private closed = false;

  constructor(
    private readonly handle: DatabaseHandle,
    options: EventBusOptions = {},
  ) {
    this.safetyPollMs = options.safetyPollMs ?? 5_000;
    this.heartbeatMs = options.heartbeatMs ?? 15_000;
    this.pageSize = options.pageSize ?? 500;
  }

  private get db() {
    return this.handle.db;
  }

  /** Starts listening (once); subscribe() calls it. */
  start(): Promise<void> {
    this.started ??= this.listen().catch((error) => {
      this.started = undefined;
      throw error;
    });
    return this.started;
  }

  private async listen(): Promise<void> {
    if (this.handle.driver === "pglite") {
      const client = this.handle.pglite!;
      this.stopListening.push(await client.listen(EVENTS_CHANNEL, (payload) => this.onEventsNotification(payload)));
      this.stopListening.push(await client.listen(PRESENCE_CHANNEL, (payload) => this.onPresenceNotification(payload)));
      return;
    }
    await this.connectListener();
  }

  /**
   * One dedicated connection for LISTEN. postgres.js re-issues LISTEN when that connection drops
   * and calls `onlisten` again: then every project is polled, since notifications sent while it
   * was down are lost. If re-listening itself fails, the watchdog (a ping through NOTIFY on the
   * safety tick) notices the silence and opens a new connection.
   */
  private async connectListener(): Promise<void> {
    const client = postgres(this.handle.url!, { max: 1, onnotice: () => {}, connect_timeout: 10, backoff: reconnectBackoff });
    this.listenClient = client;
    this.stopListening.push(async () => {
      if (this.listenClient === client) this.listenClient = undefined;
      await client.end({ timeout: 1 });
    });
    let first = true;
    const onlisten = () => {
      if (this.listenClient !== client) return;
      this.listenReady = true;
      this.lastPingAt = Date.now();
      this.pingsSinceListen = 0;
      if (!first) this.pollAllAfterDeafness();
    };
    try {
      await client.listen(EVENTS_CHANNEL, (payload) => this.onEventsNotification(payload), onlisten);
      await client.listen(PRESENCE_CHANNEL, (payload) => this.onPresenceNotification(payload), onlisten);
    } catch (error) {
      if (this.listenClient === client) this.listenClient = undefined;
      await client.end({ timeout: 0 }).catch(() => {});
      throw error;
    }
    first = false;
  }

  private reconnectListener(): Promise<void> {
    this.reconnecting ??= (async () => {
      const old = this.listenClient;
      this.listenClient = undefined;
      this.listenReady = false;
      await old?.end({ timeout: 0 }).catch(() => {});
      for (let delay = 250; !this.closed; delay = Math.min(delay * 2, 5_000)) {
        try {
          await this.connectListener();
          break;
        } catch (error) {
          console.error(`[event-bus] LISTEN reconnect failed: ${error instanceof Error ? error.message : String(error)}`);
          await new Promise((r) => setTimeout(r, delay));
        }
      }
      this.pollAllAfterDeafness();
    })().finally(() => {
      this.reconnecting = undefined;
    });
    return this.reconnecting;
  }

  // ── Subscriptions ───────────────────────────────────────────────────────────────────────

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    if (this.closed) throw new Error("The event bus is closed.");
    await this.start();
    const sub: Subscriber = {
      connectionId: randomUUID(),
      projectId: options.projectId,
      viewer: options.viewer,
      cursor: options.cursor,
      documentId: options.documentId ?? null,
      sink: options.sink,
      joined: false,
      closed: false,
    };
    let channel = this.channels.get(options.projectId);
    if (!channel) {
      channel = {
        projectId: options.projectId,
        subscribers: new Set(),
        cursor: undefined,
        polling: false,
        pollAgain: false,
        target: 0n,
        retryDelay: RETRY_MIN_MS,
        presenceRunning: false,
        presenceAgain: false,
      };
      this.channels.set(options.projectId, channel);
    }
    channel.subscribers.add(sub);
    this.ensureTimers();
    try {
      await joinPresence(this.db, {
        connectionId: sub.connectionId,
        userId: sub.viewer.userId,
        projectId: sub.projectId,
        documentId: sub.documentId,
        instanceId: this.instanceId,
      });
      // The trigger only NOTIFYs for projects with a presence row: a writer that looked just
      // before ours appeared stays silent. Poll until every transaction begun so far has ended.
      await this.awaitFrontier(channel);
    } catch (error) {
      await this.remove(sub);
      throw error;
    }
    // Whatever committed between the caller reading its cursor and now.
    this.poll(channel);
    return { connectionId: sub.connectionId, unsubscribe: () => this.remove(sub) };
  }

  /** Makes each channel poll until every transaction begun so far has ended (see getTransactionFrontier). */
  private async awaitFrontier(...channels: Channel[]) {
    const frontier = BigInt(await getTransactionFrontier(this.db)) - 1n;
    for (const channel of channels) if (frontier > channel.target) channel.target = frontier;
  }

  private async remove(sub: Subscriber): Promise<void> {
    if (sub.closed) return;
    sub.closed = true;
    const channel = this.channels.get(sub.projectId);
    if (channel) {
      channel.subscribers.delete(sub);
      if (channel.subscribers.size === 0) {
        clearTimeout(channel.retryTimer);
        this.channels.delete(sub.projectId);
      }
    }
    if (this.subscriberCount() === 0) this.stopTimers();
    if (this.closed) return;
    await leavePresence(this.db, { connectionId: sub.connectionId }).catch((error) => this.logError("leave presence", error));
  }

  private end(sub: Subscriber, reason: "removed" | "project_deleted") {
    if (sub.closed) return;
    try {
      sub.sink.end(reason);
    } finally {
      void this.remove(sub);
    }
  }

  subscriberCount(projectId?: string): number {
    if (projectId) return this.channels.get(projectId)?.subscribers.size ?? 0;
    let n = 0;
    for (const channel of this.channels.values()) n += channel.subscribers.size;
    return n;
  }

  // ── Notifications ───────────────────────────────────────────────────────────────────────

  private onEventsNotification(payload: string) {
    const colon = payload.lastIndexOf(":");
    const projectId = colon === -1 ? payload : payload.slice(0, colon);
    const channel = this.channels.get(projectId);
    if (!channel) return;
    const tx = colon === -1 ? "" : payload.slice(colon + 1);
    if (/^\d+$/.test(tx)) {
      const txId = BigInt(tx);
      if (txId > channel.target) channel.target = txId;
    }
    this.poll(channel);
  }

  private onPresenceNotification(payload: string) {
    if (payload.startsWith("ping:")) {
      if (payload === `ping:${this.instanceId}`) this.lastPingAt = Date.now();
      return;
    }
    const channel = this.channels.get(payload);
    if (channel) void this.refreshPresence(channel);
  }

  // ── Polling: one reader per project ─────────────────────────────────────────────────────

  private pollAll() {
    for (const channel of this.channels.values()) this.poll(channel);
  }

  /**
   * After LISTEN was down, its notifications are lost: a transaction that committed meanwhile may
   * still be above the horizon (an older one open elsewhere), and a single poll would stop short
   * of it until the safety tick. So every project polls until the horizon passes every
   * transaction begun so far, as a new subscriber's does.
   */
  private pollAllAfterDeafness() {
    void this.awaitFrontier(...this.channels.values())
      .catch(() => {}) // the database is unreachable: the safety tick polls again
      .finally(() => this.pollAll());
  }

  /** Runs the project's poll, or asks the running one to go again; never two at once. */
  private poll(channel: Channel): void {
    if (channel.polling) {
      channel.pollAgain = true;
      return;
    }
    channel.polling = true;
    void (async () => {
      try {
        do {
          channel.pollAgain = false;
          if (channel.subscribers.size === 0 || this.closed) break;
          await this.pollOnce(channel);
        } while (channel.pollAgain);
      } catch (error) {
        // The database is away: keep trying, more slowly (the safety poll also retries).
        this.logError(`poll ${channel.projectId}`, error);
        channel.retryDelay = Math.max(channel.retryDelay, RETRY_ERROR_MS);
        this.scheduleRetry(channel, RETRY_ERROR_MS);
      } finally {
        channel.polling = false;
      }
    })();
  }

  private scheduleRetry(channel: Channel, max = RETRY_MAX_MS) {
    if (channel.retryTimer || this.closed || channel.subscribers.size === 0) return;
    const delay = Math.min(channel.retryDelay, max);
    channel.retryDelay = Math.min(delay * 2, max);
    channel.retryTimer = setTimeout(() => {
      channel.retryTimer = undefined;
      this.poll(channel);
    }, delay);
    channel.retryTimer.unref?.();
  }

  private async pollOnce(channel: Channel): Promise<void> {
    // The first subscriber sets where the project's reader starts.
    if (channel.cursor === undefined) {
      const first = channel.subscribers.values().next().value as Subscriber | undefined;
      if (!first) return;
      channel.cursor = first.cursor;
    }
    // New subscribers join here; those that resumed from further back first catch up alone.
    for (const sub of [...channel.subscribers]) {
      if (sub.joined) continue;
      if (channel.cursor !== null && cursorBefore(sub.cursor, channel.cursor)) await this.catchUp(channel, sub);
      sub.joined = true;
    }
    let horizon = 0n;
    for (;;) {
      const page = await readEventsAfter(this.db, { projectId: channel.projectId, after: channel.cursor, limit: this.pageSize });
      horizon = BigInt(page.horizon);
      for (const event of page.events) {
        for (const sub of [...channel.subscribers]) if (sub.joined) await this.deliver(sub, event);
        channel.cursor = { txId: event.txId, id: event.id };
      }
      if (page.events.length < this.pageSize || channel.subscribers.size === 0) break;
    }
    if (channel.target >= horizon) {
      // A notified transaction is not below the horizon yet: an older one is still open.
      this.scheduleRetry(channel);
    } else {
      channel.retryDelay = RETRY_MIN_MS;
    }
  }

  /** Reads a subscriber's events from its own cursor up to the channel's. */
  private async catchUp(channel: Channel, sub: Subscriber) {
    const until = channel.cursor!;
    while (!sub.closed && cursorBefore(sub.cursor, until)) {
      const page = await readEventsAfter(this.db, { projectId: channel.projectId, after: sub.cursor, limit: this.pageSize });
      let reached = page.events.length < this.pageSize;
      for (const event of page.events) {
        if (cursorBefore(until, { txId: event.txId, id: event.id })) {
          reached = true;
          break;
        }
        await this.deliver(sub, event);
      }
      if (reached) break;
    }
    if (!sub.closed) sub.cursor = until;
  }

  /** One event to one subscriber: at most once, in order, as that member may see it. */
  private async deliver(sub: Subscriber, event: LiveEvent) {
    if (sub.closed) return;
    const position = { txId: event.txId, id: event.id };
    if (!cursorBefore(sub.cursor, position)) return;
    sub.cursor = position;
    if (eventVisibleTo(event, sub.viewer)) {
      try {
        sub.sink.event(eventPayload(redactFor(event, sub.viewer)));
      } catch (error) {
        this.logError("deliver", error);
        void this.remove(sub);
        return;
      }
    }
    const next = viewerAfter(event, sub.viewer);
    if (next === "end") {
      this.end(sub, event.type === "project.deleted" ? "project_deleted" : "removed");
    } else if (next === "reload") {
      const membership = await getProjectMembership(this.db, { projectId: sub.projectId, userId: sub.viewer.userId });
      if (!membership) this.end(sub, "removed");
      else sub.viewer = { ...sub.viewer, role: membership.role, mode: membership.project.mode, revealed: membership.project.revealed };
    } else {
      sub.viewer = next;
    }
  }

  // ── Presence ────────────────────────────────────────────────────────────────────────────

  private async refreshPresence(channel: Channel): Promise<void> {
    if (channel.presenceRunning) {
      channel.presenceAgain = true;
      return;
    }
    channel.presenceRunning = true;
    try {
      do {
        channel.presenceAgain = false;
        if (channel.subscribers.size === 0 || this.closed) break;
        const entries = await getPresenceByProjectId(this.db, { projectId: channel.projectId });
        const json = JSON.stringify(entries);
        for (const sub of channel.subscribers) {
          if (sub.closed || sub.lastPresence === json) continue;
          sub.lastPresence = json;
          sub.sink.presence(entries);
        }
      } while (channel.presenceAgain);
    } catch (error) {
      this.logError(`presence ${channel.projectId}`, error);
    } finally {
      channel.presenceRunning = false;
    }
  }

  // ── Timers: safety poll, heartbeat, LISTEN watchdog ─────────────────────────────────────

  private ensureTimers() {
    if (!this.safetyTimer) {
      this.lastPingAt = Date.now();
      this.pingsSinceListen = 0;
      this.safetyTimer = setInterval(() => void this.safetyTick(), this.safetyPollMs);
      this.safetyTimer.unref?.();
    }
    if (!this.heartbeatTimer) {
      this.heartbeatTimer = setInterval(() => void this.heartbeat(), this.heartbeatMs);
      this.heartbeatTimer.unref?.();
    }
  }

  private stopTimers() {
    clearInterval(this.safetyTimer);
    clearInterval(this.heartbeatTimer);
    this.safetyTimer = undefined;
    this.heartbeatTimer = undefined;
  }

  private async safetyTick() {
    this.pollAll();
    if (this.handle.driver !== "postgres" || !this.listenReady || this.reconnecting) return;
    // Our own ping must come back through LISTEN; two ticks of silence mean the connection is gone.
    if (this.pingsSinceListen >= 2 && Date.now() - this.lastPingAt > this.safetyPollMs * 2.5) {
      console.error("[event-bus] no notification for a while: reconnecting LISTEN");
      await this.reconnectListener();
      return;
    }
    try {
      await this.handle.sql!`select pg_notify(${PRESENCE_CHANNEL}, ${`ping:${this.instanceId}`})`;
      this.pingsSinceListen += 1;
    } catch (error) {
      this.logError("ping", error);
    }
  }

  private async heartbeat() {
    const subs = [...this.channels.values()].flatMap((c) => [...c.subscribers]);
    for (const sub of subs) {
      try {
        sub.sink.heartbeat();
      } catch {
        void this.remove(sub);
      }
    }
    try {
      const touched = new Set(await touchPresence(this.db, { instanceId: this.instanceId }));
      // Rows purged while this process was stalled come back (and, as at subscribe, silent writers are waited for).
      for (const sub of subs) {
        if (sub.closed || touched.has(sub.connectionId)) continue;
        await joinPresence(this.db, { connectionId: sub.connectionId, userId: sub.viewer.userId, projectId: sub.projectId, documentId: sub.documentId, instanceId: this.instanceId });
        const channel = this.channels.get(sub.projectId);
        if (channel) {
          await this.awaitFrontier(channel);
          this.poll(channel);
        }
      }
      await purgeStalePresence(this.db);
    } catch (error) {
      this.logError("heartbeat", error);
    }
  }

  /** Test hook: runs the heartbeat now. */
  runHeartbeat(): Promise<void> {
    return this.heartbeat();
  }

  private logError(what: string, error: unknown) {
    if (this.closed) return;
    console.error(`[event-bus] ${what}:`, error instanceof Error ? error.message : error);
  }

  /** Stops listening, ends every subscription's presence, and stops the timers. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.stopTimers();
    for (const channel of this.channels.values()) clearTimeout(channel.retryTimer);
    const hadSubscribers = this.subscriberCount() > 0;
    this.closed = true;
    this.channels.clear();
    for (const stop of this.stopListening.splice(0)) await stop().catch(() => {});
    if (hadSubscribers) await leaveAllPresence(this.db, { instanceId: this.instanceId }).catch(() => {});
  }
}

// One bus per process (and per database handle: tests point the app at their own database).
const globalForBus = globalThis as unknown as { __qualcodeEventBus?: { handle: DatabaseHandle; bus: EventBus } };

export async function getEventBus(): Promise<EventBus> {
  const handle = await getDatabaseHandle();
  const current = globalForBus.__qualcodeEventBus;
  if (current?.handle === handle) return current.bus;
  const bus = new EventBus(handle);
  globalForBus.__qualcodeEventBus = { handle, bus };
  if (current) void current.bus.close();
  return bus;
}

/** Tests: closes the process's bus (before closing its database). */
export async function closeEventBus(): Promise<void> {
  const current = globalForBus.__qualcodeEventBus;
  globalForBus.__qualcodeEventBus = undefined;
  await current?.bus.close();
}
