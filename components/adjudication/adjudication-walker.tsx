"use client";
import { Check, ChevronLeft, ChevronRight, Combine, Undo2, X } from "lucide-react";
import Link from "next/link";
import { useCallback, useEffect, useMemo, useState, useTransition } from "react";
import { toast } from "sonner";
import {
  acceptConsensusAction,
  dismissSiteAction,
  mergeConsensusAction,
  removeConsensusAction,
  reopenSiteAction,
  writeConsensusAction,
} from "@/app/(app)/projects/[projectId]/agreement/adjudicate/actions";
import { Button } from "@/components/ui/button";
import { Progress } from "@/components/ui/progress";
import type { Piece } from "@/lib/agreement/passage";
import { cn } from "@/lib/ui/cn";

export type WalkerSite = {
  key: string;
  documentId: string;
  documentTitle: string;
  codeId: string;
  codeName: string;
  start: number;
  end: number;
  versions: { coder: string; coderName: string; codings: { id: string; start: number; end: number }[]; pieces: Piece[] }[];
};

type Done = { key: string; undo: { kind: "remove"; codingIds: string[] } | { kind: "reopen" }; label: string };
type Result<T> = { ok: true; data: T } | { ok: false; error: { message: string } };

/**
 * One disagreement at a time: each coder's version side by side with its boundaries marked, and
 * a decision per site. Keys: 1–9 accept that coder's version, M merge boundaries, N no coding,
 * J/→ next, K/← previous, Ctrl/⌘+Z undo the last decision.
 */
