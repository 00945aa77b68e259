"use client";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/select";
import { cn } from "@/lib/ui/cn";

export type AttributeField = { id: string; name: string; type: "text" | "number" | "date" | "boolean" | "choice"; choices: string[] };

const PLACEHOLDERS = { text: "", number: "e.g. 42", date: "YYYY-MM-DD", boolean: "", choice: "" } as const;

/**
 * One attribute value as a form control fitting its type: a list for yes/no and choices, a
 * text box otherwise (dates may be a year or a month, which a date picker cannot take).
 * Extra props (id, aria-*) reach the control, so Field can label it.
 */
export function AttributeInput({
  attribute,
  value,
  onChange,
  className,
  showPlaceholder = true,
  ...rest
}: {
  attribute: AttributeField;
  /** The format hint ("YYYY-MM-DD"); off in tables, where it would repeat down every row. */
  showPlaceholder?: boolean;
  value: string;
  onChange: (value: string) => void;
  className?: string;
  id?: string;
  "aria-invalid"?: boolean;
  "aria-describedby"?: string;
  "aria-label"?: string;
}) {
  if (attribute.type === "boolean" || attribute.type === "choice") {
    const options = attribute.type === "boolean" ? ["yes", "no"] : attribute.choices;
    // A value that is no longer a choice (the definition changed) stays visible, not silently lost.
    const known = value === "" || options.some((o) => o.toLowerCase() === value.toLowerCase());
    return (
      <NativeSelect value={value} onChange={(e) => onChange(e.target.value)} className={className} {...rest}>
        <option value="">—</option>
        {!known && <option value={value}>{value}</option>}
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </NativeSelect>
    );
  }
  return (
    <Input
      value={value}
      onChange={(e) => onChange(e.target.value)}
      inputMode={attribute.type === "number" ? "decimal" : undefined}
      placeholder={showPlaceholder ? PLACEHOLDERS[attribute.type] : undefined}
      className={cn(className)}
      {...rest}
    />
  );
}
