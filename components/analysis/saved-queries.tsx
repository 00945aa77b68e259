"use client";
import { Save, Trash2 } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { deleteQueryAction, saveQueryAction } from "@/app/(app)/projects/[projectId]/analysis/actions";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";

export type SavedQueryItem = { id: string; name: string; href: string; description: string; createdByName: string | null; canDelete: boolean };

/** Save the query on screen under a name; reopen saved ones as links, delete them (asks first). */
export function SavedQueries({ projectId, query, items, canSave }: { projectId: string; query: Record<string, string> | null; items: SavedQueryItem[]; canSave: boolean }) {
  const router = useRouter();
  const [name, setName] = useState("");
  const [pending, start] = useTransition();
  const [confirm, setConfirm] = useState<SavedQueryItem | null>(null);
  const save = () =>
    start(async () => {
      if (!query) return;
      const result = await saveQueryAction({ projectId, name, query }).catch(() => null);
      if (!result) return void toast.error("Could not reach the server. Check your connection and try again.");
      if (!result.ok) return void toast.error(result.error.message);
      toast.success(`Saved “${name.trim()}”.`);
      setName("");
      router.refresh();
    });
  const remove = (item: SavedQueryItem) =>
    start(async () => {
      const result = await deleteQueryAction({ projectId, queryId: item.id }).catch(() => null);
      if (!result) return void toast.error("Could not reach the server. Check your connection and try again.");
      if (!result.ok) return void toast.error(result.error.message);
      toast.success(`Deleted “${item.name}”.`);
      setConfirm(null);
      router.refresh();
    });
  return (
    <section aria-labelledby="saved-queries-title" className="grid content-start gap-3 rounded-xl border bg-card p-4 text-sm">
      <h3 id="saved-queries-title" className="font-semibold">
        Saved queries
      </h3>
      {canSave && query && (
        <form
          className="flex flex-wrap items-center gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            if (name.trim()) save();
          }}
        >
          <label htmlFor="query-name" className="sr-only">
            Query name
          </label>
          <Input id="query-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. Pressure with rewards" maxLength={200} className="min-w-0 flex-1" />
          <Button type="submit" size="sm" disabled={pending || !name.trim()}>
            <Save aria-hidden />
            Save query
          </Button>
        </form>
      )}
      {items.length === 0 ? (
        <p className="text-muted-foreground">No saved queries yet. Run a query, name it and save it to come back to the same evidence later — it reruns on the codings as they are then.</p>
      ) : (
        <ul className="grid gap-2">
          {items.map((item) => (
            <li key={item.id} className="flex items-start justify-between gap-2">
              <div className="min-w-0">
                <Link href={item.href} className="font-medium underline-offset-4 hover:underline">
                  {item.name}
                </Link>
                <p className="text-xs text-muted-foreground">
                  {item.description}
                  {item.createdByName ? ` · ${item.createdByName}` : ""}
                </p>
              </div>
              {item.canDelete && (
                <Button variant="ghost" size="icon" className="size-7 shrink-0 text-muted-foreground hover:text-destructive" onClick={() => setConfirm(item)} title="Delete">
                  <Trash2 aria-hidden />
                  <span className="sr-only">Delete {item.name}</span>
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      <Dialog open={confirm !== null} onOpenChange={(open) => !open && setConfirm(null)}>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>Delete “{confirm?.name}”?</DialogTitle>
            <DialogDescription>The saved query goes; the codings it finds stay. This cannot be undone.</DialogDescription>
          </DialogHeader>
          <DialogFooter>
            <Button variant="outline" onClick={() => setConfirm(null)}>
              Keep it
            </Button>
            <Button variant="destructive" disabled={pending} onClick={() => confirm && remove(confirm)}>
              Delete query
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </section>
  );
}