export function AdjudicationWalker(props: {
  projectId: string;
  sites: WalkerSite[];
  total: number;
  /** Disagreements already resolved on the server (by anyone), as of this render. */
  resolvedKeys: string[];
  agreedOpen: string[];
  agreedSites: number;
  coderNames: string[];
}) {
  const { projectId } = props;
  // The page re-renders from the server whenever an event arrives (live updates), with the sites
  // still open then. Keep every site this walker has shown, in its first order, so the position
  // and "previous" stay put, and count a site resolved once whether the server or this walker
  // knows it (a sum counted this walker's own decision twice after a refresh).
  const [sites, setSites] = useState(props.sites);
  useEffect(() => {
    setSites((shown) => {
      const known = new Set(shown.map((s) => s.key));
      const added = props.sites.filter((s) => !known.has(s.key));
      return added.length ? [...shown, ...added] : shown;
    });
  }, [props.sites]);
  const [at, setAt] = useState(0);
  const [done, setDone] = useState<Done[]>([]);
  const [agreedLeft, setAgreedLeft] = useState(props.agreedSites);
  const [pending, start] = useTransition();
  const resolvedKeys = useMemo(() => new Set([...props.resolvedKeys, ...done.map((d) => d.key)]), [props.resolvedKeys, done]);
  const resolved = resolvedKeys.size;
  const site = sites[at];
  const [custom, setCustom] = useState<{ start: string; end: string } | null>(null);

  const nextOpen = useCallback(
    (from: number) => {
      for (let i = from + 1; i < sites.length; i++) if (!resolvedKeys.has(sites[i]!.key)) return i;
      for (let i = 0; i < sites.length; i++) if (!resolvedKeys.has(sites[i]!.key)) return i;
      return from;
    },
    [sites, resolvedKeys],
  );

  const decide = useCallback(
    (label: string, run: () => Promise<Result<{ codingIds?: string[] }> | null>, undo: (data: { codingIds?: string[] }) => Done["undo"]) => {
      if (!site || pending) return;
      start(async () => {
        const result = await run().catch(() => null);
        if (!result) return void toast.error("Could not reach the server. Check your connection and try again.");
        if (!result.ok) return void toast.error(result.error.message);
        setDone((d) => [...d, { key: site.key, undo: undo(result.data), label }]);
        setCustom(null);
        toast.success(label, { action: { label: "Undo", onClick: () => document.dispatchEvent(new KeyboardEvent("keydown", { key: "z", ctrlKey: true })) } });
        setAt((i) => {
          for (let j = i + 1; j < sites.length; j++) if (!resolvedKeys.has(sites[j]!.key) && sites[j]!.key !== site.key) return j;
          return i;
        });
      });
    },
    [site, pending, sites, resolvedKeys],
  );

  const accept = useCallback(
    (k: number) => {
      const version = site?.versions[k];
      if (!site || !version) return;
      if (version.codings.length === 0) {
        // This coder did not code it here: accepting their version means no consensus coding.
        return decide(`No ${site.codeName} coding here, as ${version.coderName} decided.`, () => dismissSiteAction({ projectId, documentId: site.documentId, codeId: site.codeId, start: site.start, end: site.end }), () => ({ kind: "reopen" }));
      }
      decide(`Accepted ${version.coderName}'s version.`, () => acceptConsensusAction({ projectId, codingIds: version.codings.map((c) => c.id) }), (d) => ({ kind: "remove", codingIds: d.codingIds ?? [] }));
    },
    [site, decide, projectId],
  );
  const merge = useCallback(() => {
    if (!site) return;
    const ids = site.versions.flatMap((v) => v.codings.map((c) => c.id));
    decide("Merged the boundaries into one consensus coding.", () => mergeConsensusAction({ projectId, codingIds: ids }), (d) => ({ kind: "remove", codingIds: d.codingIds ?? [] }));
  }, [site, decide, projectId]);
  const dismiss = useCallback(() => {
    if (!site) return;
    decide("No consensus coding here.", () => dismissSiteAction({ projectId, documentId: site.documentId, codeId: site.codeId, start: site.start, end: site.end }), () => ({ kind: "reopen" }));
  }, [site, decide, projectId]);
  const writeCustom = () => {
    if (!site || !custom) return;
    const s = Number(custom.start);
    const e = Number(custom.end);
    decide("Wrote your own consensus coding.", () => writeConsensusAction({ projectId, documentId: site.documentId, codeId: site.codeId, start: s, end: e }), (d) => ({ kind: "remove", codingIds: d.codingIds ?? [] }));
  };

  const undoLast = useCallback(() => {
    const last = done[done.length - 1];
    if (!last || pending) return;
    const target = sites.find((s) => s.key === last.key)!;
    start(async () => {
      const result =
        last.undo.kind === "remove"
          ? await removeConsensusAction({ projectId, codingIds: last.undo.codingIds }).catch(() => null)
          : await reopenSiteAction({ projectId, documentId: target.documentId, codeId: target.codeId, start: target.start, end: target.end }).catch(() => null);
      if (!result) return void toast.error("Could not reach the server. Check your connection and try again.");
      if (!result.ok) return void toast.error(result.error.message);
      setDone((d) => d.slice(0, -1));
      setAt(sites.indexOf(target));
      toast.success(`Undone: ${last.label}`);
    });
  }, [done, pending, sites, projectId]);

  const acceptAgreed = () =>
    start(async () => {
      const result = await acceptConsensusAction({ projectId, codingIds: props.agreedOpen }).catch(() => null);
      if (!result) return void toast.error("Could not reach the server. Check your connection and try again.");
      if (!result.ok) return void toast.error(result.error.message);
      setAgreedLeft(0);
      toast.success(props.agreedSites === 1 ? "Accepted the place where all coders agree." : `Accepted the ${props.agreedSites} places where all coders agree.`);
    });

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.isContentEditable)) return;
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "z") {
        e.preventDefault();
        return undoLast();
      }
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (/^[1-9]$/.test(e.key)) return accept(Number(e.key) - 1);
      const key = e.key.toLowerCase();
      if (key === "m") return merge();
      if (key === "n") return dismiss();
      if (key === "j" || e.key === "ArrowRight") return setAt((i) => Math.min(sites.length - 1, i + 1));
      if (key === "k" || e.key === "ArrowLeft") return setAt((i) => Math.max(0, i - 1));
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [accept, merge, dismiss, undoLast, sites.length]);

  const percent = props.total === 0 ? 100 : Math.round((resolved / props.total) * 100);
  const isResolved = site ? resolvedKeys.has(site.key) : false;

  return (
    <div className="grid gap-4">
      <div className="grid gap-1.5 rounded-xl border bg-card p-4 text-sm">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <span data-testid="adjudication-progress">
            {resolved} of {props.total} disagreements resolved
          </span>
          {agreedLeft > 0 && (
            <Button size="sm" variant="outline" disabled={pending} onClick={acceptAgreed}>
              <Check aria-hidden />
              {agreedLeft === 1 ? "Accept the place where all coders agree" : `Accept the ${agreedLeft} places where all coders agree`}
            </Button>
          )}
        </div>
        <Progress value={percent} label="Adjudication progress" tone={percent === 100 ? "success" : "default"} />
      </div>

      {!site ? (
        <p className="rounded-xl border border-dashed bg-card p-8 text-center text-sm text-muted-foreground">
          {props.total === 0 ? "The coders agree everywhere in this selection: nothing to adjudicate." : "Every disagreement in this selection is resolved. The consensus layer is ready for the agreement page and exports."}
        </p>
      ) : (
        <article className="grid gap-3 rounded-xl border bg-card p-4" aria-label="Disagreement" data-testid="adjudication-site">
          <header className="flex flex-wrap items-baseline justify-between gap-2 text-sm">
            <span>
              <span className="font-semibold">{site.codeName}</span> in {site.documentTitle} · {at + 1} of {sites.length}
              {isResolved && <span className="ml-2 rounded bg-accent px-1.5 py-0.5 text-xs">resolved</span>}
            </span>
            <Link href={`/projects/${projectId}/documents/${site.documentId}#at-${site.start}`} className="text-primary underline-offset-4 hover:underline">
              Open in the document
            </Link>
          </header>
          <div className="grid gap-3 md:grid-cols-2">
            {site.versions.map((v, k) => (
              <section key={v.coder} className="grid gap-2 rounded-lg border p-3" aria-label={`${v.coderName}'s version`}>
                <div className="flex items-center justify-between gap-2 text-sm">
                  <span className="font-medium">
                    <kbd className="mr-1.5 rounded border px-1 text-xs">{k + 1}</kbd>
                    {v.coderName}
                  </span>
                  <span className="text-xs text-muted-foreground">{v.codings.length === 0 ? "did not code it here" : v.codings.map((c) => `${c.start}–${c.end}`).join(", ")}</span>
                </div>
                <p className="whitespace-pre-wrap text-sm leading-relaxed">
                  {v.pieces.map((p, i) => (p.marked ? <mark key={i} className="rounded-sm bg-primary/20 px-0.5 text-foreground">{p.text}</mark> : <span key={i}>{p.text}</span>))}
                </p>
                <Button size="sm" variant="outline" disabled={pending} onClick={() => accept(k)}>
                  <Check aria-hidden />
                  {v.codings.length === 0 ? "Agree: no coding here" : `Accept ${v.coderName}'s version`}
                </Button>
              </section>
            ))}
          </div>
          <div className="flex flex-wrap items-center gap-2">
            <Button size="sm" variant="outline" disabled={pending} onClick={merge} title="M">
              <Combine aria-hidden /> Merge boundaries <kbd className="ml-1 text-xs">M</kbd>
            </Button>
            <Button size="sm" variant="outline" disabled={pending} onClick={dismiss} title="N">
              <X aria-hidden /> No coding <kbd className="ml-1 text-xs">N</kbd>
            </Button>
            <Button size="sm" variant="outline" disabled={pending} onClick={() => setCustom(custom ? null : { start: String(site.start), end: String(site.end) })}>
              Write my own…
            </Button>
            <span className="mx-1 h-5 w-px bg-border" />
            <Button size="sm" variant="ghost" onClick={() => setAt((i) => Math.max(0, i - 1))} disabled={at === 0} title="K or ←">
              <ChevronLeft aria-hidden /> Previous
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setAt((i) => nextOpen(i))} title="J or →">
              Next <ChevronRight aria-hidden />
            </Button>
            <Button size="sm" variant="ghost" onClick={undoLast} disabled={done.length === 0 || pending} title="Ctrl+Z">
              <Undo2 aria-hidden /> Undo
            </Button>
          </div>
          {custom && (
            <form
              className={cn("flex flex-wrap items-end gap-2 text-sm")}
              onSubmit={(e) => {
                e.preventDefault();
                writeCustom();
              }}
            >
              <label className="grid gap-1">
                <span>Start (code point)</span>
                <input className="h-8 w-28 rounded-md border px-2" inputMode="numeric" value={custom.start} onChange={(e) => setCustom({ ...custom, start: e.target.value })} />
              </label>
              <label className="grid gap-1">
                <span>End</span>
                <input className="h-8 w-28 rounded-md border px-2" inputMode="numeric" value={custom.end} onChange={(e) => setCustom({ ...custom, end: e.target.value })} />
              </label>
              <Button size="sm" type="submit" disabled={pending}>
                Write consensus coding
              </Button>
            </form>
          )}
          <p className="text-xs text-muted-foreground">Keys: 1–{site.versions.length} accept a version · M merge · N no coding · J/K next/previous · Ctrl+Z undo</p>
        </article>
      )}
    </div>
  );
}
