"use client";
import { Eye, EyeOff, Lock } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import {
  deleteProjectAction,
  renameProjectAction,
  setProjectModeAction,
  setProjectRevealedAction,
} from "@/app/(app)/projects/[projectId]/settings/actions";
import { useServerAction } from "@/components/forms/use-server-action";
import { MODE_CHOICES, type ProjectModeValue } from "@/components/projects/mode";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { ChoiceCards } from "@/components/ui/choice-cards";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Notice } from "@/components/ui/notice";
import { Textarea } from "@/components/ui/textarea";

type ProjectInfo = { id: string; name: string; description: string; mode: ProjectModeValue; revealed: boolean };
type Permissions = { rename: boolean; setMode: boolean; reveal: boolean; delete: boolean };

export function ProjectSettingsView({ project, permissions }: { project: ProjectInfo; permissions: Permissions }) {
  const readOnly = !permissions.rename && !permissions.setMode && !permissions.reveal && !permissions.delete;
  return (
    <section aria-labelledby="settings-title" className="grid max-w-3xl gap-6">
      <div>
        <h2 id="settings-title" className="text-lg font-semibold tracking-tight">
          Project settings
        </h2>
        {readOnly && (
          <p className="mt-1 flex items-center gap-1.5 text-sm text-muted-foreground">
            <Lock aria-hidden className="size-3.5" />
            Only the project&apos;s owners can change these settings.
          </p>
        )}
      </div>
      <NameCard project={project} editable={permissions.rename} />
      <ModeCard project={project} editable={permissions.setMode} />
      {project.mode === "blind" && <RevealCard project={project} editable={permissions.reveal} />}
      {permissions.delete && <DeleteCard project={project} />}
    </section>
  );
}

function NameCard({ project, editable }: { project: ProjectInfo; editable: boolean }) {
  const [name, setName] = useState(project.name);
  const [description, setDescription] = useState(project.description);
  const { run, pending, errors } = useServerAction(renameProjectAction, ["name", "description"]);
  const changed = name !== project.name || description !== project.description;

  if (!editable) {
    return (
      <Card>
        <CardHeader>
          <CardTitle className="text-base">Name and description</CardTitle>
        </CardHeader>
        <CardContent className="grid gap-1 text-sm">
          <p className="font-medium">{project.name}</p>
          <p className="text-muted-foreground">{project.description || "No description."}</p>
        </CardContent>
      </Card>
    );
  }
  return (
    <Card>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          run({ projectId: project.id, name, description }, { onSuccess: () => toast.success("Project details saved.") });
        }}
      >
        <CardHeader>
          <CardTitle className="text-base">Name and description</CardTitle>
          <CardDescription>Shown to every member in their project list.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          {errors.form && <Notice tone="error">{errors.form}</Notice>}
          <Field id="project-name" label="Project name" error={errors.fields.name}>
            <Input value={name} onChange={(e) => setName(e.target.value)} maxLength={200} />
          </Field>
          <Field id="project-description" label="Description" hint="Optional: the research question, the corpus, the coding period." error={errors.fields.description}>
            <Textarea rows={3} value={description} onChange={(e) => setDescription(e.target.value)} />
          </Field>
        </CardContent>
        <CardFooter className="justify-end">
          <Button type="submit" disabled={pending || !changed}>
            {pending ? "Saving…" : "Save"}
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}

function ModeCard({ project, editable }: { project: ProjectInfo; editable: boolean }) {
  const [mode, setMode] = useState<ProjectModeValue>(project.mode);
  const { run, pending, errors } = useServerAction(setProjectModeAction, ["mode"]);
  return (
    <Card>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          run(
            { projectId: project.id, mode },
            { onSuccess: ({ mode: saved }) => toast.success(saved === "blind" ? "The project is now blind." : "The project is now open.") },
          );
        }}
      >
        <CardHeader>
          <CardTitle className="text-base">Coding mode</CardTitle>
          <CardDescription>
            Who sees whose codings. An agreement study needs independent coders, so run it blind; build and refine the codebook in the
            open.
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-3">
          {errors.form && <Notice tone="error">{errors.form}</Notice>}
          <ChoiceCards name="mode" legend="Mode" choices={MODE_CHOICES} value={mode} onChange={setMode} disabled={!editable || pending} />
          {editable && mode === "blind" && project.mode === "open" && (
            <p className="text-sm text-muted-foreground">
              Switching to blind hides each coder&apos;s codings from the other coders and viewers until you reveal them. Owners always see
              everything.
            </p>
          )}
        </CardContent>
        {editable && (
          <CardFooter className="justify-end">
            <Button type="submit" disabled={pending || mode === project.mode}>
              {pending ? "Saving…" : "Save mode"}
            </Button>
          </CardFooter>
        )}
      </form>
    </Card>
  );
}

