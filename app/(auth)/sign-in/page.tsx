import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/app/(app)/current-user";
import { safeNextPath } from "@/lib/auth/safe-next";
import { AuthCard } from "../auth-card";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

/** Why the person was sent here, said above the form (a Map: `?reason=constructor` names nothing). */
const REASONS = new Map([
  ["password-changed", "Your password was changed. Sign in with the new one."],
  ["signed-out-everywhere", "You were signed out everywhere. Sign in again to carry on."],
]);

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SignInPage({ searchParams }: Props) {
  const params = await searchParams;
  const next = typeof params.next === "string" ? safeNextPath(params.next) : undefined;
  if (await getCurrentUser()) redirect(next ?? "/projects");
  const signUpHref = next ? `/sign-up?next=${encodeURIComponent(next)}` : "/sign-up";
  return (
    <AuthCard
      title="Sign in"
      description="Welcome back. Sign in to continue coding."
      footer={
        <>
          New to Qualcode?{" "}
          <Link href={signUpHref} className="font-medium text-primary underline-offset-4 hover:underline">
            Create an account
          </Link>
        </>
      }
    >
      <SignInForm next={next} notice={typeof params.reason === "string" ? REASONS.get(params.reason) : undefined} />
    </AuthCard>
  );
}
