"use client";
import { RefreshCw } from "lucide-react";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { fetchJson } from "@/components/api/fetch-json";
import { Button } from "@/components/ui/button";
import { Progress } from "@/components/ui/progress";

type Run = { id: string; version: number; status: "training" | "ready" | "failed"; progress: number; stage: string; error: string | null; interrupted: boolean };

/**
 * Trains (or retrains) the suggester and shows its progress: the run goes on in the server's
 * background, so this polls its model row until it is ready or failed, then refreshes the page.
 */
export function TrainSuggesterButton({ projectId, running, seed }: { projectId: string; running: Run | null; seed: number }) {
  const router = useRouter();
  const [run, setRun] = useState<Run | null>(running);
  const [seedText, setSeedText] = useState(String(seed));
  const [busy, setBusy] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const poll = useCallback(
    (id: string) => {
      timer.current = setTimeout(async () => {
        const body = await fetchJson<{ models: Run[] }>(`/api/v1/projects/${projectId}/suggester`).catch(() => null);
        const current = body?.models.find((m) => m.id === id);
        if (!current) return poll(id);
        setRun(current);
        if (current.status === "training" && !current.interrupted) return poll(id);
        if (current.status === "ready") toast.success(`The suggester is trained (version ${current.version}).`);
        else toast.error(current.error ?? "Training stopped.");
        setRun(null);
        router.refresh();
      }, 700);
    },
    [projectId, router],
  );

  useEffect(() => {
    if (running && running.status === "training" && !running.interrupted) poll(running.id);
    return () => clearTimeout(timer.current);
  }, [running, poll]);

  const train = async () => {
    const value = Number(seedText);
    if (!Number.isInteger(value) || value < 0 || value > 2_147_483_647) {
      toast.error("The seed is a whole number from 0 to 2,147,483,647.");
      return;
    }
    setBusy(true);
    try {
      const started = await fetchJson<Run>(`/api/v1/projects/${projectId}/suggester`, { method: "POST", body: JSON.stringify({ seed: value }) });
      setRun(started);
      poll(started.id);
    } catch (error) {
      toast.error(error instanceof Error ? error.message : "Training could not be started. Try again.");
    } finally {
      setBusy(false);
    }
  };

  const training = run?.status === "training";
  return (
    <div className="grid gap-2">
      <div className="flex flex-wrap items-end gap-2">
        <label className="grid gap-1 text-sm">
          <span className="font-medium">Seed</span>
          <input value={seedText} onChange={(e) => setSeedText(e.target.value)} inputMode="numeric" className="h-9 w-32 rounded-md border bg-background px-2" aria-label="Seed" disabled={training} />
        </label>
        <Button type="button" onClick={train} disabled={busy || training}>
          <RefreshCw aria-hidden className={training ? "animate-spin" : undefined} />
          {training ? "Training…" : "Train the suggester"}
        </Button>
      </div>
      {training && run && (
        <div className="grid max-w-md gap-1" data-testid="training-progress">
          <Progress value={Math.round(run.progress * 100)} label="Training progress" />
          <p className="text-xs text-muted-foreground">
            Version {run.version}: {run.stage} ({Math.round(run.progress * 100)} %)
          </p>
        </div>
      )}
    </div>
  );
}
