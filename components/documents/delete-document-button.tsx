"use client";
import { Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { deleteDocumentAction } from "@/app/(app)/projects/[projectId]/documents/actions";
import { useServerAction } from "@/components/forms/use-server-action";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Notice } from "@/components/ui/notice";
import { formatCount } from "@/lib/ui/format";

/**
 * Deleting a document takes every coder's codings on it along: the dialog says how many, so
 * nobody loses work without having read the number.
 */
export function DeleteDocumentButton({
  projectId,
  document,
  redirectTo,
  variant = "icon",
}: {
  projectId: string;
  document: { id: string; title: string; codingCount: number };
  /** Where to go afterwards (the reader goes back to the list); stays on the page when absent. */
  redirectTo?: string;
  variant?: "icon" | "button";
}) {
  const [open, setOpen] = useState(false);
  const router = useRouter();
  const { run, pending, errors, reset } = useServerAction(deleteDocumentAction);
  return (
    <>
      {variant === "icon" ? (
        <Button variant="ghost" size="icon" title="Delete" className="size-8 text-muted-foreground hover:text-destructive" onClick={() => setOpen(true)}>
          <Trash2 aria-hidden />
          <span className="sr-only">Delete {document.title}</span>
        </Button>
      ) : (
        <Button variant="outline" size="sm" className="text-destructive hover:text-destructive" onClick={() => setOpen(true)}>
          <Trash2 aria-hidden />
          Delete document…
        </Button>
      )}
      <Dialog
        open={open}
        onOpenChange={(next) => {
          setOpen(next);
          if (!next) reset();
        }}
      >
        <DialogContent>
          <DialogHeader>
            <DialogTitle>Delete “{document.title}”?</DialogTitle>
            <DialogDescription>
              {document.codingCount > 0
                ? `Its ${formatCount(document.codingCount, "coding")} (every coder's) will be deleted with it. This cannot be undone.`
                : "No one has coded it yet. This cannot be undone."}
            </DialogDescription>
          </DialogHeader>
          {errors.form && <Notice tone="error">{errors.form}</Notice>}
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button
              type="button"
              variant="destructive"
              disabled={pending}
              onClick={() =>
                run(
                  { projectId, documentId: document.id },
                  {
                    onSuccess: ({ deletedCodings }) => {
                      toast.success(`“${document.title}” deleted${deletedCodings > 0 ? ` with ${formatCount(deletedCodings, "coding")}` : ""}.`);
                      setOpen(false);
                      if (redirectTo) router.push(redirectTo);
                    },
                  },
                )
              }
            >
              {pending ? "Deleting…" : "Delete document"}
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </>
  );
}
