"use client";
import { Save, Trash2 } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { deleteAgreementReportAction, saveAgreementReportAction } from "@/app/(app)/projects/[projectId]/agreement/actions";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";

export type SavedReportItem = { id: string; name: string; dataHash: string; createdAt: string; createdBy: string | null; coders: number; documents: number };

/** Save the report on screen under a name; reopen or delete saved ones (delete asks first). */
export function SavedReports({
  projectId,
  query,
  items,
  canSave,
  canDelete,
  currentHash,
}: {
  projectId: string;
  query: Record<string, string>;
  items: SavedReportItem[];
  canSave: boolean;
  canDelete: boolean;
  currentHash: string | null;
}) {
  const router = useRouter();
  const [name, setName] = useState("");
  const [pending, start] = useTransition();
  const [confirm, setConfirm] = useState<SavedReportItem | null>(null);
  const save = () =>
    start(async () => {
      const result = await saveAgreementReportAction({ projectId, name, query }).catch(() => null);
      if (!result) return void toast.error("Could not reach the server. Check your connection and try again.");
      if (!result.ok) return void toast.error(result.error.message);
      toast.success(`Saved “${name.trim()}”.`);
      setName("");
      router.refresh();
    });
  const remove = (item: SavedReportItem) =>
    start(async () => {
      const result = await deleteAgreementReportAction({ projectId, reportId: item.id }).catch(() => null);
      if (!result) return void toast.error("Could not reach the server. Check your connection and try again.");
      if (!result.ok) return void toast.error(result.error.message);
      toast.success(`Deleted “${item.name}”.`);
      setConfirm(null);
      router.refresh();
    });
  return (
    <section aria-labelledby="saved-title" className="grid gap-3 rounded-xl border bg-card p-4 text-sm">
      <h3 id="saved-title" className="font-semibold">
        Saved reports
      </h3>
      {canSave && currentHash && (
        <form
          className="flex flex-wrap items-center gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            if (name.trim()) save();
          }}
        >
          <label htmlFor="report-name" className="sr-only">
            Report name
          </label>
          <Input id="report-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. Methods table 2, pilot round" maxLength={200} className="max-w-xs" />
          <Button type="submit" size="sm" disabled={pending || !name.trim()}>
            <Save aria-hidden />
            Save this report
          </Button>
        </form>
      )}
      {items.length === 0 ? (
        <p className="text-muted-foreground">No saved reports yet. Save one to cite its figures later: it keeps its settings and the hash of the data it was computed on.</p>
      ) : (
        <ul className="grid gap-1.5">
          {items.map((item) => (
            <li key={item.id} className="flex flex-wrap items-center gap-2">
              <Link href={`/projects/${projectId}/agreement?report=${item.id}`} className="font-medium underline-offset-4 hover:underline">
                {item.name}
              </Link>
              <span className="text-xs text-muted-foreground">
                {new Date(item.createdAt).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" })}
                {item.createdBy ? ` · ${item.createdBy}` : ""} · {item.coders} coders · {item.documents} documents · data {item.dataHash.slice(0, 12)}
              </span>
              {canDelete && (
                <Button variant="ghost" size="icon" className="size-7 text-muted-foreground hover:text-destructive" onClick={() => setConfirm(item)} title="Delete">
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
            <DialogDescription>The saved figures go; the codings they were computed from stay. This cannot be undone.</DialogDescription>
          </DialogHeader>
          <DialogFooter>
            <Button variant="outline" onClick={() => setConfirm(null)}>
              Keep it
            </Button>
            <Button variant="destructive" disabled={pending} onClick={() => confirm && remove(confirm)}>
              Delete report
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </section>
  );
}
