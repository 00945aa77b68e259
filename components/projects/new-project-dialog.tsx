"use client";
import { Plus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { createProjectAction } from "@/app/(app)/projects/actions";
import { useServerAction } from "@/components/forms/use-server-action";
import { Button } from "@/components/ui/button";
import { ChoiceCards } from "@/components/ui/choice-cards";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Notice } from "@/components/ui/notice";
import { MODE_CHOICES, type ProjectModeValue } from "./mode";

export function NewProjectDialog({ size = "default" }: { size?: "default" | "lg" }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const [mode, setMode] = useState<ProjectModeValue>("open");
  const { run, pending, errors, reset } = useServerAction(createProjectAction, ["name", "mode"]);

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) reset();
      }}
    >
      <DialogTrigger asChild>
        <Button size={size}>
          <Plus aria-hidden />
          New project
        </Button>
      </DialogTrigger>
      <DialogContent className="max-w-xl">
        <form
          noValidate
          className="grid gap-5"
          onSubmit={(event) => {
            event.preventDefault();
            run(
              { name, mode },
              {
                onSuccess: ({ id }) => {
                  router.push(`/projects/${id}`);
                },
              },
            );
          }}
        >
          <DialogHeader>
            <DialogTitle>New project</DialogTitle>
            <DialogDescription>
              It starts with the default codebook (pressure, sovereignty claim, reward), which you can edit. You can change the mode later.
            </DialogDescription>
          </DialogHeader>
          {errors.form && <Notice tone="error">{errors.form}</Notice>}
          <Field id="project-name" label="Project name" error={errors.fields.name}>
            <Input value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. ICCPR ratification, Southeast Asia" autoFocus />
          </Field>
          <ChoiceCards name="project-mode" legend="Coding mode" choices={MODE_CHOICES} value={mode} onChange={setMode} />
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={pending}>
              {pending ? "Creating…" : "Create project"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
