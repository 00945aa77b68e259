import { asc, eq, inArray } from "drizzle-orm";
import { admitAttempt, blockedFor, withoutAttempt, type ThrottleScope } from "@/lib/auth/throttle";
import type { Database } from "../client";
import { authThrottle } from "../schema";

type Who = { email: string; ip: string | null };

/** The keys an attempt counts against, email first: every transaction locks them in this (key) order, so two never deadlock. */
export function throttleKeys({ email, ip }: Who) {
  const keys: { key: string; scope: ThrottleScope }[] = [{ key: `email:${email.trim().toLowerCase()}`, scope: "email" }];
  if (ip) keys.push({ key: `ip:${ip}`, scope: "ip" });
  return keys;
}

/** Milliseconds until the email or IP may try again; 0 when neither is blocked. Reads only: for messages. */
export async function getSignInBlock(db: Database, who: Who, now = new Date()): Promise<number> {
  const keys = throttleKeys(who).map((k) => k.key);
  const rows = await db.select().from(authThrottle).where(inArray(authThrottle.key, keys));
  return Math.max(0, ...rows.map((row) => blockedFor(row, now)));
}

/**
 * Counts a sign-in attempt against its email and IP before the password is checked, in one
 * transaction with both rows locked, and says whether it may go ahead. Concurrent attempts on
 * the same key queue on the row lock, so each sees the count the previous one left: a burst
 * gets exactly the policy's number of evaluations, never more. The rows are created first
 * (a placeholder with no failures) because `FOR UPDATE` cannot lock a row that does not exist
 * yet, and two first attempts would otherwise both read "no record".
 */
export async function claimSignInAttempt(db: Database, who: Who, now = new Date()): Promise<{ allowed: true } | { allowed: false; blockedMs: number }> {
  const keys = throttleKeys(who);
  return db.transaction(async (tx) => {
    await tx
      .insert(authThrottle)
      .values(keys.map(({ key }) => ({ key, failures: 0, windowStartedAt: now, blockedUntil: null })))
      .onConflictDoNothing();
    const rows = await tx
      .select()
      .from(authThrottle)
      .where(inArray(authThrottle.key, keys.map((k) => k.key)))
      .orderBy(asc(authThrottle.key))
      .for("update");
    const decisions = keys.map(({ key, scope }) => ({ key, decision: admitAttempt(rows.find((r) => r.key === key), scope, now) }));
    const blockedMs = Math.max(0, ...decisions.map(({ decision }) => (decision.allowed ? 0 : decision.blockedMs)));
    if (blockedMs > 0) return { allowed: false as const, blockedMs };
    for (const { key, decision } of decisions) {
      if (decision.allowed) await tx.update(authThrottle).set(decision.record).where(eq(authThrottle.key, key));
    }
    return { allowed: true as const };
  });
}

/**
 * The claimed attempt succeeded: the email's record is cleared (whoever knows the password may
 * try again), and the IP's count gives the attempt back (not cleared: one success proves little
 * about an address that many people may share).
 */
export async function recordSignInSuccess(db: Database, who: Who): Promise<void> {
  const [email, ip] = throttleKeys(who);
  await db.transaction(async (tx) => {
    await tx.delete(authThrottle).where(eq(authThrottle.key, email!.key));
    if (!ip) return;
    const [row] = await tx.select().from(authThrottle).where(eq(authThrottle.key, ip.key)).for("update");
    if (row) await tx.update(authThrottle).set(withoutAttempt(row, ip.scope)).where(eq(authThrottle.key, ip.key));
  });
}
