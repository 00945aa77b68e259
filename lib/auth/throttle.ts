/**
 * Sign-in throttling policy, pure: given the failures recorded for a key, decide whether a new
 * attempt may proceed and what a failure does to the record. Storage is db/queries/auth-throttle.ts.
 *
 * Per email: 5 failures within 15 minutes block that email for 15 minutes (guessing one account).
 * Per IP: 30 failures within 15 minutes block that address (spraying many accounts).
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

export function throttleMessage(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  return `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}
