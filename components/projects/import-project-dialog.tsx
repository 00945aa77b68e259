"use client";
import { Upload } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Notice } from "@/components/ui/notice";
import { Progress } from "@/components/ui/progress";

type Report = {
  projectId: string;
  projectName: string;
  imported: { documents: number; codes: number; codings: number; coders: number; memos: number; attributes: number };
  skipped: { what: string; why: string }[];
};

/**
 * Import a project from ATLAS.ti, NVivo, MAXQDA, QualCoder or this tool (REFI-QDA `.qdpx`):
 * upload it, then see what came in and what was left out and why, before opening it.
 */
export function ImportProjectDialog() {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const reset = () => {
    setFile(null);
    setError(null);
    setReport(null);
    setPending(false);
  };
  const submit = async () => {
    if (!file) return;
    setPending(true);
    setError(null);
    try {
      const form = new FormData();
      form.set("file", file);
      const response = await fetch("/api/v1/projects/import", { method: "POST", body: form });
      const body = await response.json().catch(() => null);
      if (!response.ok) setError(body?.error?.message ?? `The import failed (${response.status}).`);
      else {
        setReport(body as Report);
        router.refresh();
      }
    } catch {
      setError("Could not reach the server. Check your connection and try again.");
    } finally {
      setPending(false);
    }
  };
  const counts = report
    ? Object.entries(report.imported)
        .filter(([, n]) => n > 0)
        .map(([what, n]) => `${n.toLocaleString("en")} ${n === 1 ? what.replace(/s$/, "") : what}`)
        .join(", ")
    : "";
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) reset();
      }}
    >
      <DialogTrigger asChild>
        <Button variant="outline">
          <Upload aria-hidden />
          Import .qdpx
        </Button>
      </DialogTrigger>
      <DialogContent className="max-w-xl">
        <DialogHeader>
          <DialogTitle>Import a project</DialogTitle>
          <DialogDescription>
            A REFI-QDA project (.qdpx) exported from ATLAS.ti, NVivo, MAXQDA, QualCoder or Qualcode becomes a new project you own: its codebook, texts, codings (each
            original coder kept apart), memos and attributes.
          </DialogDescription>
        </DialogHeader>
        {!report ? (
          <form
            className="grid gap-4"
            onSubmit={(e) => {
              e.preventDefault();
              void submit();
            }}
          >
            <label className="grid gap-1.5 text-sm">
              <span className="font-medium">Project file (.qdpx)</span>
              <input
                type="file"
                accept=".qdpx,.qde,application/zip"
                onChange={(e) => setFile(e.target.files?.[0] ?? null)}
                className="text-sm file:mr-3 file:rounded-md file:border file:bg-background file:px-3 file:py-1.5 file:text-sm"
              />
            </label>
            {pending && <Progress value={null} label="Importing the project" />}
            {error && <Notice tone="error">{error}</Notice>}
            <DialogFooter>
              <Button type="submit" disabled={!file || pending}>
                {pending ? "Importing…" : "Import"}
              </Button>
            </DialogFooter>
          </form>
        ) : (
          <div className="grid gap-3 text-sm" data-testid="import-report">
            <Notice tone="success">
              Imported “{report.projectName}”: {counts || "nothing"}.
            </Notice>
            {report.skipped.length > 0 && (
              <div className="grid gap-1">
                <p className="font-medium">Left out ({report.skipped.length}):</p>
                <ul className="max-h-48 list-disc overflow-y-auto pl-5 text-muted-foreground">
                  {report.skipped.map((s, i) => (
                    <li key={i}>
                      {s.what}: {s.why}
                    </li>
                  ))}
                </ul>
              </div>
            )}
            <DialogFooter>
              <Button asChild>
                <Link href={`/projects/${report.projectId}`}>Open the project</Link>
              </Button>
            </DialogFooter>
          </div>
        )}
      </DialogContent>
    </Dialog>
  );
}
