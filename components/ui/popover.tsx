"use client";
import { Popover as Primitive } from "radix-ui";
import * as React from "react";
import { cn } from "@/lib/ui/cn";

export const Popover = Primitive.Root;
export const PopoverTrigger = Primitive.Trigger;
export const PopoverAnchor = Primitive.Anchor;

export function PopoverContent({ className, sideOffset = 6, align = "start", ...props }: React.ComponentProps<typeof Primitive.Content>) {
  return (
    <Primitive.Portal>
      <Primitive.Content
        sideOffset={sideOffset}
        align={align}
        className={cn("z-50 w-72 rounded-lg border bg-popover p-3 text-popover-foreground shadow-md outline-none", className)}
        {...props}
      />
    </Primitive.Portal>
  );
}
