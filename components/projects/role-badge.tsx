import { Badge } from "@/components/ui/badge";
import type { Role } from "@/lib/permissions";
import { cn } from "@/lib/ui/cn";

const LABELS: Record<Role, string> = { owner: "Owner", coder: "Coder", viewer: "Viewer" };
const STYLES: Record<Role, string> = {
  owner: "border-transparent bg-primary/10 text-primary",
  coder: "border-transparent bg-emerald-50 text-emerald-800",
  viewer: "border-transparent bg-secondary text-secondary-foreground",
};

export function RoleBadge({ role, className }: { role: Role; className?: string }) {
  return <Badge className={cn(STYLES[role], className)}>{LABELS[role]}</Badge>;
}

export function ModeBadge({ mode, revealed }: { mode: "open" | "blind"; revealed: boolean }) {
  if (mode === "open") return <Badge variant="outline">Open</Badge>;
  return (
    <Badge variant="outline" className="border-amber-300 bg-amber-50 text-amber-900">
      {revealed ? "Blind · revealed" : "Blind"}
    </Badge>
  );
}
