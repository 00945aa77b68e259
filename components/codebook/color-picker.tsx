"use client";
import { Check } from "lucide-react";
import { useEffect, useId, useState } from "react";
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

export function colorName(color: string): string {
  return NAMES[color] ?? color;
}

const HEX = /^#?[0-9a-fA-F]{6}$/;

/**
 * Palette swatches as a radio group, plus the system colour picker and a hex field for any
 * other colour. The hex field reports only complete colours; a half-typed one stays local.
 */
export function ColorPicker({ value, onChange, error, legend = "Colour" }: { value: string; onChange: (color: string) => void; error?: string; legend?: string }) {
  const id = useId();
  const custom = !(CODE_PALETTE as readonly string[]).includes(value);
  const [hex, setHex] = useState(value);
  useEffect(() => setHex(value), [value]);
  const hexValid = HEX.test(hex.trim());

  return (
    <fieldset className="grid gap-1.5" aria-describedby={error ? `${id}-error` : undefined}>
      <legend className="mb-1.5 text-sm font-medium">{legend}</legend>
      <div className="flex flex-wrap items-center gap-1.5">
        {CODE_PALETTE.map((color) => (
          <label key={color} className="relative cursor-pointer" title={colorName(color)}>
            <input
              type="radio"
              name={`${id}-color`}
              value={color}
              checked={value === color}
              onChange={() => onChange(color)}
              className="peer sr-only"
              aria-label={colorName(color)}
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
      </div>
      <div className="mt-1 flex flex-wrap items-center gap-2">
        <label
          className={cn(
            "inline-flex h-8 cursor-pointer items-center gap-1.5 rounded-md border px-2 text-xs text-muted-foreground focus-within:ring-2 focus-within:ring-ring",
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
          {custom ? "Custom" : "Other…"}
        </label>
        <label htmlFor={`${id}-hex`} className="text-xs text-muted-foreground">
          Hex
        </label>
        <input
          id={`${id}-hex`}
          value={hex}
          onChange={(e) => {
            const next = e.target.value;
            setHex(next);
            if (HEX.test(next.trim())) onChange(`#${next.trim().replace(/^#/, "").toLowerCase()}`);
          }}
          aria-invalid={hexValid ? undefined : true}
          aria-describedby={hexValid ? undefined : `${id}-hex-error`}
          spellCheck={false}
          autoComplete="off"
          maxLength={7}
          placeholder="#1c7ed6"
          className="h-8 w-24 rounded-md border border-input bg-card px-2 font-mono text-xs shadow-xs focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring aria-[invalid]:border-destructive"
        />
        {!hexValid && (
          <span id={`${id}-hex-error`} className="text-xs text-destructive">
            Six hex digits, like #1c7ed6.
          </span>
        )}
      </div>
      {error && (
        <p id={`${id}-error`} className="text-xs text-destructive">
          {error}
        </p>
      )}
    </fieldset>
  );
}
