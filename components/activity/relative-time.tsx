"use client";
import { useEffect, useState } from "react";
import { relativeTime } from "@/lib/events/describe";
import { formatDateTime } from "@/lib/ui/format";

/** "5 minutes ago", with the exact time in the title; kept current while the page is open. */
export function RelativeTime({ at }: { at: string }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return (
    // Server and browser clocks differ by the render delay: the words may too.
    <time dateTime={at} title={formatDateTime(at)} suppressHydrationWarning className="whitespace-nowrap tabular-nums">
      {relativeTime(at, now)}
    </time>
  );
}
