/**
 * Sign-in throttling policy, pure: given the failures recorded for a key, decide whether a new
 * attempt may proceed and what it does to the record. Storage is db/queries/auth-throttle.ts.
 *
 * Per email: 5 failures within 15 minutes block that email for 15 minutes (guessing one account).
 * Per IP: 30 failures within 15 minutes block that address (spraying many accounts).
 *
 * An attempt is counted as a failure *before* its password is checked (`admitAttempt`), and a
 * success takes it back (`withoutAttempt`, or the email's record is cleared). Checking first and
 * recording after the slow password hash let a burst of concurrent guesses all pass the check
 * before any of them was recorded; counted up front, at most `maxFailures` are ever evaluated.
 */
export type ThrottleRecord = { failures: number; windowStartedAt: Date; blockedUntil: Date | null };
export type ThrottleScope = "email" | "ip";

export const THROTTLE_POLICY = {
  email: { maxFailures: 5, windowMs: 15 * 60_000, blockMs: 15 * 60_000 },
  ip: { maxFailures: 30, windowMs: 15 * 60_000, blockMs: 15 * 60_000 },
} as const;

export function blockedFor(record: ThrottleRecord | undefined, now: Date): number {
  if (!record?.blockedUntil) return 0;
  return Math.max(0, record.blockedUntil.getTime() - now.getTime());
}

export function afterFailure(record: ThrottleRecord | undefined, scope: ThrottleScope, now: Date): ThrottleRecord {
  const policy = THROTTLE_POLICY[scope];
  const inWindow = record && now.getTime() - record.windowStartedAt.getTime() < policy.windowMs;
  const failures = inWindow ? record.failures + 1 : 1;
  const windowStartedAt = inWindow ? record.windowStartedAt : now;
  const blockedUntil = failures >= policy.maxFailures ? new Date(now.getTime() + policy.blockMs) : null;
  return { failures, windowStartedAt, blockedUntil };
}

export type AttemptDecision = { allowed: true; record: ThrottleRecord } | { allowed: false; blockedMs: number };

/**
 * Whether an attempt may have its password checked, and the record counting it. The attempt
 * that reaches `maxFailures` is still evaluated (and starts the block); the next one is refused.
 * A refused attempt changes nothing, so hammering a blocked key does not extend its block.
 */
export function admitAttempt(record: ThrottleRecord | undefined, scope: ThrottleScope, now: Date): AttemptDecision {
  const blockedMs = blockedFor(record, now);
  if (blockedMs > 0) return { allowed: false, blockedMs };
  return { allowed: true, record: afterFailure(record, scope, now) };
}

/** A record without one admitted attempt that turned out to be a success (the IP's: one success proves little). */
export function withoutAttempt(record: ThrottleRecord, scope: ThrottleScope): ThrottleRecord {
  const failures = Math.max(0, record.failures - 1);
  return { ...record, failures, blockedUntil: failures >= THROTTLE_POLICY[scope].maxFailures ? record.blockedUntil : null };
}

export function throttleMessage(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  return `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}
