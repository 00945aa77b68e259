"use client";
import { Undo2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { fetchJson } from "@/components/api/fetch-json";
import { Button } from "@/components/ui/button";

export type RunItem = { batchId: string; codeName: string; q: string; extent: string; count: number; when: string };

/** The user's recent auto-coding runs, each undoable in one step (all its codings removed). */
export function AutocodeRuns({ projectId, runs }: { projectId: string; runs: RunItem[] }) {
  const router = useRouter();
  const [busy, setBusy] = useState<string | null>(null);
  if (runs.length === 0) return null;
  const undo = async (run: RunItem) => {
    setBusy(run.batchId);
    try {
      const { removed } = await fetchJson<{ removed: number }>(`/api/v1/projects/${projectId}/autocode/${run.batchId}`, { method: "DELETE" });
      toast.success(`Undone: ${removed} ${removed === 1 ? "coding" : "codings"} removed.`);
      router.refresh();
    } catch (error) {
      toast.error(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(null);
    }
  };
  return (
    <section aria-labelledby="runs-title" className="rounded-xl border bg-card p-3 text-sm">
      <h3 id="runs-title" className="mb-2 font-semibold">
        Your recent auto-coding
      </h3>
      <ul className="grid gap-1.5">
        {runs.map((run) => (
          <li key={run.batchId} className="flex flex-wrap items-center justify-between gap-2" data-testid="autocode-run">
            <span>
              {run.count} {run.count === 1 ? "passage" : "passages"} coded “{run.codeName}” ({run.extent}) from “{run.q}”
              <span className="ml-2 text-xs text-muted-foreground">{run.when}</span>
            </span>
            <Button type="button" size="sm" variant="outline" onClick={() => undo(run)} disabled={busy !== null} aria-label={`Undo auto-coding “${run.q}” with ${run.codeName}`}>
              <Undo2 aria-hidden />
              Undo
            </Button>
          </li>
        ))}
      </ul>
    </section>
  );
}
