import Link from "next/link";
import { Logo } from "@/components/app/logo";
import { MainNav } from "@/components/app/main-nav";
import { UserMenu } from "@/components/app/user-menu";
import { getCurrentUser } from "./current-user";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  // Signed out: every page calls requireUser(<its own path>), which redirects (a real 307) to
  // /sign-in?next=<path>. A layout cannot know the path, and a redirect here would race the
  // page's and lose it; so render the page, whose redirect then decides the response.
  const user = await getCurrentUser();
  if (!user) return children;
  return (
    <div className="flex min-h-screen flex-col">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-4 focus:top-3 focus:z-50 focus:rounded-md focus:bg-card focus:px-3 focus:py-2 focus:shadow"
      >
        Skip to content
      </a>
      <header className="sticky top-0 z-40 border-b bg-card/95 backdrop-blur supports-[backdrop-filter]:bg-card/80 print:hidden">
        <div className="mx-auto flex h-14 max-w-6xl items-center gap-6 px-4 sm:px-6">
          <Link href="/projects" className="rounded-md focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring" aria-label="Qualcode, your projects">
            <Logo />
          </Link>
          <MainNav />
          <div className="ml-auto">
            <UserMenu name={user.name} email={user.email ?? ""} />
          </div>
        </div>
      </header>
      <div id="main" className="flex-1">
        {children}
      </div>
    </div>
  );
}
