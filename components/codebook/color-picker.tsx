"use client";
import { Check } from "lucide-react";
import { CODE_PALETTE } from "@/lib/codebook/default-codebook";
import { cn } from "@/lib/ui/cn";

const NAMES: Record<string, string> = {
  "#e03131": "Red",
  "#1c7ed6": "Blue",
  "#2f9e44": "Green",
  "#f08c00": "Orange",
  "#9c36b5": "Grape",
  "#0c8599": "Cyan",
  "#c2255c": "Pink",
  "#5c940d": "Lime",
  "#3b5bdb": "Indigo",
  "#e8590c": "Tangerine",
  "#6741d9": "Violet",
  "#087f5b": "Teal",
};

/** Palette swatches as a radio group, plus the system colour picker for anything else. */
export function ColorPicker({ value, onChange, error }: { value: string; onChange: (color: string) => void; error?: string }) {
  const custom = !(CODE_PALETTE as readonly string[]).includes(value);
  return (
    <fieldset className="grid gap-1.5" aria-describedby={error ? "code-color-error" : undefined}>
      <legend className="mb-1.5 text-sm font-medium">Colour</legend>
      <div className="flex flex-wrap items-center gap-1.5">
        {CODE_PALETTE.map((color) => (
          <label key={color} className="relative cursor-pointer" title={NAMES[color] ?? color}>
            <input
              type="radio"
              name="code-color"
              value={color}
              checked={value === color}
              onChange={() => onChange(color)}
              className="peer sr-only"
              aria-label={NAMES[color] ?? color}
            />
            <span
              aria-hidden
              className="flex size-7 items-center justify-center rounded-full ring-offset-2 ring-offset-card transition-shadow peer-checked:ring-2 peer-checked:ring-foreground/70 peer-focus-visible:ring-2 peer-focus-visible:ring-ring"
              style={{ backgroundColor: color }}
            >
              {value === color && <Check className="size-4 text-white" />}
            </span>
          </label>
        ))}
        <label
          className={cn(
            "ml-1 inline-flex h-7 cursor-pointer items-center gap-1.5 rounded-full border px-2 text-xs text-muted-foreground focus-within:ring-2 focus-within:ring-ring",
            custom && "border-foreground/60 text-foreground",
          )}
        >
          <input
            type="color"
            value={value}
            onChange={(e) => onChange(e.target.value.toLowerCase())}
            className="size-4 cursor-pointer rounded-full border-0 bg-transparent p-0 [&::-webkit-color-swatch]:rounded-full [&::-webkit-color-swatch]:border-0 [&::-webkit-color-swatch-wrapper]:p-0"
            aria-label="Custom colour"
          />
          {custom ? value : "Custom"}
        </label>
      </div>
      {error && (
        <p id="code-color-error" className="text-xs text-destructive">
          {error}
        </p>
      )}
    </fieldset>
  );
}
