"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo, useState, useTransition } from "react";
import { toast } from "sonner";
import { setAttributeValuesAction } from "@/app/(app)/projects/[projectId]/attributes/actions";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { parseAttributeValue } from "@/lib/attributes/values";
import { cn } from "@/lib/ui/cn";
import { formatCount } from "@/lib/ui/format";
import { AttributeInput, type AttributeField } from "./attribute-input";

export type AttributeRow = { id: string; title: string; values: Record<string, string> };

const cellKey = (documentId: string, attributeId: string) => `${documentId}:${attributeId}`;

/**
 * Attribute values in bulk: rows are documents, columns attributes. Type into any cells, then
 * save them all at once. The server takes all or nothing; a refused value is shown on its cell.
 * Values are checked here first with the server's own parser, so most mistakes show before saving.
 */
export function AttributeTable({
  projectId,
  attributes,
  rows,
  editable,
}: {
  projectId: string;
  attributes: AttributeField[];
  rows: AttributeRow[];
  editable: boolean;
}) {
  const router = useRouter();
  const [edits, setEdits] = useState<Record<string, string>>({});
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const original = (documentId: string, attribute: AttributeField) => rows.find((r) => r.id === documentId)?.values[attribute.name] ?? "";
  const changed = Object.entries(edits).filter(([key, value]) => {
    const [documentId, attributeId] = key.split(":") as [string, string];
    const attribute = attributes.find((a) => a.id === attributeId);
    return attribute && original(documentId, attribute) !== value;
  });

  const localErrors = useMemo(() => {
    const errors: Record<string, string> = {};
    for (const [key, value] of Object.entries(edits)) {
      const attribute = attributes.find((a) => a.id === key.split(":")[1]);
      if (!attribute) continue;
      const parsed = parseAttributeValue(attribute, value);
      if (!parsed.ok) errors[key] = parsed.message;
    }
    return errors;
  }, [edits, attributes]);
  const errors = { ...serverErrors, ...localErrors };
  const errorCount = Object.keys(errors).length;

  function save() {
    setFormError(null);
    setServerErrors({});
    const byDocument = new Map<string, Record<string, string>>();
    for (const [key, value] of changed) {
      const [documentId, attributeId] = key.split(":") as [string, string];
      byDocument.set(documentId, { ...byDocument.get(documentId), [attributeId]: value });
    }
    const values = [...byDocument].map(([documentId, attrs]) => ({ documentId, attributes: attrs }));
    startTransition(async () => {
      const result = await setAttributeValuesAction({ projectId, values }).catch(() => null);
      if (!result) return setFormError("Could not reach the server. Check your connection and try again; nothing was saved.");
      if (!result.ok) {
        // The query names the cell: details.documentId and details.field (the attribute's name).
        const { documentId, field } = (result.error.details ?? {}) as { documentId?: string; field?: string };
        const attribute = attributes.find((a) => a.name === field || a.id === field);
        if (documentId && attribute) setServerErrors({ [cellKey(documentId, attribute.id)]: result.error.message });
        setFormError(`Nothing was saved. ${result.error.message}`);
        return;
      }
      toast.success(`Saved ${formatCount(result.data.values, "value")} on ${formatCount(result.data.documents, "document")}.`);
      setEdits({});
      router.refresh();
    });
  }

  return (
    <div className="grid gap-3">
      {editable && (
        <div className="flex flex-wrap items-center justify-between gap-3">
          <p className="text-sm text-muted-foreground" aria-live="polite">
            {changed.length === 0 ? "Type into any cell, then save all changes at once." : `${formatCount(changed.length, "unsaved change")}`}
            {errorCount > 0 && <span className="text-destructive"> · {formatCount(errorCount, "value")} to fix</span>}
          </p>
          <div className="flex gap-2">
            {changed.length > 0 && (
              <Button
                variant="ghost"
                onClick={() => {
                  setEdits({});
                  setServerErrors({});
                  setFormError(null);
                }}
              >
                Discard
              </Button>
            )}
            <Button onClick={save} disabled={pending || changed.length === 0 || Object.keys(localErrors).length > 0}>
              {pending ? "Saving…" : "Save all changes"}
            </Button>
          </div>
        </div>
      )}
      {formError && <Notice tone="error">{formError}</Notice>}
      <div className="overflow-x-auto rounded-xl border bg-card shadow-sm">
        <table className="w-full text-sm">
          <caption className="sr-only">Attribute values by document</caption>
          <thead className="border-b bg-muted/50 text-left text-xs uppercase tracking-wide text-muted-foreground">
            <tr>
              <th scope="col" className="min-w-64 px-4 py-2.5 font-medium">
                Document
              </th>
              {attributes.map((a) => (
                <th key={a.id} scope="col" className="min-w-44 px-3 py-2.5 font-medium">
                  {a.name}
                  {(a.type === "date" || a.type === "number") && (
                    <span className="ml-1 font-normal normal-case tracking-normal">({a.type === "date" ? "YYYY-MM-DD" : "number"})</span>
                  )}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y">
            {rows.map((row) => (
              <tr key={row.id} className="align-top">
                <th scope="row" className="px-4 py-2 text-left font-normal">
                  <Link href={`/projects/${projectId}/documents/${row.id}`} className="font-medium underline-offset-4 hover:underline">
                    {row.title}
                  </Link>
                </th>
                {attributes.map((a) => {
                  const key = cellKey(row.id, a.id);
                  const value = edits[key] ?? row.values[a.name] ?? "";
                  const error = errors[key];
                  const dirty = key in edits && edits[key] !== (row.values[a.name] ?? "");
                  return (
                    <td key={a.id} className="px-3 py-1.5">
                      {editable ? (
                        <>
                          <AttributeInput
                            attribute={a}
                            value={value}
                            onChange={(v) => {
                              setEdits((all) => ({ ...all, [key]: v }));
                              setServerErrors((all) => {
                                const { [key]: _gone, ...rest } = all;
                                return rest;
                              });
                            }}
                            aria-label={`${a.name} of ${row.title}`}
                            showPlaceholder={false}
                            aria-invalid={error ? true : undefined}
                            aria-describedby={error ? `${key}-error` : undefined}
                            className={cn("min-w-40", dirty && "[&>select]:border-primary [&>select]:bg-accent/40", dirty && a.type !== "boolean" && a.type !== "choice" && "border-primary bg-accent/40")}
                          />
                          {error && (
                            <p id={`${key}-error`} className="mt-1 max-w-56 text-xs text-destructive">
                              {error}
                            </p>
                          )}
                        </>
                      ) : (
                        <span className="text-muted-foreground">{row.values[a.name] ?? "—"}</span>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
