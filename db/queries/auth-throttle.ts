import { eq, inArray } from "drizzle-orm";
import { afterFailure, blockedFor, type ThrottleScope } from "@/lib/auth/throttle";
import type { Database } from "../client";
import { authThrottle } from "../schema";

export function throttleKeys({ email, ip }: { email: string; ip: string | null }) {
  const keys: { key: string; scope: ThrottleScope }[] = [{ key: `email:${email.trim().toLowerCase()}`, scope: "email" }];
  if (ip) keys.push({ key: `ip:${ip}`, scope: "ip" });
  return keys;
}

/** Milliseconds until the email or IP may try again; 0 when neither is blocked. */
export async function getSignInBlock(db: Database, who: { email: string; ip: string | null }, now = new Date()): Promise<number> {
  const keys = throttleKeys(who).map((k) => k.key);
  const rows = await db.select().from(authThrottle).where(inArray(authThrottle.key, keys));
  return Math.max(0, ...rows.map((row) => blockedFor(row, now)));
}

export async function recordSignInFailure(db: Database, who: { email: string; ip: string | null }, now = new Date()): Promise<void> {
  await db.transaction(async (tx) => {
    for (const { key, scope } of throttleKeys(who)) {
      const [current] = await tx.select().from(authThrottle).where(eq(authThrottle.key, key)).for("update");
      const next = afterFailure(current, scope, now);
      await tx
        .insert(authThrottle)
        .values({ key, ...next })
        .onConflictDoUpdate({ target: authThrottle.key, set: next });
    }
  });
}

/** A successful sign-in clears the email's record (not the IP's: one success proves little). */
export async function clearSignInFailures(db: Database, { email }: { email: string }): Promise<void> {
  await db.delete(authThrottle).where(eq(authThrottle.key, `email:${email.trim().toLowerCase()}`));
}
