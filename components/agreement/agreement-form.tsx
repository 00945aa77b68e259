import { Button } from "@/components/ui/button";
import { MEASURE_LABELS, MEASURES, UNIT_KINDS, type Measure } from "@/lib/agreement";
import type { AgreementQuery } from "@/lib/validation/agreement";

type Option = { id: string; name: string; hint?: string };

/**
 * The report's settings as a plain GET form: the URL is the report, so it can be bookmarked,
 * shared with a co-author, and reloaded; it works before any script has loaded.
 */
export function AgreementForm({
  action,
  coders,
  codes,
  documents,
  query,
  chosenCoders,
}: {
  action: string;
  coders: Option[];
  codes: Option[];
  documents: Option[];
  query: AgreementQuery | null;
  chosenCoders: string[];
}) {
  const measures = new Set<Measure>(query?.measure ?? MEASURES);
  const chosenCodes = new Set(query?.codes ?? codes.map((c) => c.id));
  // One document, the sample or all here; several chosen documents come from the URL or the API.
  const docValue = query?.documents === "sample" ? "sample" : Array.isArray(query?.documents) && query.documents.length === 1 ? query.documents[0]! : "";
  return (
    <form method="get" action={action} className="grid gap-4 rounded-xl border bg-card p-4 text-sm" aria-label="Agreement settings">
      <div className="grid gap-4 md:grid-cols-3">
        <fieldset className="grid content-start gap-1.5">
          <legend className="mb-1 font-medium">Coders (two or more)</legend>
          {coders.map((c) => (
            <label key={c.id} className="flex items-center gap-2">
              <input type="checkbox" name="coders" value={c.id} defaultChecked={chosenCoders.includes(c.id)} className="size-4 accent-primary" />
              <span>{c.name}</span>
              {c.hint && <span className="text-xs text-muted-foreground">{c.hint}</span>}
            </label>
          ))}
        </fieldset>
        <fieldset className="grid content-start gap-1.5">
          <legend className="mb-1 font-medium">Codes</legend>
          {codes.map((c) => (
            <label key={c.id} className="flex items-center gap-2">
              <input type="checkbox" name="codes" value={c.id} defaultChecked={chosenCodes.has(c.id)} className="size-4 accent-primary" />
              <span>{c.name}</span>
            </label>
          ))}
        </fieldset>
        <fieldset className="grid content-start gap-1.5">
          <legend className="mb-1 font-medium">Measures</legend>
          {MEASURES.map((m) => (
            <label key={m} className="flex items-center gap-2">
              <input type="checkbox" name="measure" value={m} defaultChecked={measures.has(m)} className="size-4 accent-primary" />
              <span>{MEASURE_LABELS[m]}</span>
            </label>
          ))}
        </fieldset>
      </div>
      <div className="grid gap-4 md:grid-cols-3">
        <label className="grid gap-1">
          <span className="font-medium">Documents</span>
          <select name="documents" defaultValue={docValue} className="h-9 rounded-md border bg-background px-2">
            <option value="">All documents</option>
            <option value="sample">The double-coding sample (assigned to two or more of these coders)</option>
            {documents.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
        <label className="grid gap-1">
          <span className="font-medium">Units</span>
          <select name="unit" defaultValue={query?.unit ?? "paragraph"} className="h-9 rounded-md border bg-background px-2">
            {UNIT_KINDS.map((u) => (
              <option key={u} value={u}>
                {u === "document" ? "Whole documents" : u === "paragraph" ? "Paragraphs" : "Sentences"}
              </option>
            ))}
          </select>
        </label>
        <label className="grid gap-1">
          <span className="font-medium">Segment overlap threshold (%)</span>
          <input type="number" name="thresholdPercent" min={1} max={100} step={1} defaultValue={Math.round((query?.threshold ?? 0.9) * 100)} className="h-9 rounded-md border bg-background px-2" />
        </label>
      </div>
      <div className="flex items-center gap-3">
        <Button type="submit">Compute agreement</Button>
        <span className="text-xs text-muted-foreground">Bootstrap: {query?.samples ?? 1000} resamples, seed {query?.seed ?? 20250101} (change them in the URL or the API).</span>
      </div>
    </form>
  );
}
