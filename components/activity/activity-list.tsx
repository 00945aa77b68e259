import { History } from "lucide-react";
import Link from "next/link";
import { EntityIcon } from "./entity-icon";
import { ChangeTable } from "./change-table";
import { RelativeTime } from "./relative-time";
import type { ActivityItem } from "./types";

/** Events as a list: what happened (a sentence), when, and links to the subject and its history. */
export function ActivityList({
  items,
  label = "Activity",
  showChanges = false,
  showHistory = true,
}: {
  items: ActivityItem[];
  label?: string;
  /** Each event's before and after (the coding history). */
  showChanges?: boolean;
  showHistory?: boolean;
}) {
  return (
    <ol aria-label={label} className="grid gap-2">
      {items.map((item) => (
        <li key={item.id}>
          <article aria-label={item.sentence} className="flex gap-3 rounded-lg border bg-card px-4 py-3 shadow-xs" data-event-type={item.type}>
            <span className="mt-0.5 flex size-7 shrink-0 items-center justify-center rounded-full bg-accent">
              <EntityIcon entityType={item.entityType} className="size-3.5 text-accent-foreground" />
            </span>
            <div className="min-w-0 flex-1">
              <p className="text-sm [overflow-wrap:anywhere]">{item.sentence}</p>
              <div className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-muted-foreground">
                <RelativeTime at={item.createdAt} />
                {item.href && (
                  <Link href={item.href} className="font-medium text-primary underline-offset-4 hover:underline">
                    {item.entityType === "coding" ? "Open in document" : "Open"}
                  </Link>
                )}
                {showHistory && item.historyHref && (
                  <Link href={item.historyHref} className="inline-flex items-center gap-1 font-medium text-primary underline-offset-4 hover:underline">
                    <History aria-hidden className="size-3" />
                    History
                  </Link>
                )}
              </div>
              {showChanges && item.changes.length > 0 && <ChangeTable changes={item.changes} created={item.type.endsWith(".created")} />}
            </div>
          </article>
        </li>
      ))}
    </ol>
  );
}
