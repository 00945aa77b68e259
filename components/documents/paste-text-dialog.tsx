"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";

/** Pasted text joins the same upload queue as files, so it gets the same row and the same answers. */
export function PasteTextDialog({
  open,
  onOpenChange,
  onSubmit,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onSubmit: (title: string, text: string) => void;
}) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-h-[92vh] max-w-2xl overflow-y-auto">{open && <PasteForm onSubmit={onSubmit} onCancel={() => onOpenChange(false)} />}</DialogContent>
    </Dialog>
  );
}

function PasteForm({ onSubmit, onCancel }: { onSubmit: (title: string, text: string) => void; onCancel: () => void }) {
  const [title, setTitle] = useState("");
  const [text, setText] = useState("");
  const [errors, setErrors] = useState<{ title?: string; text?: string }>({});
  return (
    <form
      noValidate
      className="grid gap-4"
      onSubmit={(event) => {
        event.preventDefault();
        const problems = { title: title.trim() ? undefined : "Give the text a title.", text: /\S/.test(text) ? undefined : "Paste the text to import." };
        setErrors(problems);
        if (!problems.title && !problems.text) onSubmit(title.trim(), text);
      }}
    >
      <DialogHeader>
        <DialogTitle>Paste text</DialogTitle>
        <DialogDescription>Separate paragraphs with a blank line. The text is kept exactly as pasted; it is added to the uploads below.</DialogDescription>
      </DialogHeader>
      <Field id="paste-title" label="Title" error={errors.title}>
        <Input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={500} autoFocus />
      </Field>
      <Field id="paste-text" label="Text" error={errors.text}>
        <Textarea
          value={text}
          onChange={(e) => {
            setText(e.target.value);
          }}
          className="min-h-64 font-serif text-[0.95rem] leading-relaxed"
        />
      </Field>
      <DialogFooter>
        <Button type="button" variant="outline" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit">Import text</Button>
      </DialogFooter>
    </form>
  );
}
