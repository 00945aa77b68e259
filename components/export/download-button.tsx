"use client";
import { Download } from "lucide-react";
import { useRef, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Progress } from "@/components/ui/progress";

/**
 * Downloads an export while showing how far it has come: the response is read as a stream and
 * measured against the server's estimate (`x-export-estimate`, bytes), then saved under the
 * server's file name. A refusal (JSON error) is shown as its message, not saved as a file.
 */
export function DownloadButton({ href, label, testId }: { href: string; label: string; testId?: string }) {
  const [progress, setProgress] = useState<{ received: number; estimate: number | null } | null>(null);
  const abort = useRef<AbortController | null>(null);
  const start = async () => {
    const controller = new AbortController();
    abort.current = controller;
    setProgress({ received: 0, estimate: null });
    try {
      const response = await fetch(href, { signal: controller.signal });
      if (!response.ok || !response.body) {
        const body = await response.json().catch(() => null);
        toast.error(body?.error?.message ?? `The export failed (${response.status}).`);
        return;
      }
      const estimate = Number(response.headers.get("x-export-estimate")) || null;
      const reader = response.body.getReader();
      const chunks: Uint8Array<ArrayBuffer>[] = [];
      let received = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value as Uint8Array<ArrayBuffer>);
        received += value.byteLength;
        setProgress({ received, estimate });
      }
      const disposition = response.headers.get("content-disposition") ?? "";
      const name = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1] ?? /filename="([^"]+)"/i.exec(disposition)?.[1];
      const blob = new Blob(chunks, { type: response.headers.get("content-type") ?? "application/octet-stream" });
      const url = URL.createObjectURL(blob);
      const a = document.createElement("a");
      a.href = url;
      a.download = name ? decodeURIComponent(name) : "export";
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      toast.success(`Exported ${formatBytes(received)}.`);
    } catch (error) {
      if ((error as Error).name !== "AbortError") toast.error("The export was interrupted. Check your connection and try again.");
    } finally {
      setProgress(null);
      abort.current = null;
    }
  };
  if (progress) {
    const percent = progress.estimate ? Math.min(99, (100 * progress.received) / progress.estimate) : null;
    return (
      <div className="grid min-w-48 gap-1" data-testid={testId ? `${testId}-progress` : undefined}>
        <Progress value={percent} label={`${label}: exporting`} />
        <div className="flex items-center justify-between gap-2 text-xs text-muted-foreground">
          <span>
            {formatBytes(progress.received)}
            {progress.estimate ? ` of about ${formatBytes(progress.estimate)}` : ""}
          </span>
          <button type="button" className="underline underline-offset-4 hover:text-foreground" onClick={() => abort.current?.abort()}>
            Cancel
          </button>
        </div>
      </div>
    );
  }
  return (
    // The card around it names the format; the button says what it does, its label says which.
    <Button type="button" variant="outline" size="sm" onClick={start} data-testid={testId} aria-label={label} className="shrink-0">
      <Download aria-hidden />
      Download
    </Button>
  );
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} kB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
