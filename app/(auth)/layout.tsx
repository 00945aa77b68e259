import Link from "next/link";
import { Logo } from "@/components/app/logo";

export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col items-center bg-muted/60 px-4 py-12 sm:py-20">
      <Link href="/" className="mb-8 rounded-md focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring" aria-label="Qualcode home">
        <Logo className="text-lg" />
      </Link>
      <main className="w-full max-w-sm">{children}</main>
    </div>
  );
}