function RevealCard({ project, editable }: { project: ProjectInfo; editable: boolean }) {
  const { run, pending, errors } = useServerAction(setProjectRevealedAction);
  const next = !project.revealed;
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-base">Reveal codings</CardTitle>
        <CardDescription>
          {project.revealed
            ? "Codings are revealed: every member sees every coder's codings. Hide them again to continue blind coding."
            : "Codings are hidden: each coder sees only their own. Reveal them when the blind round is done, to compare and adjudicate."}
        </CardDescription>
      </CardHeader>
      {(editable || errors.form) && (
        <CardContent className="grid gap-3">
          {errors.form && <Notice tone="error">{errors.form}</Notice>}
          {editable && (
            <div>
              <Button
                variant={project.revealed ? "outline" : "default"}
                disabled={pending}
                onClick={() =>
                  run(
                    { projectId: project.id, revealed: next },
                    { onSuccess: ({ revealed }) => toast.success(revealed ? "Codings revealed to all members." : "Codings hidden again.") },
                  )
                }
              >
                {project.revealed ? <EyeOff aria-hidden /> : <Eye aria-hidden />}
                {pending ? "Saving…" : project.revealed ? "Hide codings again" : "Reveal all codings"}
              </Button>
            </div>
          )}
        </CardContent>
      )}
    </Card>
  );
}

function DeleteCard({ project }: { project: ProjectInfo }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [confirmName, setConfirmName] = useState("");
  const { run, pending, errors, reset } = useServerAction(deleteProjectAction, ["confirmName"]);
  return (
    <Card className="border-destructive/30">
      <CardHeader>
        <CardTitle className="text-base">Delete this project</CardTitle>
        <CardDescription>
          Deletes its documents, codebook, codings, memos and agreement reports for every member. This cannot be undone; export what you
          need first.
        </CardDescription>
      </CardHeader>
      <CardFooter>
        <Dialog
          open={open}
          onOpenChange={(value) => {
            setOpen(value);
            if (!value) {
              setConfirmName("");
              reset();
            }
          }}
        >
          <DialogTrigger asChild>
            <Button variant="destructive">Delete project…</Button>
          </DialogTrigger>
          <DialogContent>
            <form
              className="grid gap-4"
              onSubmit={(event) => {
                event.preventDefault();
                run(
                  { projectId: project.id, confirmName },
                  {
                    onSuccess: ({ name }) => {
                      toast.success(`Project “${name}” deleted.`);
                      router.replace("/projects");
                      router.refresh();
                    },
                  },
                )
              }}
            >
              <DialogHeader>
                <DialogTitle>Delete “{project.name}”?</DialogTitle>
                <DialogDescription>Everything in it is deleted for every member. This cannot be undone.</DialogDescription>
              </DialogHeader>
              {errors.form && <Notice tone="error">{errors.form}</Notice>}
              <Field id="confirm-name" label={`Type “${project.name}” to confirm`} error={errors.fields.confirmName}>
                <Input value={confirmName} onChange={(e) => setConfirmName(e.target.value)} autoComplete="off" spellCheck={false} />
              </Field>
              <DialogFooter>
                <Button type="button" variant="outline" onClick={() => setOpen(false)}>
                  Cancel
                </Button>
                <Button type="submit" variant="destructive" disabled={pending || confirmName !== project.name}>
                  {pending ? "Deleting…" : "Delete project"}
                </Button>
              </DialogFooter>
            </form>
          </DialogContent>
        </Dialog>
      </CardFooter>
    </Card>
  );
}
