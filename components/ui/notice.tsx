import { CircleAlert, CircleCheck, Info } from "lucide-react";
import * as React from "react";
import { cn } from "@/lib/ui/cn";

const styles = {
  error: "border-destructive/30 bg-destructive/5 text-destructive",
  success: "border-emerald-600/30 bg-emerald-50 text-emerald-900",
  info: "border-border bg-muted text-foreground",
} as const;
const icons = { error: CircleAlert, success: CircleCheck, info: Info } as const;

/**
 * An inline message above or below a form. Errors are announced politely (`role="status"`):
 * Next's route announcer already owns `role="alert"` on every page.
 */
export function Notice({ tone = "info", className, children, ...props }: React.ComponentProps<"div"> & { tone?: keyof typeof styles }) {
  const Icon = icons[tone];
  return (
    <div role="status" className={cn("flex items-start gap-2 rounded-md border px-3 py-2 text-sm", styles[tone], className)} {...props}>
      <Icon aria-hidden className="mt-0.5 size-4 shrink-0" />
      <div className="min-w-0">{children}</div>
    </div>
  );
}
