"use client";
import { ArchiveRestore } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { restoreCodingAction } from "@/app/(app)/projects/[projectId]/activity/actions";
import { useServerAction } from "@/components/forms/use-server-action";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Notice } from "@/components/ui/notice";

/** Brings a deleted coding back, after saying exactly what will come back and where. */
export function RestoreCodingButton({
  projectId,
  codingId,
  quote,
  codeName,
  mergedFromName,
}: {
  projectId: string;
  codingId: string;
  quote: string;
  codeName: string;
  mergedFromName: string | null;
}) {
  const [open, setOpen] = useState(false);
  const router = useRouter();
  const { run, pending, errors, reset } = useServerAction(restoreCodingAction);
  return (
    <>
      <Button type="button" size="sm" onClick={() => setOpen(true)}>
        <ArchiveRestore aria-hidden />
        Restore
      </Button>
      <Dialog
        open={open}
        onOpenChange={(next) => {
          setOpen(next);
          if (!next) reset();
        }}
      >
        <DialogContent>
          <DialogHeader>
            <DialogTitle>Restore this coding?</DialogTitle>
            <DialogDescription>
              “{quote}” comes back as it was deleted — same coder, boundaries and memo — coded as {codeName}.
              {mergedFromName ? ` Its code “${mergedFromName}” was merged into ${codeName} since.` : ""}
            </DialogDescription>
          </DialogHeader>
          {errors.form && <Notice tone="error">{errors.form}</Notice>}
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button
              type="button"
              disabled={pending}
              onClick={() =>
                run(
                  { projectId, codingId },
                  {
                    onSuccess: ({ documentId }) => {
                      setOpen(false);
                      toast.success("Coding restored.", {
                        action: { label: "Open in document", onClick: () => router.push(`/projects/${projectId}/documents/${documentId}#coding-${codingId}`) },
                      });
                      router.refresh();
                    },
                    onError: (error) => {
                      toast.error(error.message);
                    },
                  },
                )
              }
            >
              {pending ? "Restoring…" : "Restore coding"}
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </>
  );
}
