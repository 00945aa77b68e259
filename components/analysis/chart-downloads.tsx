"use client";
import { Download } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";

/**
 * The chart as SVG (the server's file as is) or PNG (that SVG drawn on a canvas at twice its
 * size, in the browser — no server-side image library needed).
 */
export function ChartDownloads({ svgUrl, name }: { svgUrl: string; name: string }) {
  const [busy, setBusy] = useState(false);
  const png = async () => {
    setBusy(true);
    try {
      const svg = await (await fetch(svgUrl)).text();
      const url = URL.createObjectURL(new Blob([svg], { type: "image/svg+xml" }));
      const image = new Image();
      await new Promise<void>((resolve, reject) => {
        image.onload = () => resolve();
        image.onerror = () => reject(new Error("The chart could not be drawn."));
        image.src = url;
      });
      const canvas = document.createElement("canvas");
      canvas.width = image.naturalWidth * 2;
      canvas.height = image.naturalHeight * 2;
      const context = canvas.getContext("2d")!;
      context.fillStyle = "#ffffff";
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.drawImage(image, 0, 0, canvas.width, canvas.height);
      URL.revokeObjectURL(url);
      const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, "image/png"));
      if (!blob) throw new Error("The chart could not be converted to PNG.");
      const link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = `${name}.png`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
    } catch (error) {
      toast.error(error instanceof Error ? error.message : "The chart could not be downloaded.");
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="flex gap-2">
      <Button asChild variant="outline" size="sm">
        <a href={svgUrl} download={`${name}.svg`}>
          <Download aria-hidden />
          Chart as SVG
        </a>
      </Button>
      <Button variant="outline" size="sm" onClick={png} disabled={busy}>
        <Download aria-hidden />
        {busy ? "Drawing…" : "Chart as PNG"}
      </Button>
    </div>
  );
}
