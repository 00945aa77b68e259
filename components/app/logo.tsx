import { cn } from "@/lib/ui/cn";

/** The mark: a highlighted passage between two rules. Drawn inline, no image request. */
export function LogoMark({ className }: { className?: string }) {
  return (
    <svg viewBox="0 0 24 24" aria-hidden className={cn("size-6", className)}>
      <rect width="24" height="24" rx="6" className="fill-primary" />
      <rect x="5" y="6.5" width="14" height="2" rx="1" className="fill-primary-foreground/55" />
      <rect x="5" y="11" width="10" height="3" rx="1" fill="#fcc419" />
      <rect x="5" y="16.5" width="12" height="2" rx="1" className="fill-primary-foreground/55" />
    </svg>
  );
}

export function Logo({ className }: { className?: string }) {
  return (
    <span className={cn("inline-flex items-center gap-2 font-semibold tracking-tight", className)}>
      <LogoMark />
      Qualcode
    </span>
  );
}
