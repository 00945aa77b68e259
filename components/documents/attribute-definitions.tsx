"use client";
import { Plus, Trash2 } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { createAttributeAction, deleteAttributeAction } from "@/app/(app)/projects/[projectId]/attributes/actions";
import { useServerAction } from "@/components/forms/use-server-action";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Notice } from "@/components/ui/notice";
import { NativeSelect } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import type { AttributeField } from "./attribute-input";
import { ATTRIBUTE_TYPE_LABELS } from "./source-types";

type AttributeType = AttributeField["type"];

/** The project's attribute definitions; the owner adds and deletes them. */
export function AttributeDefinitions({ projectId, attributes, canManage }: { projectId: string; attributes: AttributeField[]; canManage: boolean }) {
  const [deleting, setDeleting] = useState<AttributeField | null>(null);
  return (
    <section aria-labelledby="attribute-definitions-title" className="rounded-xl border bg-card p-5 shadow-sm">
      <h3 id="attribute-definitions-title" className="font-semibold leading-tight">
        Definitions
      </h3>
      <p className="mt-1 text-sm text-muted-foreground">
        Facts about each document — country, year, outlet — to filter, sort and compare by.
        {!canManage && " Only the project's owners can add or remove attributes."}
      </p>
      {attributes.length > 0 ? (
        <ul aria-label="Attribute definitions" className="mt-4 flex flex-wrap gap-2">
          {attributes.map((a) => (
            <li key={a.id} className="inline-flex items-center gap-2 rounded-lg border bg-background py-1 pl-3 pr-1 text-sm">
              <span className="font-medium">{a.name}</span>
              <span className="text-xs text-muted-foreground">
                {ATTRIBUTE_TYPE_LABELS[a.type]}
                {a.type === "choice" && `: ${a.choices.join(", ")}`}
              </span>
              {canManage ? (
                <Button variant="ghost" size="icon" className="size-7 text-muted-foreground hover:text-destructive" onClick={() => setDeleting(a)}>
                  <Trash2 aria-hidden />
                  <span className="sr-only">Delete attribute {a.name}</span>
                </Button>
              ) : (
                <span className="w-1" />
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-4 text-sm text-muted-foreground">No attributes yet.</p>
      )}
      {canManage && <NewAttributeForm projectId={projectId} />}
      {canManage && <DeleteAttributeDialog projectId={projectId} attribute={deleting} onClose={() => setDeleting(null)} />}
    </section>
  );
}

function NewAttributeForm({ projectId }: { projectId: string }) {
  const [name, setName] = useState("");
  const [type, setType] = useState<AttributeType>("text");
  const [choices, setChoices] = useState("");
  const { run, pending, errors } = useServerAction(createAttributeAction, ["name", "type", "choices"]);
  return (
    <form
      noValidate
      aria-label="New attribute"
      className="mt-5 grid gap-3 border-t pt-4 sm:grid-cols-[1fr_12rem_auto] sm:items-start"
      onSubmit={(event) => {
        event.preventDefault();
        const list = choices
          .split("\n")
          .map((c) => c.trim())
          .filter(Boolean);
        run(
          { projectId, name, type, ...(type === "choice" ? { choices: list } : {}) },
          {
            onSuccess: ({ name: created }) => {
              toast.success(`Attribute “${created}” added.`);
              setName("");
              setChoices("");
            },
          },
        );
      }}
    >
      <Field id="attribute-name" label="Attribute name" error={errors.fields.name}>
        <Input value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. Country" maxLength={100} />
      </Field>
      <Field id="attribute-type" label="Type" error={errors.fields.type}>
        <NativeSelect value={type} onChange={(e) => setType(e.target.value as AttributeType)}>
          {Object.entries(ATTRIBUTE_TYPE_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </NativeSelect>
      </Field>
      <Button type="submit" disabled={pending} className="sm:mt-[1.375rem]">
        <Plus aria-hidden />
        {pending ? "Adding…" : "Add attribute"}
      </Button>
      {type === "choice" && (
        <Field id="attribute-choices" label="Choices" hint="One per line." error={errors.fields.choices} className="sm:col-span-2">
          <Textarea value={choices} onChange={(e) => setChoices(e.target.value)} placeholder={"Asia\nEurope\nAmericas"} className="min-h-24" />
        </Field>
      )}
      {errors.form && (
        <Notice tone="error" className="sm:col-span-3">
          {errors.form}
        </Notice>
      )}
    </form>
  );
}

function DeleteAttributeDialog({ projectId, attribute, onClose }: { projectId: string; attribute: AttributeField | null; onClose: () => void }) {
  const { run, pending, errors, reset } = useServerAction(deleteAttributeAction);
  return (
    <Dialog
      open={attribute !== null}
      onOpenChange={(open) => {
        if (!open) {
          reset();
          onClose();
        }
      }}
    >
      <DialogContent>
        {attribute && (
          <>
            <DialogHeader>
              <DialogTitle>Delete attribute “{attribute.name}”?</DialogTitle>
              <DialogDescription>Its value on every document is deleted with it. The documents and their codings stay. This cannot be undone.</DialogDescription>
            </DialogHeader>
            {errors.form && <Notice tone="error">{errors.form}</Notice>}
            <DialogFooter>
              <Button variant="outline" onClick={onClose}>
                Cancel
              </Button>
              <Button
                variant="destructive"
                disabled={pending}
                onClick={() =>
                  run(
                    { projectId, attributeId: attribute.id },
                    {
                      onSuccess: () => {
                        toast.success(`Attribute “${attribute.name}” deleted.`);
                        onClose();
                      },
                    },
                  )
                }
              >
                {pending ? "Deleting…" : "Delete attribute"}
              </Button>
            </DialogFooter>
          </>
        )}
      </DialogContent>
    </Dialog>
  );
}
