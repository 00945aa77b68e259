import * as React from "react";
import { cn } from "@/lib/ui/cn";

export type Choice<V extends string> = { value: V; label: string; description: string; icon?: React.ComponentType<{ className?: string }> };

/** A radio group drawn as cards: native radios, so arrow keys and screen readers just work. */
export function ChoiceCards<V extends string>({
  name,
  legend,
  choices,
  value,
  onChange,
  disabled,
  className,
}: {
  name: string;
  legend: string;
  choices: readonly Choice<V>[];
  value: V;
  onChange: (value: V) => void;
  disabled?: boolean;
  className?: string;
}) {
  return (
    <fieldset className={cn("grid gap-1.5", className)} disabled={disabled}>
      <legend className="mb-1.5 text-sm font-medium">{legend}</legend>
      <div className="grid gap-2 sm:grid-cols-2">
        {choices.map((choice) => {
          const Icon = choice.icon;
          const id = `${name}-${choice.value}`;
          return (
            <label
              key={choice.value}
              htmlFor={id}
              className={cn(
                "relative flex cursor-pointer gap-3 rounded-lg border bg-card p-3 text-sm transition-colors hover:bg-accent/50 has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-ring has-[:disabled]:cursor-not-allowed has-[:disabled]:opacity-60",
                value === choice.value && "border-primary bg-accent/60",
              )}
            >
              <input
                id={id}
                type="radio"
                name={name}
                value={choice.value}
                checked={value === choice.value}
                onChange={() => onChange(choice.value)}
                className="mt-0.5 size-4 shrink-0 accent-[var(--primary)]"
              />
              <span className="grid gap-0.5">
                <span className="flex items-center gap-1.5 font-medium">
                  {Icon && <Icon className="size-4 text-muted-foreground" />}
                  {choice.label}
                </span>
                <span className="text-xs text-muted-foreground">{choice.description}</span>
              </span>
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}
