"use client";
import { Wand2 } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { toast } from "sonner";
import { fetchJson } from "@/components/api/fetch-json";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import type { SearchResult } from "@/lib/server/search";

type Query = { q: string; mode: string; case: boolean; documents?: string[]; attribute?: string; value?: string };
type Code = { id: string; path: string; color: string };
type Planned = { documentId: string; start: number; end: number; quote: string };
type Preview = { hits: number; alreadyCoded: number; codings: Planned[] };

const EXTENTS = [
  { value: "match", label: "The match" },
  { value: "sentence", label: "Its sentence" },
  { value: "paragraph", label: "Its paragraph" },
] as const;
const field = "h-9 rounded-md border bg-background px-2 text-sm";
const keyOf = (h: { documentId: string; start: number; end: number }) => `${h.documentId}:${h.start}:${h.end}`;

/**
 * Search hits grouped by document, each with its context and a link to its place, and the
 * auto-coding bar: choose a code and an extent, preview exactly the codings it would create
 * (for all hits or the ticked ones) and apply them in one step (undone from the runs list).
 */
export function SearchResults({ projectId, result, query, codes, canCode }: { projectId: string; result: SearchResult; query: Query; codes: Code[]; canCode: boolean }) {
  const router = useRouter();
  const [chosen, setChosen] = useState<ReadonlySet<string>>(() => new Set(result.hits.map(keyOf)));
  const [codeId, setCodeId] = useState(codes[0]?.id ?? "");
  const [extent, setExtent] = useState<(typeof EXTENTS)[number]["value"]>("sentence");
  const [preview, setPreview] = useState<Preview | null>(null);
  const [busy, setBusy] = useState(false);
  const byDocument = useMemo(() => {
    const groups = new Map<string, SearchResult["hits"]>();
    for (const h of result.hits) {
      let list = groups.get(h.documentId);
      if (!list) groups.set(h.documentId, (list = []));
      list.push(h);
    }
    return groups;
  }, [result.hits]);
  const allChosen = chosen.size === result.hits.length;
  const codeName = codes.find((c) => c.id === codeId)?.path ?? "";

  const body = (previewOnly: boolean) =>
    JSON.stringify({
      q: query.q,
      mode: query.mode,
      case: query.case,
      ...(query.documents ? { documents: query.documents } : {}),
      ...(query.attribute !== undefined ? { attribute: query.attribute, value: query.value ?? "" } : {}),
      codeId,
      extent,
      preview: previewOnly,
      ...(allChosen ? {} : { hits: result.hits.filter((h) => chosen.has(keyOf(h))).map(({ documentId, start, end }) => ({ documentId, start, end })) }),
    });

  const askPreview = async () => {
    setBusy(true);
    try {
      setPreview(await fetchJson<Preview>(`/api/v1/projects/${projectId}/autocode`, { method: "POST", body: body(true) }));
    } catch (error) {
      toast.error(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };

  const apply = async () => {
    setBusy(true);
    try {
      const done = await fetchJson<{ batchId: string; codings: unknown[] }>(`/api/v1/projects/${projectId}/autocode`, { method: "POST", body: body(false) });
      setPreview(null);
      toast.success(`Coded ${done.codings.length} ${done.codings.length === 1 ? "passage" : "passages"} with “${codeName}”.`);
      router.refresh();
    } catch (error) {
      toast.error(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };

  const toggle = (key: string) =>
    setChosen((current) => {
      const next = new Set(current);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });

  return (
    <div className="grid gap-3">
      {canCode && (
        <div className="flex flex-wrap items-end gap-3 rounded-xl border bg-card p-3 text-sm" role="group" aria-label="Auto-code the hits">
          <label className="grid gap-1">
            <span className="font-medium">Code</span>
            <select value={codeId} onChange={(e) => setCodeId(e.target.value)} className={field} aria-label="Code to apply">
              {codes.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.path}
                </option>
              ))}
            </select>
          </label>
          <label className="grid gap-1">
            <span className="font-medium">Extent</span>
            <select value={extent} onChange={(e) => setExtent(e.target.value as typeof extent)} className={field} aria-label="Extent">
              {EXTENTS.map((x) => (
                <option key={x.value} value={x.value}>
                  {x.label}
                </option>
              ))}
            </select>
          </label>
          <Button type="button" onClick={askPreview} disabled={busy || chosen.size === 0 || !codeId}>
            <Wand2 aria-hidden />
            Auto-code {allChosen ? "all hits" : `${chosen.size} chosen ${chosen.size === 1 ? "hit" : "hits"}`}…
          </Button>
          <button type="button" className="h-9 text-primary underline-offset-4 hover:underline" onClick={() => setChosen(allChosen ? new Set() : new Set(result.hits.map(keyOf)))}>
            {allChosen ? "Choose none" : "Choose all"}
          </button>
        </div>
      )}
      {result.documents.map((d) => (
        <section key={d.id} aria-label={d.title} className="rounded-xl border bg-card p-3" data-testid="search-document">
          <h3 className="mb-2 flex items-baseline justify-between gap-2 text-sm font-semibold">
            <span>{d.title}</span>
            <span className="shrink-0 whitespace-nowrap text-xs font-normal text-muted-foreground">
              {d.hits} {d.hits === 1 ? "hit" : "hits"}
            </span>
          </h3>
          <ol className="grid gap-1.5">
            {(byDocument.get(d.id) ?? []).map((h) => {
              const key = keyOf(h);
              return (
                <li key={key} className="flex items-start gap-2 text-sm" data-testid="search-hit">
                  {canCode && (
                    <input type="checkbox" checked={chosen.has(key)} onChange={() => toggle(key)} className="mt-1 size-4 accent-primary" aria-label={`Choose the hit “${h.text}” at ${h.start}`} />
                  )}
                  <p className="flex-1">
                    <span className="text-muted-foreground">{h.before}</span>
                    <mark className="rounded-sm bg-primary/15 px-0.5 text-foreground">{h.text}</mark>
                    <span className="text-muted-foreground">{h.after}</span>
                  </p>
                  <Link href={`/projects/${projectId}/documents/${h.documentId}#at-${h.start}-${h.end}`} className="shrink-0 text-xs text-primary underline-offset-4 hover:underline">
                    Open at {h.start}
                  </Link>
                </li>
              );
            })}
          </ol>
        </section>
      ))}
      <Dialog open={preview !== null} onOpenChange={(open) => !open && setPreview(null)}>
        <DialogContent className="max-w-2xl">
          <DialogHeader>
            <DialogTitle>
              Code {preview?.codings.length ?? 0} {preview?.codings.length === 1 ? "passage" : "passages"} with “{codeName}”?
            </DialogTitle>
            <DialogDescription>
              From {preview?.hits ?? 0} {preview?.hits === 1 ? "hit" : "hits"}, at {EXTENTS.find((x) => x.value === extent)?.label.toLowerCase()}
              {preview && preview.alreadyCoded > 0 ? `; ${preview.alreadyCoded} you coded with this code already are left out` : ""}. They are coded as yours, in one step you can undo.
            </DialogDescription>
          </DialogHeader>
          <ol className="grid max-h-80 gap-1.5 overflow-y-auto text-sm" aria-label="Codings to create">
            {preview?.codings.map((c) => (
              <li key={keyOf(c)} className="rounded-md border p-2" data-testid="autocode-preview-item">
                <span className="block text-xs text-muted-foreground">
                  {result.documents.find((d) => d.id === c.documentId)?.title ?? ""} · {c.start}–{c.end}
                </span>
                <span className="line-clamp-3" title={c.quote}>
                  {c.quote}
                </span>
              </li>
            ))}
          </ol>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => setPreview(null)}>
              Cancel
            </Button>
            <Button type="button" onClick={apply} disabled={busy || !preview || preview.codings.length === 0} autoFocus>
              Code {preview?.codings.length ?? 0} {preview?.codings.length === 1 ? "passage" : "passages"}
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </div>
  );
}
