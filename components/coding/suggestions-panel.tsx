"use client";
import { Check, Sparkles, X } from "lucide-react";
import Link from "next/link";
import { useCallback, useEffect, useMemo, useState } from "react";
import { toast } from "sonner";
import { fetchJson } from "@/components/api/fetch-json";
import type { TextIndex } from "@/lib/offsets";
import type { DomRanges } from "./dom-ranges";
import type { WorkspaceCode } from "./types";

export type Suggestion = { id: number; codeId: string; start: number; end: number; confidence: number };

type Props = {
  projectId: string;
  documentId: string;
  codes: readonly WorkspaceCode[];
  index: TextIndex;
  ranges: DomRanges | null;
  canCode: boolean;
  /** Creates the coding as the user's own (the workspace's optimistic path, with undo). */
  onAccept: (s: Suggestion) => Promise<boolean>;
  onShow: (s: Suggestion) => void;
};

const excerpt = (text: string, max = 110) => {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max).replace(/\s\S*$/, "")}…` : flat;
};

/**
 * The suggester's proposals for this document: a layer apart from the codings (dotted underline
 * in the text, a list here), each accepted — it becomes the user's own coding — or dismissed.
 * Nothing is coded unless the user accepts it.
 */
export function SuggestionsPanel({ projectId, documentId, codes, index, ranges, canCode, onAccept, onShow }: Props) {
  const [state, setState] = useState<{ loading: boolean; error: string | null; version: number | null; items: Suggestion[] }>({ loading: true, error: null, version: null, items: [] });
  const [shown, setShown] = useState(true);
  const [busy, setBusy] = useState<number | null>(null);
  const codeById = useMemo(() => new Map(codes.map((c) => [c.id, c])), [codes]);

  useEffect(() => {
    let cancelled = false;
    fetchJson<{ modelVersion: number | null; suggestions: Suggestion[] }>(`/api/v1/projects/${projectId}/suggestions?documentId=${encodeURIComponent(documentId)}`)
      .then((body) => !cancelled && setState({ loading: false, error: null, version: body.modelVersion, items: body.suggestions }))
      .catch((error: Error) => !cancelled && setState({ loading: false, error: error.message, version: null, items: [] }));
    return () => {
      cancelled = true;
    };
  }, [projectId, documentId]);

  const items = useMemo(() => state.items.filter((s) => codeById.has(s.codeId)), [state.items, codeById]);

  // Painted as their own highlight, apart from the codings' colours.
  useEffect(() => {
    if (typeof CSS === "undefined" || !("highlights" in CSS) || !ranges) return;
    if (!shown || items.length === 0) CSS.highlights.delete("qc-suggest");
    else CSS.highlights.set("qc-suggest", new Highlight(...items.map((s) => ranges.range(s.start, s.end))));
    return () => {
      CSS.highlights.delete("qc-suggest");
    };
  }, [ranges, items, shown]);

  const remove = (id: number) => setState((s) => ({ ...s, items: s.items.filter((x) => x.id !== id) }));

  const accept = useCallback(
    async (s: Suggestion) => {
      setBusy(s.id);
      try {
        if (await onAccept(s)) remove(s.id);
      } finally {
        setBusy(null);
      }
    },
    [onAccept],
  );

  const dismiss = async (s: Suggestion) => {
    setBusy(s.id);
    try {
      await fetchJson(`/api/v1/projects/${projectId}/suggestions/${s.id}/dismiss`, { method: "POST" });
      remove(s.id);
    } catch (error) {
      toast.error((error as Error).message);
    } finally {
      setBusy(null);
    }
  };

  if (state.loading) return null;
  return (
    <section aria-labelledby="suggestions-title" className="grid gap-2 text-sm">
      <div className="flex items-center justify-between gap-2">
        <h3 id="suggestions-title" className="flex items-center gap-1.5 text-xs font-medium uppercase tracking-wide text-muted-foreground">
          <Sparkles aria-hidden className="size-3.5" />
          Suggestions{state.version !== null ? ` (version ${state.version})` : ""}
        </h3>
        {items.length > 0 && (
          <label className="flex items-center gap-1.5 text-xs text-muted-foreground">
            <input type="checkbox" checked={shown} onChange={(e) => setShown(e.target.checked)} className="size-3.5 accent-primary" />
            In the text
          </label>
        )}
      </div>
      {state.error ? (
        <p className="text-xs text-muted-foreground">{state.error}</p>
      ) : state.version === null ? (
        <p className="text-xs text-muted-foreground">
          No suggester yet. <Link href={`/projects/${projectId}/suggester`} className="text-primary underline-offset-4 hover:underline">Train it</Link> on the project&apos;s codings to see likely evidence here.
        </p>
      ) : items.length === 0 ? (
        <p className="text-xs text-muted-foreground" data-testid="no-suggestions">
          Nothing left to suggest in this document.
        </p>
      ) : (
        <ol className="grid gap-1.5" aria-label="Suggested codings">
          {items.map((s) => {
            const code = codeById.get(s.codeId)!;
            return (
              <li key={s.id} className="rounded-md border bg-card p-2" data-testid="suggestion">
                <button type="button" className="block w-full text-left" onClick={() => onShow(s)} title="Show in the text">
                  <span className="flex items-center gap-1.5 font-medium">
                    <span aria-hidden className="size-2.5 shrink-0 rounded-full" style={{ backgroundColor: code.color }} />
                    <span className="truncate">{code.name}</span>
                    <span className="ml-auto text-xs font-normal text-muted-foreground">{Math.round(s.confidence * 100)} %</span>
                  </span>
                  <span className="mt-0.5 block text-xs text-muted-foreground">{excerpt(index.sliceCp(s.start, s.end))}</span>
                </button>
                {canCode && (
                  <span className="mt-1.5 flex gap-1.5">
                    <button
                      type="button"
                      onClick={() => void accept(s)}
                      disabled={busy !== null}
                      className="inline-flex items-center gap-1 rounded border px-1.5 py-0.5 text-xs hover:bg-accent disabled:opacity-50"
                      aria-label={`Accept: code “${excerpt(index.sliceCp(s.start, s.end), 40)}” as ${code.name}`}
                    >
                      <Check aria-hidden className="size-3" /> Accept
                    </button>
                    <button
                      type="button"
                      onClick={() => void dismiss(s)}
                      disabled={busy !== null}
                      className="inline-flex items-center gap-1 rounded border px-1.5 py-0.5 text-xs hover:bg-accent disabled:opacity-50"
                      aria-label={`Dismiss the suggestion ${code.name} for “${excerpt(index.sliceCp(s.start, s.end), 40)}”`}
                    >
                      <X aria-hidden className="size-3" /> Dismiss
                    </button>
                  </span>
                )}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
