import * as React from "react";
import { cn } from "@/lib/ui/cn";

/**
 * A progress bar. `value` 0–100 shows how far along; `null` is indeterminate (working, but
 * nobody can say how long), drawn as a sliding stripe and announced without a value.
 */
export function Progress({
  value,
  label,
  className,
  tone = "default",
}: {
  value: number | null;
  label: string;
  className?: string;
  tone?: "default" | "success" | "error" | "muted";
}) {
  const clamped = value === null ? null : Math.min(100, Math.max(0, value));
  const bar = { default: "bg-primary", success: "bg-emerald-600", error: "bg-destructive", muted: "bg-muted-foreground/40" }[tone];
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={clamped ?? undefined}
      aria-busy={clamped === null || clamped < 100 ? true : undefined}
      className={cn("relative h-1.5 w-full overflow-hidden rounded-full bg-muted", className)}
    >
      {clamped === null && (
        // React 19 hoists this into <head> once, however many bars render.
        <style href="qc-progress-slide" precedence="default">
          {"@keyframes progress-slide{0%{transform:translateX(-100%)}100%{transform:translateX(300%)}}"}
        </style>
      )}
      {clamped === null ? (
        <div className={cn("absolute inset-y-0 left-0 w-1/3 rounded-full motion-safe:animate-[progress-slide_1.2s_ease-in-out_infinite]", bar)} />
      ) : (
        <div className={cn("h-full rounded-full transition-[width] duration-200", bar)} style={{ width: `${clamped}%` }} />
      )}
    </div>
  );
}
