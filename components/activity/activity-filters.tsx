import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/select";
import { ENTITY_LABELS, ENTITY_TYPES } from "@/lib/events/describe";
import type { ActivityFilterValues } from "./types";

/**
 * Who, what and which document, as a plain GET form: the filter is the URL, so it can be
 * bookmarked and shared, and works before any script has loaded.
 */
export function ActivityFilters({
  action,
  values,
  people,
  documents,
}: {
  action: string;
  values: ActivityFilterValues;
  people: { id: string; name: string }[];
  documents: { id: string; title: string }[];
}) {
  const filtered = Object.values(values).some(Boolean);
  return (
    <form action={action} method="get" role="search" aria-label="Filter activity" className="flex flex-wrap items-end gap-3">
      <div className="grid gap-1.5">
        <Label htmlFor="activity-actor">Person</Label>
        <NativeSelect id="activity-actor" name="actor" defaultValue={values.actorId ?? ""} className="w-44">
          <option value="">Everyone</option>
          {people.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </NativeSelect>
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="activity-what">What</Label>
        <NativeSelect id="activity-what" name="what" defaultValue={values.entityType ?? ""} className="w-40">
          <option value="">Everything</option>
          {ENTITY_TYPES.map((t) => (
            <option key={t} value={t}>
              {ENTITY_LABELS[t]}
            </option>
          ))}
        </NativeSelect>
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="activity-document">Document</Label>
        <NativeSelect id="activity-document" name="document" defaultValue={values.documentId ?? ""} className="w-64 max-w-full">
          <option value="">All documents</option>
          {documents.map((d) => (
            <option key={d.id} value={d.id}>
              {d.title}
            </option>
          ))}
        </NativeSelect>
      </div>
      <Button type="submit" variant="outline">
        Filter
      </Button>
      {filtered && (
        <Button asChild variant="ghost">
          <Link href={action}>Clear filters</Link>
        </Button>
      )}
    </form>
  );
}
