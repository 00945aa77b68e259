"use client";
import { useMemo, useState } from "react";
import { toast } from "sonner";
import { createCodeAction, updateCodeAction } from "@/app/(app)/projects/[projectId]/actions";
import { useServerAction } from "@/components/forms/use-server-action";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Notice } from "@/components/ui/notice";
import { NativeSelect } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { nextPaletteColor } from "@/lib/codebook/default-codebook";
import { descendantIds } from "@/lib/codebook/tree";
import type { ErrorBody } from "@/lib/errors";
import { ColorPicker } from "./color-picker";
import type { CodeItem } from "./types";

const FIELDS = ["name", "color", "parentId", "definition", "include", "exclude", "examples"] as const;
type Values = { name: string; color: string; parentId: string; definition: string; include: string; exclude: string; examples: string };

function valuesOf(code: Pick<CodeItem, "name" | "color" | "parentId" | "definition" | "include" | "exclude" | "examples">): Values {
  return {
    name: code.name,
    color: code.color,
    parentId: code.parentId ?? "",
    definition: code.definition,
    include: code.include,
    exclude: code.exclude,
    examples: code.examples,
  };
}

type CurrentCode = Parameters<typeof valuesOf>[0] & { version: number };

function currentFrom(error: ErrorBody): CurrentCode | null {
  const current = error.details?.current as Partial<CurrentCode> | undefined;
  return error.code === "conflict" && current && typeof current.version === "number" ? (current as CurrentCode) : null;
}

/**
 * Creates a code, or edits one. Edits carry the version they started from: if someone else
 * saved in between, the server refuses and sends their version, and the person chooses.
 */
export function CodeFormDialog({
  projectId,
  codes,
  editing,
  defaultParentId,
  open,
  onOpenChange,
}: {
  projectId: string;
  codes: readonly CodeItem[];
  /** The code being edited; none to create one. */
  editing?: CodeItem | null;
  defaultParentId?: string | null;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-h-[92vh] max-w-2xl overflow-y-auto">
        {open && (
          <CodeForm
            key={editing?.id ?? "new"}
            projectId={projectId}
            codes={codes}
            editing={editing ?? null}
            defaultParentId={defaultParentId ?? null}
            onDone={() => onOpenChange(false)}
          />
        )}
      </DialogContent>
    </Dialog>
  );
}

function CodeForm({
  projectId,
  codes,
  editing,
  defaultParentId,
  onDone,
}: {
  projectId: string;
  codes: readonly CodeItem[];
  editing: CodeItem | null;
  defaultParentId: string | null;
  onDone: () => void;
}) {
  const [values, setValues] = useState<Values>(() =>
    editing
      ? valuesOf(editing)
      : { name: "", color: nextPaletteColor(codes.map((c) => c.color)), parentId: defaultParentId ?? "", definition: "", include: "", exclude: "", examples: "" },
  );
  const [version, setVersion] = useState(editing?.version ?? 1);
  const [conflict, setConflict] = useState<{ message: string; current: CurrentCode } | null>(null);
  const create = useServerAction(createCodeAction, FIELDS);
  const update = useServerAction(updateCodeAction, FIELDS);
  const { pending, errors } = editing ? update : create;

  // A code cannot move under itself or one of its own sub-codes.
  const parentOptions = useMemo(() => {
    const blocked = editing ? descendantIds(codes.map((c) => ({ ...c, position: 0 })), editing.id) : new Set<string>();
    return codes.filter((c) => !blocked.has(c.id));
  }, [codes, editing]);

  const set = (key: keyof Values) => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) =>
    setValues((v) => ({ ...v, [key]: e.target.value }));

  function submit() {
    const fields = { ...values, parentId: values.parentId || null };
    setConflict(null);
    if (!editing) {
      create.run(
        { projectId, ...fields },
        {
          onSuccess: ({ name }) => {
            toast.success(`Code “${name}” created.`);
            onDone();
          },
        },
      );
      return;
    }
    update.run(
      { projectId, codeId: editing.id, version, ...fields },
      {
        onSuccess: ({ name }) => {
          toast.success(`Code “${name}” saved.`);
          onDone();
        },
        onError: (error) => {
          const current = currentFrom(error);
          if (!current) return false;
          setConflict({ message: error.message, current });
          return true;
        },
      },
    );
  }

  return (
    <form
      noValidate
      className="grid gap-5"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <DialogHeader>
        <DialogTitle>{editing ? `Edit “${editing.name}”` : "New code"}</DialogTitle>
        <DialogDescription>
          A clear definition with include and exclude rules is what keeps coders consistent, and what reviewers ask to see.
        </DialogDescription>
      </DialogHeader>

      {conflict && (
        <Notice tone="error">
          <p>{conflict.message}</p>
          <div className="mt-2 flex flex-wrap gap-2">
            <Button
              type="button"
              size="sm"
              variant="outline"
              onClick={() => {
                setValues(valuesOf(conflict.current));
                setVersion(conflict.current.version);
                setConflict(null);
              }}
            >
              Load their version
            </Button>
            <Button
              type="button"
              size="sm"
              variant="outline"
              onClick={() => {
                setVersion(conflict.current.version);
                setConflict(null);
              }}
            >
              Keep my changes
            </Button>
          </div>
          <p className="mt-2 text-xs">“Keep my changes” lets you save again over their version.</p>
        </Notice>
      )}
      {errors.form && <Notice tone="error">{errors.form}</Notice>}

      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="code-name" label="Name" error={errors.fields.name}>
          <Input value={values.name} onChange={set("name")} autoFocus={!editing} maxLength={120} />
        </Field>
        <Field id="code-parent" label="Parent code" hint="Leave at top level, or nest it under a broader code." error={errors.fields.parentId}>
          <NativeSelect value={values.parentId} onChange={set("parentId")}>
            <option value="">None (top level)</option>
            {parentOptions.map((c) => (
              <option key={c.id} value={c.id}>
                {"\u2002".repeat(c.depth * 2)}
                {c.name}
              </option>
            ))}
          </NativeSelect>
        </Field>
      </div>
      <ColorPicker value={values.color} onChange={(color) => setValues((v) => ({ ...v, color }))} error={errors.fields.color} />
      <Field id="code-definition" label="Definition" hint="What the code captures, in one or two sentences." error={errors.fields.definition}>
        <Textarea rows={3} value={values.definition} onChange={set("definition")} />
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="code-include" label="Include" hint="What counts, with typical wording." error={errors.fields.include}>
          <Textarea rows={4} value={values.include} onChange={set("include")} />
        </Field>
        <Field id="code-exclude" label="Exclude" hint="Near misses, and which code they belong to instead." error={errors.fields.exclude}>
          <Textarea rows={4} value={values.exclude} onChange={set("exclude")} />
        </Field>
      </div>
      <Field id="code-examples" label="Examples" hint="Quotes that clearly fit, one per line." error={errors.fields.examples}>
        <Textarea rows={3} value={values.examples} onChange={set("examples")} />
      </Field>

      <DialogFooter>
        <Button type="button" variant="outline" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : editing ? "Save changes" : "Create code"}
        </Button>
      </DialogFooter>
    </form>
  );
}
