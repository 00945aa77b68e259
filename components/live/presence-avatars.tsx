"use client";
import { cn } from "@/lib/ui/cn";
import { useLive, type PresenceEntry } from "./live-project";

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0]!, parts[parts.length - 1]!] : parts;
  return letters.map((p) => Array.from(p)[0]!.toUpperCase()).join("") || "?";
}

/** A stable, readable colour per person (hue from the user id). */
function hue(id: string): number {
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) % 360;
  return h;
}

/**
 * Who else is here: everyone in the project, or (with `documentId`) everyone viewing that
 * document. The signed-in member is left out; one avatar per person.
 */
export function PresenceAvatars({ documentId, label, caption, className }: { documentId?: string; label?: string; caption?: string; className?: string }) {
  const live = useLive();
  if (!live) return null;
  const seen = new Set<string>();
  const people: PresenceEntry[] = [];
  for (const p of live.presence) {
    if (p.userId === live.userId || seen.has(p.userId)) continue;
    if (documentId !== undefined && p.documentId !== documentId) continue;
    seen.add(p.userId);
    people.push(p);
  }
  if (people.length === 0) return null;
  const names = people.map((p) => p.name).join(", ");
  return (
    <div role="group" aria-label={`${label ?? "Also here"}: ${names}`} className={cn("flex items-center", className)} data-testid="presence">
      {caption && (
        <span aria-hidden className="mr-2 text-xs text-muted-foreground">
          {caption}
        </span>
      )}
      <span className="flex items-center -space-x-1.5">
        {people.slice(0, 5).map((p) => (
          <span
            key={p.userId}
            title={p.documentId && documentId === undefined ? `${p.name} (viewing a document)` : p.name}
            className="inline-flex size-6 select-none items-center justify-center rounded-full border-2 border-card font-sans text-[0.6rem] font-semibold text-white"
            style={{ backgroundColor: `hsl(${hue(p.userId)} 55% 42%)` }}
          >
            {initials(p.name)}
          </span>
        ))}
      </span>
      {people.length > 5 && <span className="pl-2 text-xs text-muted-foreground">+{people.length - 5}</span>}
    </div>
  );
}
