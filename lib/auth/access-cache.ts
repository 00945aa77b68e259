import { LRUCache } from "lru-cache";

/**
 * A short-lived cache of what an API token may do, so a script's stream of calls does not look
 * the token up once per call (bench P1: the lookup was a fifth of a coding write's cost).
 *
 * Why it stays correct:
 * - Every change that could make an entry wrong (revoking a token, adding, re-roling or removing
 *   a member, changing or deleting a project, renaming a user) calls `invalidate()` once it is
 *   written, and this instance answers the next call from the database.
 * - A lookup that began before such a change may finish after it with the old answer: it is
 *   only kept if no invalidation happened meanwhile (the generation check).
 * - Another app instance's change is not seen here: `ttlMs` bounds how long an entry lives, so
 *   such a change takes effect everywhere within it.
 * - Entries are only stored for tokens that exist: unknown tokens are looked up every time.
 *
 * The clock is `Date.now()` so tests can move it with fake timers.
 */
export class AccessCache<V extends NonNullable<unknown>> {
  private readonly entries: LRUCache<string, V>;
  private generation = 0;

  constructor({ ttlMs, maxEntries }: { ttlMs: number; maxEntries: number }) {
    this.entries = new LRUCache<string, V>({ max: maxEntries, ttl: ttlMs, ttlResolution: 0, perf: { now: () => Date.now() } });
  }

  get(key: string): V | undefined {
    return this.entries.get(key);
  }

  /** A token for `set`: taken before the database is asked. */
  begin(): number {
    return this.generation;
  }

  /** Keeps `value` unless something was invalidated since `begin()`. */
  set(key: string, value: V, begun: number): void {
    if (begun === this.generation) this.entries.set(key, value);
  }

  invalidate(): void {
    this.generation++;
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
