"use client";
import { UserPlus } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { assignDocumentsAction } from "@/app/(app)/projects/[projectId]/assignments/actions";
import { useServerAction } from "@/components/forms/use-server-action";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Notice } from "@/components/ui/notice";
import { formatCount } from "@/lib/ui/format";
import { CheckList } from "./check-list";
import type { CoderOption, DocumentOption } from "./types";

/** Pick documents and coders: each chosen document goes to each chosen coder. */
export function AssignDialog({ projectId, documents, coders }: { projectId: string; documents: DocumentOption[]; coders: CoderOption[] }) {
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState("");
  const [documentIds, setDocumentIds] = useState<Set<string>>(new Set());
  const [userIds, setUserIds] = useState<Set<string>>(new Set());
  const { run, pending, errors, reset } = useServerAction(assignDocumentsAction);
  const shown = documents.filter((d) => d.title.toLowerCase().includes(search.trim().toLowerCase()));

  function close(next: boolean) {
    setOpen(next);
    if (!next) {
      reset();
      setSearch("");
      setDocumentIds(new Set());
      setUserIds(new Set());
    }
  }

  return (
    <Dialog open={open} onOpenChange={close}>
      <DialogTrigger asChild>
        <Button variant="outline">
          <UserPlus aria-hidden />
          Assign documents
        </Button>
      </DialogTrigger>
      <DialogContent className="max-w-2xl">
        <DialogHeader>
          <DialogTitle>Assign documents</DialogTitle>
          <DialogDescription>Each document you choose goes to each coder you choose. Documents someone already has stay as they are.</DialogDescription>
        </DialogHeader>
        <form
          className="grid gap-4"
          onSubmit={(event) => {
            event.preventDefault();
            run(
              { projectId, documentIds: [...documentIds], userIds: [...userIds] },
              {
                onSuccess: ({ created, existing }) => {
                  toast.success(`${formatCount(created, "new assignment")}${existing ? ` (${existing} already there)` : ""}.`);
                  close(false);
                },
              },
            );
          }}
        >
          <div className="grid gap-4 sm:grid-cols-[3fr_2fr]">
            <fieldset className="grid content-start gap-2">
              <legend className="mb-2 text-sm font-medium">Documents ({documentIds.size} chosen)</legend>
              <Input type="search" aria-label="Filter documents" placeholder="Filter by title…" value={search} onChange={(e) => setSearch(e.target.value)} />
              <CheckList
                label="Documents"
                items={shown.map((d) => ({ id: d.id, label: d.title }))}
                selected={documentIds}
                onChange={setDocumentIds}
                emptyText={documents.length === 0 ? "No documents yet: import some on the Documents tab." : "No title matches."}
              />
            </fieldset>
            <fieldset className="grid content-start gap-2">
              <legend className="mb-2 text-sm font-medium">Coders ({userIds.size} chosen)</legend>
              <CheckList
                label="Coders"
                items={coders.map((c) => ({ id: c.userId, label: c.name, hint: c.role === "owner" ? "owner" : undefined }))}
                selected={userIds}
                onChange={setUserIds}
                emptyText="No coders yet: add them on the Members tab."
              />
            </fieldset>
          </div>
          {errors.form && <Notice tone="error">{errors.form}</Notice>}
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => close(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={pending || documentIds.size === 0 || userIds.size === 0}>
              {pending ? "Assigning…" : `Assign ${formatCount(documentIds.size * userIds.size, "assignment")}`}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
