"use client";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { loadActivityAction } from "@/app/(app)/projects/[projectId]/activity/actions";
import { Button } from "@/components/ui/button";
import { ActivityList } from "./activity-list";
import type { ActivityFilterValues, ActivityItem } from "./types";

/** The feed's first page comes from the server; "Load older" appends the next pages in place. */
export function ActivityFeed({
  projectId,
  filter,
  initialItems,
  initialNextBefore,
}: {
  projectId: string;
  filter: ActivityFilterValues;
  initialItems: ActivityItem[];
  initialNextBefore: number | null;
}) {
  const [items, setItems] = useState(initialItems);
  const [nextBefore, setNextBefore] = useState(initialNextBefore);
  const [pending, startTransition] = useTransition();

  const loadOlder = () => {
    if (nextBefore === null) return;
    startTransition(async () => {
      const result = await loadActivityAction({ projectId, ...filter, before: nextBefore }).catch(() => null);
      if (!result?.ok) {
        toast.error(result?.error.message ?? "Could not reach the server. Check your connection and try again.");
        return;
      }
      setItems((current) => [...current, ...result.data.items.filter((i) => !current.some((c) => c.id === i.id))]);
      setNextBefore(result.data.nextBefore);
    });
  };

  return (
    <div className="grid gap-4">
      <ActivityList items={items} />
      {nextBefore !== null ? (
        <div className="flex justify-center">
          <Button type="button" variant="outline" onClick={loadOlder} disabled={pending}>
            {pending ? "Loading…" : "Load older"}
          </Button>
        </div>
      ) : (
        <p className="text-center text-xs text-muted-foreground">That is everything{Object.values(filter).some(Boolean) ? " that matches" : ""}.</p>
      )}
    </div>
  );
}
