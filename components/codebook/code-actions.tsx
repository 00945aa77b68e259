"use client";
import { ArrowDown, ArrowUp, CornerDownRight, Info, Merge, MoreHorizontal, Pencil, Plus, Trash2 } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { Popover, PopoverContent, PopoverTrigger } from "@/components/ui/popover";
import { siblingIndex } from "@/lib/codebook/tree";
import { cn } from "@/lib/ui/cn";
import { ColorPicker } from "./color-picker";
import { useCodeManager } from "./code-manager";
import type { CodeItem } from "./types";

/**
 * Everything one can do to a code, as a menu: details, edit, add a sub-code, move (to…, up,
 * down), merge, delete, each shown only to roles that may. Works inside a CodeManagerProvider.
 */
export function CodeActionsMenu({ code, className, size = "icon" }: { code: CodeItem; className?: string; size?: "icon" | "sm" }) {
  const manager = useCodeManager();
  if (!manager) return null;
  const { permissions: can, open, move, codes } = manager;
  const { index, count } = siblingIndex(codes, code.id);
  const trigger = cn(size === "sm" ? "size-7" : "size-9", "text-muted-foreground", className);

  if (!can.update && !can.create && !can.merge && !can.delete) {
    return (
      <Button variant="ghost" size="icon" className={trigger} title="Details" onClick={() => open({ kind: "details", codeId: code.id })}>
        <Info aria-hidden />
        <span className="sr-only">Details of {code.name}</span>
      </Button>
    );
  }
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" size="icon" className={trigger} title="More actions">
          <MoreHorizontal aria-hidden />
          <span className="sr-only">More actions for {code.name}</span>
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end">
        <DropdownMenuItem onSelect={() => open({ kind: "details", codeId: code.id })}>
          <Info aria-hidden />
          Details and memos
        </DropdownMenuItem>
        {can.update && (
          <DropdownMenuItem onSelect={() => open({ kind: "edit", codeId: code.id })}>
            <Pencil aria-hidden />
            Rename or edit…
          </DropdownMenuItem>
        )}
        {can.create && (
          <DropdownMenuItem onSelect={() => open({ kind: "create", parentId: code.id })}>
            <Plus aria-hidden />
            Add a sub-code…
          </DropdownMenuItem>
        )}
        {can.update && (
          <>
            <DropdownMenuSeparator />
            <DropdownMenuItem onSelect={() => open({ kind: "move", codeId: code.id })}>
              <CornerDownRight aria-hidden />
              Move to…
            </DropdownMenuItem>
            <DropdownMenuItem disabled={index <= 0} onSelect={() => move({ codeId: code.id, parentId: code.parentId, index: index - 1 })}>
              <ArrowUp aria-hidden />
              Move up
            </DropdownMenuItem>
            <DropdownMenuItem disabled={index < 0 || index >= count - 1} onSelect={() => move({ codeId: code.id, parentId: code.parentId, index: index + 1 })}>
              <ArrowDown aria-hidden />
              Move down
            </DropdownMenuItem>
          </>
        )}
        {(can.merge || can.delete) && <DropdownMenuSeparator />}
        {can.merge && (
          <DropdownMenuItem disabled={codes.length < 2} onSelect={() => open({ kind: "merge", codeId: code.id })}>
            <Merge aria-hidden />
            Merge into…
          </DropdownMenuItem>
        )}
        {can.delete && (
          <DropdownMenuItem className="text-destructive data-[highlighted]:text-destructive" onSelect={() => open({ kind: "delete", codeId: code.id })}>
            <Trash2 aria-hidden className="!text-destructive" />
            Delete…
          </DropdownMenuItem>
        )}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}

/** The code's colour dot; for roles that may edit codes, a button that opens the colour picker. */
export function CodeColorButton({ code, size = "md" }: { code: CodeItem; size?: "sm" | "md" }) {
  const manager = useCodeManager();
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState(code.color);
  const [saving, setSaving] = useState(false);
  const dot = cn("block shrink-0 rounded-full", size === "sm" ? "size-2.5" : "size-3");
  if (!manager?.permissions.update) return <span aria-hidden className={dot} style={{ backgroundColor: code.color }} />;

  async function save() {
    if (draft === code.color) return setOpen(false);
    setSaving(true);
    const ok = await manager!.recolor(code.id, draft);
    setSaving(false);
    if (ok) setOpen(false);
  }

  return (
    <Popover
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) setDraft(code.color);
      }}
    >
      <PopoverTrigger asChild>
        <button
          type="button"
          title="Change colour"
          className="-m-1.5 inline-flex shrink-0 items-center justify-center rounded-full p-1.5 hover:bg-accent focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
        >
          <span aria-hidden className={dot} style={{ backgroundColor: code.color }} />
          <span className="sr-only">Change colour of {code.name}</span>
        </button>
      </PopoverTrigger>
      <PopoverContent className="w-80" aria-label={`Colour of ${code.name}`}>
        <form
          className="grid gap-3"
          onSubmit={(event) => {
            event.preventDefault();
            void save();
          }}
        >
          <ColorPicker value={draft} onChange={setDraft} legend={`Colour of “${code.name}”`} />
          <div className="flex items-center justify-end gap-2">
            <span aria-hidden className="mr-auto h-5 w-10 rounded border" style={{ backgroundColor: draft }} />
            <Button type="button" size="sm" variant="outline" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" size="sm" disabled={saving}>
              {saving ? "Saving…" : "Save colour"}
            </Button>
          </div>
        </form>
      </PopoverContent>
    </Popover>
  );
}
