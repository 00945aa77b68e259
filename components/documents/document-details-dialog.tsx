"use client";
import { Pencil } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { updateDocumentAction } from "@/app/(app)/projects/[projectId]/documents/actions";
import { useServerAction } from "@/components/forms/use-server-action";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Notice } from "@/components/ui/notice";
import { NativeSelect } from "@/components/ui/select";
import type { SourceType } from "@/db/schema";
import type { ErrorBody } from "@/lib/errors";
import { AttributeInput, type AttributeField } from "./attribute-input";
import { SOURCE_TYPE_OPTIONS } from "./source-types";

export type DocumentDetails = {
  title: string;
  sourceType: SourceType;
  publishedOn: string;
  author: string;
  url: string;
  language: string;
};

const FIELDS = ["title", "sourceType", "publishedOn", "author", "url", "language"] as const;

type Current = Partial<Record<keyof DocumentDetails, string | null>> & { version?: number };

/**
 * Edits a document's details and attribute values together (one transaction on the server).
 * The edit carries the version it started from; if someone saved in between, the server
 * refuses and sends theirs, which the form then shows.
 */
export function DocumentDetailsDialog({
  projectId,
  documentId,
  version,
  details,
  attributes,
  values,
}: {
  projectId: string;
  documentId: string;
  version: number;
  details: DocumentDetails;
  attributes: AttributeField[];
  /** attribute id → current value */
  values: Record<string, string>;
}) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <Button variant="outline" size="sm" onClick={() => setOpen(true)}>
        <Pencil aria-hidden />
        Edit details
      </Button>
      <DialogContent className="max-h-[92vh] max-w-2xl overflow-y-auto">
        {open && (
          <DetailsForm
            projectId={projectId}
            documentId={documentId}
            version={version}
            details={details}
            attributes={attributes}
            values={values}
            onDone={() => setOpen(false)}
          />
        )}
      </DialogContent>
    </Dialog>
  );
}

function DetailsForm(props: {
  projectId: string;
  documentId: string;
  version: number;
  details: DocumentDetails;
  attributes: AttributeField[];
  values: Record<string, string>;
  onDone: () => void;
}) {
  const { projectId, documentId, attributes, onDone } = props;
  const router = useRouter();
  const [details, setDetails] = useState(props.details);
  const [values, setValues] = useState(props.values);
  const [version, setVersion] = useState(props.version);
  const [attributeErrors, setAttributeErrors] = useState<Record<string, string>>({});
  const [conflict, setConflict] = useState<string | null>(null);
  const { run, pending, errors } = useServerAction(updateDocumentAction, FIELDS);
  const set = (key: keyof DocumentDetails) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setDetails((d) => ({ ...d, [key]: e.target.value }));

  function handleError(error: ErrorBody): boolean {
    const current = error.details?.current as Current | undefined;
    if (error.code === "conflict" && current && typeof current.version === "number") {
      setConflict(error.message);
      setVersion(current.version);
      setDetails({
        title: current.title ?? "",
        sourceType: (current.sourceType ?? "other") as SourceType,
        publishedOn: current.publishedOn ?? "",
        author: current.author ?? "",
        url: current.url ?? "",
        language: current.language ?? "",
      });
      router.refresh();
      return true;
    }
    // setAttributeValues names the attribute (by name) whose value it refused.
    const field = typeof error.details?.field === "string" ? error.details.field : null;
    const attribute = field ? attributes.find((a) => a.name === field || a.id === field) : undefined;
    if (attribute) {
      setAttributeErrors({ [attribute.id]: error.message });
      return true;
    }
    return false;
  }

  function submit() {
    setConflict(null);
    setAttributeErrors({});
    const changedAttributes = Object.fromEntries(Object.entries(values).filter(([id, v]) => (props.values[id] ?? "") !== v));
    run(
      {
        projectId,
        documentId,
        version,
        ...details,
        ...(Object.keys(changedAttributes).length ? { attributes: changedAttributes } : {}),
      },
      {
        onError: handleError,
        onSuccess: ({ title }) => {
          toast.success(`Details of “${title}” saved.`);
          onDone();
        },
      },
    );
  }

  return (
    <form
      noValidate
      className="grid gap-4"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <DialogHeader>
        <DialogTitle>Edit details</DialogTitle>
        <DialogDescription>What the import found can be corrected here. The text itself never changes, so codings stay where they are.</DialogDescription>
      </DialogHeader>
      {conflict && <Notice tone="error">{conflict} Check it, then save again.</Notice>}
      {errors.form && <Notice tone="error">{errors.form}</Notice>}
      <Field id="doc-title" label="Title" error={errors.fields.title}>
        <Input value={details.title} onChange={set("title")} maxLength={500} />
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="doc-source-type" label="Source type" error={errors.fields.sourceType}>
          <NativeSelect value={details.sourceType} onChange={set("sourceType")}>
            {SOURCE_TYPE_OPTIONS.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </NativeSelect>
        </Field>
        <Field id="doc-date" label="Publication date" hint="The day it was published, as YYYY-MM-DD." error={errors.fields.publishedOn}>
          <Input value={details.publishedOn} onChange={set("publishedOn")} placeholder="YYYY-MM-DD" inputMode="numeric" />
        </Field>
        <Field id="doc-author" label="Author" error={errors.fields.author}>
          <Input value={details.author} onChange={set("author")} />
        </Field>
        <Field id="doc-language" label="Language" hint="A code such as en, vi or zh-Hant." error={errors.fields.language}>
          <Input value={details.language} onChange={set("language")} />
        </Field>
      </div>
      <Field id="doc-url" label="URL" error={errors.fields.url}>
        <Input type="url" value={details.url} onChange={set("url")} placeholder="https://" />
      </Field>
      {attributes.length > 0 && (
        <fieldset className="grid gap-4 border-t pt-4 sm:grid-cols-2">
          <legend className="sr-only">Attributes</legend>
          {attributes.map((a) => (
            <Field key={a.id} id={`doc-attr-${a.id}`} label={a.name} error={attributeErrors[a.id]}>
              <AttributeInput attribute={a} value={values[a.id] ?? ""} onChange={(v) => setValues((all) => ({ ...all, [a.id]: v }))} />
            </Field>
          ))}
        </fieldset>
      )}
      <DialogFooter>
        <Button type="button" variant="outline" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save details"}
        </Button>
      </DialogFooter>
    </form>
  );
}
