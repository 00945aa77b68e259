"use client";
import { Upload } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { importCodebookAction } from "@/app/(app)/projects/[projectId]/actions";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Notice } from "@/components/ui/notice";

type Planned = { path: string; action: "create" | "update" | "same"; changes: string[]; matchedBy: "path" | "name" | null };
const ACTION_LABELS = { create: "New", update: "Changed", same: "Already here" } as const;

/** Import a codebook (.qdc or CSV): pick the file, read the merge plan, then apply it. */
export function ImportCodebookDialog({ projectId }: { projectId: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [file, setFile] = useState<{ name: string; content: string } | null>(null);
  const [plan, setPlan] = useState<Planned[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const reset = () => {
    setFile(null);
    setPlan(null);
    setError(null);
  };
  const run = async (apply: boolean, chosen = file) => {
    if (!chosen) return;
    setPending(true);
    setError(null);
    const result = await importCodebookAction({ projectId, fileName: chosen.name, content: chosen.content, apply }).catch(() => null);
    setPending(false);
    if (!result) return setError("Could not reach the server. Check your connection and try again.");
    if (!result.ok) return setError(result.error.message);
    if (!apply) return setPlan(result.data.plan as Planned[]);
    const a = result.data.applied!;
    toast.success(`Codebook imported: ${a.created} new, ${a.updated} changed, ${a.unchanged} already here.`);
    setOpen(false);
    reset();
    router.refresh();
  };
  const changes = plan?.filter((p) => p.action !== "same").length ?? 0;
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) reset();
      }}
    >
      <DialogTrigger asChild>
        <Button variant="outline" size="sm">
          <Upload aria-hidden />
          Import codebook
        </Button>
      </DialogTrigger>
      <DialogContent className="max-w-2xl">
        <DialogHeader>
          <DialogTitle>Import a codebook</DialogTitle>
          <DialogDescription>
            A REFI-QDA codebook (.qdc, from ATLAS.ti, NVivo, MAXQDA or QualCoder) or a CSV with a path or name column. Codes merge into this codebook by their full
            path (or by name, at the top level); you see what changes before anything does.
          </DialogDescription>
        </DialogHeader>
        <label className="grid gap-1.5 text-sm">
          <span className="font-medium">Codebook file (.qdc or .csv)</span>
          <input
            type="file"
            accept=".qdc,.csv,.xml,text/csv,application/xml"
            onChange={async (e) => {
              const f = e.target.files?.[0];
              if (!f) return;
              const bytes = new Uint8Array(await f.arrayBuffer());
              let binary = "";
              for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
              const chosen = { name: f.name, content: btoa(binary) };
              setFile(chosen);
              setPlan(null);
              void run(false, chosen);
            }}
            className="text-sm file:mr-3 file:rounded-md file:border file:bg-background file:px-3 file:py-1.5 file:text-sm"
          />
        </label>
        {error && <Notice tone="error">{error}</Notice>}
        {plan && (
          <div className="max-h-72 overflow-y-auto rounded-md border">
            <table className="w-full text-sm" aria-label="Codebook import plan">
              <thead className="sticky top-0 bg-card text-left text-xs uppercase tracking-wide text-muted-foreground">
                <tr>
                  <th className="px-3 py-2">Code</th>
                  <th className="px-3 py-2">What happens</th>
                </tr>
              </thead>
              <tbody>
                {plan.map((p) => (
                  <tr key={p.path} className="border-t" data-action={p.action}>
                    <td className="px-3 py-1.5">{p.path}</td>
                    <td className="px-3 py-1.5 text-muted-foreground">
                      {ACTION_LABELS[p.action]}
                      {p.changes.length ? `: ${p.changes.join(", ")}` : ""}
                      {p.matchedBy === "name" ? " (matched by name)" : ""}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <DialogFooter>
          <Button type="button" disabled={!plan || changes === 0 || pending} onClick={() => void run(true)}>
            {plan && changes === 0 ? "Nothing to change" : `Import ${changes} change${changes === 1 ? "" : "s"}`}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
