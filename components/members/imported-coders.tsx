"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { assignImportedCoderAction } from "@/app/(app)/projects/[projectId]/members/actions";
import { Button } from "@/components/ui/button";

/**
 * Coders who came with an imported .qdpx: each stays a layer of its own until the owner gives
 * its codings to the member who made them.
 */
export function ImportedCoders({ projectId, coders, members }: { projectId: string; coders: { id: string; name: string; codings: number }[]; members: { userId: string; name: string }[] }) {
  const router = useRouter();
  const [chosen, setChosen] = useState<Record<string, string>>({});
  const [pending, start] = useTransition();
  if (coders.length === 0) return null;
  const assign = (coder: { id: string; name: string }) =>
    start(async () => {
      const memberId = chosen[coder.id];
      if (!memberId) return;
      const result = await assignImportedCoderAction({ projectId, importedId: coder.id, memberId }).catch(() => null);
      if (!result) return void toast.error("Could not reach the server. Check your connection and try again.");
      if (!result.ok) return void toast.error(result.error.message);
      toast.success(`${result.data.moved} codings of “${coder.name}” now belong to ${members.find((m) => m.userId === memberId)?.name}.`);
      router.refresh();
    });
  return (
    <section aria-labelledby="imported-title" className="mt-8 grid gap-3 rounded-xl border bg-card p-4 text-sm">
      <div>
        <h3 id="imported-title" className="font-semibold">
          Imported coders
        </h3>
        <p className="text-muted-foreground">Coders from the imported project. Their codings stay apart until you give them to the member who made them.</p>
      </div>
      <ul className="grid gap-2">
        {coders.map((c) => (
          <li key={c.id} className="flex flex-wrap items-center gap-2">
            <span className="min-w-40 font-medium">{c.name}</span>
            <span className="text-muted-foreground">{c.codings.toLocaleString("en")} codings</span>
            <label className="sr-only" htmlFor={`map-${c.id}`}>
              Member for {c.name}
            </label>
            <select id={`map-${c.id}`} className="h-8 rounded-md border bg-background px-2" value={chosen[c.id] ?? ""} onChange={(e) => setChosen({ ...chosen, [c.id]: e.target.value })}>
              <option value="">Choose a member…</option>
              {members.map((m) => (
                <option key={m.userId} value={m.userId}>
                  {m.name}
                </option>
              ))}
            </select>
            <Button size="sm" variant="outline" disabled={!chosen[c.id] || pending} onClick={() => assign(c)}>
              Give them the codings
            </Button>
          </li>
        ))}
      </ul>
    </section>
  );
}
