import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/app/(app)/current-user";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/password";
import { safeNextPath } from "@/lib/auth/safe-next";
import { AuthCard } from "../auth-card";
import { SignUpForm } from "./sign-up-form";

export const metadata: Metadata = { title: "Create an account" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SignUpPage({ searchParams }: Props) {
  const params = await searchParams;
  const next = typeof params.next === "string" ? safeNextPath(params.next) : undefined;
  if (await getCurrentUser()) redirect(next ?? "/projects");
  const signInHref = next ? `/sign-in?next=${encodeURIComponent(next)}` : "/sign-in";
  return (
    <AuthCard
      title="Create an account"
      description="Start a project, invite your coders, and build your codebook together."
      footer={
        <>
          Already have an account?{" "}
          <Link href={signInHref} className="font-medium text-primary underline-offset-4 hover:underline">
            Sign in
          </Link>
        </>
      }
    >
      <SignUpForm next={next} minPasswordLength={MIN_PASSWORD_LENGTH} />
    </AuthCard>
  );
}
