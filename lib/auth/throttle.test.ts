import { describe, expect, it } from "vitest";
import { admitAttempt, afterFailure, blockedFor, THROTTLE_POLICY, throttleMessage, withoutAttempt, type ThrottleRecord, type ThrottleScope } from "./throttle";

const MINUTE = 60_000;
const t0 = new Date("2025-03-01T10:00:00Z");
const at = (ms: number) => new Date(t0.getTime() + ms);

/** Applies `n` failures, one every `everyMs`, and returns the record after each. */
function failures(n: number, scope: ThrottleScope, everyMs = 1000, start?: ThrottleRecord): ThrottleRecord[] {
  const out: ThrottleRecord[] = [];
  let record = start;
  for (let i = 0; i < n; i++) {
    record = afterFailure(record, scope, at(i * everyMs));
    out.push(record);
  }
  return out;
}

describe("sign-in throttle policy", () => {
  it("is 5 failures per email and 30 per IP within 15 minutes, blocking for 15 minutes", () => {
    expect(THROTTLE_POLICY.email).toEqual({ maxFailures: 5, windowMs: 15 * MINUTE, blockMs: 15 * MINUTE });
    expect(THROTTLE_POLICY.ip).toEqual({ maxFailures: 30, windowMs: 15 * MINUTE, blockMs: 15 * MINUTE });
  });

  it("does not block an email before its fifth failure", () => {
    const records = failures(4, "email");
    expect(records.map((r) => r.failures)).toEqual([1, 2, 3, 4]);
    for (const [i, r] of records.entries()) {
      expect(r.blockedUntil).toBeNull();
      expect(blockedFor(r, at(i * 1000))).toBe(0);
    }
  });

  it("blocks an email for 15 minutes at the fifth failure within the window", () => {
    const fifth = failures(5, "email").at(-1)!;
    const when = at(4 * 1000);
    expect(fifth.failures).toBe(5);
    expect(fifth.windowStartedAt).toEqual(t0);
    expect(fifth.blockedUntil).toEqual(new Date(when.getTime() + 15 * MINUTE));
    expect(blockedFor(fifth, when)).toBe(15 * MINUTE);
    expect(blockedFor(fifth, new Date(when.getTime() + 10 * MINUTE))).toBe(5 * MINUTE);
    expect(blockedFor(fifth, new Date(when.getTime() + 15 * MINUTE))).toBe(0);
    expect(blockedFor(fifth, new Date(when.getTime() + 60 * MINUTE))).toBe(0);
  });

  it("starts a new window once the old one has passed: old failures no longer count", () => {
    const four = failures(4, "email").at(-1)!;
    const later = afterFailure(four, "email", at(15 * MINUTE + 1));
    expect(later).toEqual({ failures: 1, windowStartedAt: at(15 * MINUTE + 1), blockedUntil: null });
    // Just inside the window, the fifth failure still blocks.
    const inside = afterFailure(four, "email", at(15 * MINUTE - 1));
    expect(inside.failures).toBe(5);
    expect(inside.blockedUntil).not.toBeNull();
  });

  it("does not block five failures spread over more than the window", () => {
    const spread = failures(5, "email", 4 * MINUTE);
    expect(spread.every((r) => r.blockedUntil === null)).toBe(true);
  });

  it("blocks an IP only at its thirtieth failure", () => {
    const records = failures(30, "ip");
    expect(records[28]!.blockedUntil).toBeNull();
    expect(records[29]!.failures).toBe(30);
    expect(records[29]!.blockedUntil).toEqual(new Date(at(29 * 1000).getTime() + 15 * MINUTE));
  });

  it("treats no record as not blocked", () => {
    expect(blockedFor(undefined, t0)).toBe(0);
    expect(blockedFor({ failures: 3, windowStartedAt: t0, blockedUntil: null }, t0)).toBe(0);
  });

  it("admits attempts up to the limit, counting each before its password is checked, and refuses the next", () => {
    let record: ThrottleRecord | undefined;
    const decisions = [];
    for (let i = 0; i < 7; i++) {
      const decision = admitAttempt(record, "email", at(i * 1000));
      decisions.push(decision.allowed);
      if (decision.allowed) record = decision.record;
    }
    expect(decisions).toEqual([true, true, true, true, true, false, false]);
    expect(record!.failures).toBe(5);
    // Refused attempts change nothing: the block is not extended by hammering it.
    expect(record!.blockedUntil).toEqual(new Date(at(4 * 1000).getTime() + 15 * MINUTE));
    expect(admitAttempt(record, "email", at(6 * 1000))).toEqual({ allowed: false, blockedMs: 15 * MINUTE - 2000 });
    // Once the block is over, the window is too: counting starts again.
    const after = admitAttempt(record, "email", new Date(record!.blockedUntil!.getTime()));
    expect(after).toEqual({ allowed: true, record: { failures: 1, windowStartedAt: record!.blockedUntil, blockedUntil: null } });
  });

  it("gives a successful attempt back to the address's count, lifting a block it started", () => {
    const at29 = failures(29, "ip").at(-1)!;
    const thirtieth = admitAttempt(at29, "ip", at(30_000));
    if (!thirtieth.allowed) throw new Error("the thirtieth attempt is evaluated");
    expect(thirtieth.record.blockedUntil).not.toBeNull();
    expect(withoutAttempt(thirtieth.record, "ip")).toEqual({ ...thirtieth.record, failures: 29, blockedUntil: null });
    // A success during a block others started (31 counted) leaves it in place.
    const over = { failures: 31, windowStartedAt: t0, blockedUntil: at(15 * MINUTE) };
    expect(withoutAttempt(over, "ip")).toEqual({ ...over, failures: 30 });
    expect(withoutAttempt({ failures: 0, windowStartedAt: t0, blockedUntil: null }, "ip").failures).toBe(0);
  });

  it("tells people how long to wait, in whole minutes, rounded up", () => {
    expect(throttleMessage(15 * MINUTE)).toBe("Too many failed sign-in attempts. Try again in 15 minutes.");
    expect(throttleMessage(14 * MINUTE + 1)).toBe("Too many failed sign-in attempts. Try again in 15 minutes.");
    expect(throttleMessage(MINUTE)).toBe("Too many failed sign-in attempts. Try again in 1 minute.");
    expect(throttleMessage(1)).toBe("Too many failed sign-in attempts. Try again in 1 minute.");
    expect(throttleMessage(0)).toBe("Too many failed sign-in attempts. Try again in 1 minute.");
    expect(throttleMessage(MINUTE + 1)).toBe("Too many failed sign-in attempts. Try again in 2 minutes.");
  });
});
