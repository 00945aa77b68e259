import type { Metadata } from "next";
import { getDb } from "@/db/client";
import { getApiTokensByUserId } from "@/db/queries/api-tokens";
import { ApiTokens } from "@/components/account/api-tokens";
import { ChangePasswordForm } from "@/components/account/change-password-form";
import { SignOutEverywhere } from "@/components/account/sign-out-everywhere";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/password";
import { requireUser } from "../current-user";

export const metadata: Metadata = { title: "Account settings" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function AccountSettingsPage({ searchParams }: Props) {
  const user = await requireUser("/settings");
  const tokens = await getApiTokensByUserId(await getDb(), { userId: user.id });
  const changed = (await searchParams).password === "changed";
  const now = Date.now();
  return (
    <main className="mx-auto max-w-6xl px-4 py-8 sm:px-6 sm:py-10">
      <div className="grid max-w-3xl gap-8">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Account settings</h1>
        <p className="mt-1 text-sm text-muted-foreground">
          Signed in as {user.name} ({user.email})
        </p>
      </div>
      <ChangePasswordForm minPasswordLength={MIN_PASSWORD_LENGTH} changed={changed} />
      <SignOutEverywhere />
      <ApiTokens
        tokens={tokens.map((t) => ({
          id: t.id,
          name: t.name,
          prefix: t.prefix,
          createdAt: t.createdAt.toISOString(),
          lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
          expiresAt: t.expiresAt?.toISOString() ?? null,
          revokedAt: t.revokedAt?.toISOString() ?? null,
          expired: t.expiresAt !== null && t.expiresAt.getTime() <= now,
        }))}
      />
      </div>
    </main>
  );
}
