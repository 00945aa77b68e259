"use client";
import { BookOpen, FileDown, FileText, Grid3x3, History, ListChecks, NotebookPen, Scale, Search, Settings, Table2, Users } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/lib/ui/cn";

export function ProjectTabs({ projectId }: { projectId: string }) {
  const pathname = usePathname();
  const base = `/projects/${projectId}`;
  const tabs = [
    { href: base, label: "Codebook", icon: BookOpen, exact: true },
    { href: `${base}/documents`, label: "Documents", icon: FileText },
    { href: `${base}/search`, label: "Search", icon: Search },
    { href: `${base}/assignments`, label: "Assignments", icon: ListChecks },
    { href: `${base}/attributes`, label: "Attributes", icon: Table2 },
    { href: `${base}/memos`, label: "Memos", icon: NotebookPen },
    { href: `${base}/analysis`, label: "Analysis", icon: Grid3x3 },
    { href: `${base}/agreement`, label: "Agreement", icon: Scale },
    { href: `${base}/export`, label: "Export", icon: FileDown },
    { href: `${base}/activity`, label: "Activity", icon: History },
    { href: `${base}/members`, label: "Members", icon: Users },
    { href: `${base}/settings`, label: "Settings", icon: Settings },
  ];
  return (
    <nav aria-label="Project" className="-mb-px mt-4 overflow-x-auto">
      <ul className="flex gap-0.5">
        {tabs.map(({ href, label, icon: Icon, exact }) => {
          const active = exact ? pathname === href : pathname === href || pathname.startsWith(`${href}/`);
          return (
            <li key={href}>
              <Link
                href={href}
                aria-current={active ? "page" : undefined}
                className={cn(
                  "inline-flex items-center gap-1 whitespace-nowrap border-b-2 border-transparent px-1.5 pb-2.5 pt-1.5 text-sm font-medium text-muted-foreground transition-colors hover:text-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring rounded-t-md",
                  active && "border-primary text-foreground",
                )}
              >
                <Icon aria-hidden className="size-4" />
                {label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
