"use client";
import { CheckCircle2, Circle } from "lucide-react";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { setAssignmentDoneAction } from "@/app/(app)/projects/[projectId]/assignments/actions";
import { Button } from "@/components/ui/button";

/** On a document assigned to the signed-in coder: mark it done (or back in the queue) from where they code. */
export function AssignmentDoneToggle({ projectId, documentId, doneAt }: { projectId: string; documentId: string; doneAt: string | null }) {
  const [done, setDone] = useState(doneAt !== null);
  const [pending, startTransition] = useTransition();
  const toggle = () =>
    startTransition(async () => {
      const result = await setAssignmentDoneAction({ projectId, documentId, done: !done }).catch(() => null);
      if (!result) return void toast.error("Could not reach the server. Check your connection and try again.");
      if (!result.ok) return void toast.error(result.error.message);
      setDone(result.data.doneAt !== null);
      toast.success(result.data.doneAt ? "Marked done: it leaves your queue's open items." : "Back in your queue.");
    });
  return (
    <Button type="button" variant={done ? "outline" : "default"} size="sm" disabled={pending} onClick={toggle} title="This document is assigned to you">
      {done ? <CheckCircle2 aria-hidden /> : <Circle aria-hidden />}
      {pending ? "Saving…" : done ? "Assigned to you · done" : "Assigned to you · mark as done"}
    </Button>
  );
}
