import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AccessCache } from "./access-cache";

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date("2026-03-01T10:00:00Z"));
});
afterEach(() => vi.useRealTimers());

describe("AccessCache", () => {
  it("answers a stored entry until its time is up, then nothing", () => {
    const cache = new AccessCache<{ role: string }>({ ttlMs: 1000, maxEntries: 10 });
    cache.set("token project", { role: "coder" }, cache.begin());
    vi.setSystemTime(Date.now() + 999);
    expect(cache.get("token project")).toEqual({ role: "coder" });
    vi.setSystemTime(Date.now() + 2);
    expect(cache.get("token project")).toBeUndefined();
  });

  it("forgets everything on invalidate", () => {
    const cache = new AccessCache<{ role: string }>({ ttlMs: 1000, maxEntries: 10 });
    cache.set("a", { role: "owner" }, cache.begin());
    cache.set("b", { role: "viewer" }, cache.begin());
    cache.invalidate();
    expect(cache.get("a")).toBeUndefined();
    expect(cache.get("b")).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it("drops an answer looked up before an invalidation that happened while it was on its way", () => {
    const cache = new AccessCache<{ role: string }>({ ttlMs: 1000, maxEntries: 10 });
    const begun = cache.begin();
    // …the database answers "owner"; meanwhile the role is changed and the cache invalidated…
    cache.invalidate();
    cache.set("a", { role: "owner" }, begun);
    expect(cache.get("a")).toBeUndefined();
    // A lookup begun after the change is kept.
    cache.set("a", { role: "viewer" }, cache.begin());
    expect(cache.get("a")).toEqual({ role: "viewer" });
  });

  it("holds at most maxEntries, dropping the least recently used", () => {
    const cache = new AccessCache<{ n: number }>({ ttlMs: 1000, maxEntries: 3 });
    for (let n = 0; n < 3; n++) cache.set(`k${n}`, { n }, cache.begin());
    expect(cache.get("k0")).toEqual({ n: 0 });
    cache.set("k3", { n: 3 }, cache.begin());
    expect(cache.size).toBe(3);
    expect(cache.get("k1")).toBeUndefined();
    expect(cache.get("k0")).toEqual({ n: 0 });
    expect(cache.get("k3")).toEqual({ n: 3 });
  });
});
