"use client";
import { Dices, Shuffle } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { applySampleAction, previewSampleAction } from "@/app/(app)/projects/[projectId]/assignments/actions";
import { SOURCE_TYPE_LABELS, isSourceType } from "@/components/documents/source-types";
import { useServerAction } from "@/components/forms/use-server-action";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Notice } from "@/components/ui/notice";
import { NativeSelect } from "@/components/ui/select";
import type { SamplePreview } from "@/db/queries/assignments";
import { formatCount } from "@/lib/ui/format";
import { CheckList } from "./check-list";
import type { AttributeOption, CoderOption } from "./types";

const randomSeed = () => String(Math.floor(Math.random() * 1_000_000));

function stratumLabel(stratum: string, by: string): string {
  if (stratum === "") return "(no value)";
  if (by === "sourceType" && isSourceType(stratum)) return SOURCE_TYPE_LABELS[stratum];
  return stratum;
}

/**
 * Draws a reproducible double-coding sample: share, coders per document, which coders, optional
 * strata, and a seed. Shows the draw before anything is written; applying it writes exactly
 * what was shown (or refuses, if the documents changed in between).
 */
export function SampleDialog({ projectId, coders, attributes, documentCount }: { projectId: string; coders: CoderOption[]; attributes: AttributeOption[]; documentCount: number }) {
  const defaultCoders = () => {
    const onlyCoders = coders.filter((c) => c.role === "coder");
    return new Set((onlyCoders.length >= 2 ? onlyCoders : coders).map((c) => c.userId));
  };
  const [open, setOpen] = useState(false);
  const [sharePercent, setSharePercent] = useState("20");
  const [perDocument, setPerDocument] = useState("2");
  const [userIds, setUserIds] = useState<Set<string>>(defaultCoders);
  const [stratify, setStratify] = useState("");
  const [seed, setSeed] = useState("");
  const [preview, setPreview] = useState<SamplePreview | null>(null);
  const previewing = useServerAction(previewSampleAction, ["share", "codersPerDocument", "seed"]);
  const applying = useServerAction(applySampleAction);

  const request = () => ({
    projectId,
    share: Number(sharePercent.replace(",", ".")) / 100,
    codersPerDocument: Number(perDocument),
    userIds: [...userIds],
    seed: seed.trim(),
    stratifyBy: stratify === "" ? null : stratify === "sourceType" ? ("sourceType" as const) : { attributeId: stratify.slice("attr:".length) },
  });
  // Any change makes the preview stale: it must be drawn again before it can be applied.
  const edit =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value);
      setPreview(null);
      previewing.reset();
      applying.reset();
    };

  function openChange(next: boolean) {
    setOpen(next);
    if (next) {
      setSeed(randomSeed());
      setUserIds(defaultCoders());
      setPreview(null);
      previewing.reset();
      applying.reset();
    }
  }

  const assignments = preview ? preview.documents.reduce((sum, d) => sum + d.coders.length, 0) : 0;
  return (
    <Dialog open={open} onOpenChange={openChange}>
      <DialogTrigger asChild>
        <Button>
          <Shuffle aria-hidden />
          Draw a sample
        </Button>
      </DialogTrigger>
      <DialogContent className="max-h-[90vh] max-w-3xl overflow-y-auto">
        <DialogHeader>
          <DialogTitle>Draw a sample</DialogTitle>
          <DialogDescription>
            A random share of the {formatCount(documentCount, "document")}, each coded by several coders — for an agreement study. The same
            seed on the same documents always draws the same sample, so write it down in your methods.
          </DialogDescription>
        </DialogHeader>
        <form
          className="grid gap-4"
          onSubmit={(event) => {
            event.preventDefault();
            previewing.run(request(), { onSuccess: setPreview });
          }}
        >
          <div className="grid gap-3 sm:grid-cols-4">
            <Field id="sample-share" label="Share (%)" error={previewing.errors.fields.share}>
              <Input type="number" min={1} max={100} step="any" value={sharePercent} onChange={(e) => edit(setSharePercent)(e.target.value)} />
            </Field>
            <Field id="sample-per-document" label="Coders per document" error={previewing.errors.fields.codersPerDocument}>
              <Input type="number" min={2} max={Math.max(2, coders.length)} step={1} value={perDocument} onChange={(e) => edit(setPerDocument)(e.target.value)} />
            </Field>
            <Field id="sample-stratify" label="Stratify by">
              <NativeSelect value={stratify} onChange={(e) => edit(setStratify)(e.target.value)}>
                <option value="">Nothing</option>
                <option value="sourceType">Source type</option>
                {attributes.map((a) => (
                  <option key={a.id} value={`attr:${a.id}`}>
                    {a.name}
                  </option>
                ))}
              </NativeSelect>
            </Field>
            <div className="grid content-start gap-1.5">
              <Field id="sample-seed" label="Seed" error={previewing.errors.fields.seed}>
                <Input value={seed} maxLength={100} onChange={(e) => edit(setSeed)(e.target.value)} />
              </Field>
              <button type="button" className="inline-flex items-center gap-1 justify-self-start text-xs text-primary underline-offset-4 hover:underline" onClick={() => edit(setSeed)(randomSeed())}>
                <Dices aria-hidden className="size-3.5" />
                New random seed
              </button>
            </div>
          </div>
          <fieldset className="grid gap-2">
            <legend className="mb-2 text-sm font-medium">Coders to include ({userIds.size} chosen)</legend>
            <CheckList
              label="Coders to include"
              items={coders.map((c) => ({ id: c.userId, label: c.name, hint: c.role === "owner" ? "owner" : undefined }))}
              selected={userIds}
              onChange={edit(setUserIds)}
              emptyText="No coders yet: add at least two on the Members tab."
            />
          </fieldset>
          {previewing.errors.form && <Notice tone="error">{previewing.errors.form}</Notice>}
          {!preview && (
            <DialogFooter>
              <Button type="button" variant="outline" onClick={() => openChange(false)}>
                Cancel
              </Button>
              <Button type="submit" disabled={previewing.pending}>
                {previewing.pending ? "Drawing…" : "Preview sample"}
              </Button>
            </DialogFooter>
          )}
        </form>

        {preview && (
          <section aria-label="Sample preview" className="grid gap-3 border-t pt-4">
            <div>
              <h3 className="font-semibold">{preview.label}</h3>
              <p className="text-sm text-muted-foreground">
                {preview.size} of {formatCount(preview.population, "document")}
                {" · "}
                {[...preview.workload]
                  .sort((a, b) => a.name.localeCompare(b.name))
                  .map((w) => `${w.name}: ${w.documents}`)
                  .join(", ")}
              </p>
            </div>
            {stratify !== "" && (
              <p className="text-sm text-muted-foreground">
                {preview.strata.map((s) => `${stratumLabel(s.stratum, stratify)} ${s.drawn} of ${s.size}`).join(" · ")}
              </p>
            )}
            <div className="max-h-72 overflow-y-auto rounded-lg border">
              <table className="w-full text-sm">
                <caption className="sr-only">Drawn documents</caption>
                <thead className="sticky top-0 border-b bg-muted text-left text-xs uppercase tracking-wide text-muted-foreground">
                  <tr>
                    <th scope="col" className="px-3 py-2 font-medium">
                      Document
                    </th>
                    {stratify !== "" && (
                      <th scope="col" className="px-3 py-2 font-medium">
                        Stratum
                      </th>
                    )}
                    <th scope="col" className="px-3 py-2 font-medium">
                      Coders
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y">
                  {preview.documents.map((d) => (
                    <tr key={d.id}>
                      <th scope="row" className="px-3 py-2 text-left font-medium">
                        {d.title}
                      </th>
                      {stratify !== "" && <td className="px-3 py-2 text-muted-foreground">{stratumLabel(d.stratum, stratify)}</td>}
                      <td className="px-3 py-2">{d.coders.map((c) => c.name).sort((a, b) => a.localeCompare(b)).join(", ")}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Notice>
              Applying assigns {formatCount(preview.size, "document")} ({formatCount(assignments, "assignment")}), labelled “{preview.label}”.
              Assignments that already exist are kept as they are.
            </Notice>
            {applying.errors.form && <Notice tone="error">{applying.errors.form}</Notice>}
            <DialogFooter>
              <Button type="button" variant="outline" onClick={() => setPreview(null)}>
                Change settings
              </Button>
              <Button
                disabled={applying.pending}
                onClick={() =>
                  applying.run(
                    { ...request(), expectedFingerprint: preview.fingerprint },
                    {
                      onSuccess: ({ label, created, existing }) => {
                        toast.success(`${label}: ${formatCount(created, "new assignment")}${existing ? `, ${existing} already there` : ""}.`);
                        openChange(false);
                      },
                    },
                  )
                }
              >
                {applying.pending ? "Applying…" : "Apply sample"}
              </Button>
            </DialogFooter>
          </section>
        )}
      </DialogContent>
    </Dialog>
  );
}
