"use client";
import { UserPlus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { addMemberAction, removeMemberAction, updateMemberRoleAction } from "@/app/(app)/projects/[projectId]/members/actions";
import { useServerAction } from "@/components/forms/use-server-action";
import { RoleBadge } from "@/components/projects/role-badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Notice } from "@/components/ui/notice";
import { NativeSelect } from "@/components/ui/select";
import type { Role } from "@/lib/permissions";
import { formatCount, formatDate } from "@/lib/ui/format";
import { ROLE_OPTIONS } from "./roles";

export type MemberItem = { userId: string; name: string; email: string; role: Role; joinedAt: string };

export function MembersView({
  projectId,
  currentUserId,
  canManage,
  members,
}: {
  projectId: string;
  currentUserId: string;
  canManage: boolean;
  members: MemberItem[];
}) {
  const router = useRouter();
  const [removing, setRemoving] = useState<MemberItem | null>(null);
  const [rowError, setRowError] = useState<string | null>(null);
  const [changing, startChanging] = useTransition();

  function changeRole(member: MemberItem, role: Role) {
    setRowError(null);
    startChanging(async () => {
      const result = await updateMemberRoleAction({ projectId, userId: member.userId, role }).catch(() => null);
      if (!result) return setRowError("Could not reach the server. Check your connection and try again.");
      if (!result.ok) return setRowError(result.error.message);
      toast.success(`${member.name} is now ${role === "owner" ? "an owner" : `a ${role}`}.`);
    });
  }

  return (
    <section aria-labelledby="members-title" className="grid gap-6">
      <div>
        <h2 id="members-title" className="text-lg font-semibold tracking-tight">
          Members
        </h2>
        <p className="mt-0.5 text-sm text-muted-foreground">
          {formatCount(members.length, "member")}
          {!canManage && " · only owners can add or remove members"}
        </p>
      </div>

      {canManage && <AddMemberForm projectId={projectId} />}

      {rowError && <Notice tone="error">{rowError}</Notice>}

      <div className="overflow-x-auto rounded-xl border bg-card shadow-sm">
        <table className="w-full text-sm">
          <caption className="sr-only">Project members</caption>
          <thead className="border-b bg-muted/50 text-left text-xs uppercase tracking-wide text-muted-foreground">
            <tr>
              <th scope="col" className="px-4 py-2.5 font-medium">
                Name
              </th>
              <th scope="col" className="px-4 py-2.5 font-medium">
                Email
              </th>
              <th scope="col" className="px-4 py-2.5 font-medium">
                Role
              </th>
              <th scope="col" className="hidden px-4 py-2.5 font-medium md:table-cell">
                Added
              </th>
              {canManage && (
                <th scope="col" className="px-4 py-2.5">
                  <span className="sr-only">Actions</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody className="divide-y">
            {members.map((member) => {
              const self = member.userId === currentUserId;
              return (
                <tr key={member.userId}>
                  <th scope="row" className="px-4 py-3 text-left font-medium">
                    {member.name}
                    {self && <span className="ml-2 rounded bg-muted px-1.5 py-0.5 text-xs font-normal text-muted-foreground">you</span>}
                  </th>
                  <td className="px-4 py-3 text-muted-foreground">{member.email}</td>
                  <td className="px-4 py-3">
                    {canManage ? (
                      <NativeSelect
                        aria-label={`Role of ${member.name}`}
                        value={member.role}
                        disabled={changing}
                        className="w-32"
                        onChange={(e) => changeRole(member, e.target.value as Role)}
                      >
                        {ROLE_OPTIONS.map((r) => (
                          <option key={r.value} value={r.value}>
                            {r.label}
                          </option>
                        ))}
                      </NativeSelect>
                    ) : (
                      <RoleBadge role={member.role} />
                    )}
                  </td>
                  <td className="hidden px-4 py-3 text-muted-foreground md:table-cell">{formatDate(member.joinedAt)}</td>
                  {canManage && (
                    <td className="px-4 py-3 text-right">
                      <Button variant="ghost" size="sm" className="text-muted-foreground hover:text-destructive" onClick={() => setRemoving(member)}>
                        Remove<span className="sr-only"> {member.name}</span>
                      </Button>
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>

      <dl className="grid gap-3 text-sm sm:grid-cols-3">
        {ROLE_OPTIONS.map((r) => (
          <div key={r.value} className="rounded-lg border bg-card p-3">
            <dt className="font-medium">{r.label}</dt>
            <dd className="mt-0.5 text-muted-foreground">{r.description}</dd>
          </div>
        ))}
      </dl>

      {canManage && (
        <RemoveMemberDialog
          projectId={projectId}
          member={removing}
          self={removing?.userId === currentUserId}
          onOpenChange={(open) => !open && setRemoving(null)}
          onRemovedSelf={() => {
            router.push("/projects");
          }}
        />
      )}
    </section>
  );
}

function AddMemberForm({ projectId }: { projectId: string }) {
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("coder");
  const { run, pending, errors } = useServerAction(addMemberAction, ["email", "role"]);
  return (
    <Card>
      <CardHeader className="pb-3">
        <CardTitle className="text-base">Add a member</CardTitle>
        <CardDescription>They need a Qualcode account first; add them with the email they signed up with.</CardDescription>
      </CardHeader>
      <CardContent>
        <form
          noValidate
          className="grid gap-3 sm:grid-cols-[1fr_10rem_auto] sm:items-start"
          onSubmit={(event) => {
            event.preventDefault();
            run(
              { projectId, email, role },
              {
                onSuccess: ({ name, role: added }) => {
                  toast.success(`${name} was added as ${added === "owner" ? "an owner" : `a ${added}`}.`);
                  setEmail("");
                },
              },
            );
          }}
        >
          <Field id="member-email" label="Email" error={errors.fields.email}>
            <Input type="email" autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} placeholder="colleague@university.edu" />
          </Field>
          <Field id="member-role" label="Role" error={errors.fields.role}>
            <NativeSelect value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {ROLE_OPTIONS.map((r) => (
                <option key={r.value} value={r.value}>
                  {r.label}
                </option>
              ))}
            </NativeSelect>
          </Field>
          <Button type="submit" disabled={pending} className="sm:mt-[1.375rem]">
            <UserPlus aria-hidden />
            {pending ? "Adding…" : "Add member"}
          </Button>
          {errors.form && (
            <Notice tone="error" className="sm:col-span-3">
              {errors.form}
            </Notice>
          )}
        </form>
      </CardContent>
    </Card>
  );
}

function RemoveMemberDialog({
  projectId,
  member,
  self,
  onOpenChange,
  onRemovedSelf,
}: {
  projectId: string;
  member: MemberItem | null;
  self: boolean;
  onOpenChange: (open: boolean) => void;
  onRemovedSelf: () => void;
}) {
  const { run, pending, errors, reset } = useServerAction(removeMemberAction);
  return (
    <Dialog
      open={member !== null}
      onOpenChange={(open) => {
        if (!open) reset();
        onOpenChange(open);
      }}
    >
      <DialogContent>
        {member && (
          <>
            <DialogHeader>
              <DialogTitle>{self ? "Leave this project?" : `Remove ${member.name}?`}</DialogTitle>
              <DialogDescription>
                {self
                  ? "You will lose access right away. Your codings stay in the project."
                  : `${member.name} loses access right away. Their codings stay in the project.`}
              </DialogDescription>
            </DialogHeader>
            {errors.form && <Notice tone="error">{errors.form}</Notice>}
            <DialogFooter>
              <Button variant="outline" onClick={() => onOpenChange(false)}>
                Cancel
              </Button>
              <Button
                variant="destructive"
                disabled={pending}
                onClick={() =>
                  run(
                    { projectId, userId: member.userId },
                    {
                      onSuccess: ({ self: removedSelf }) => {
                        toast.success(removedSelf ? "You left the project." : `${member.name} was removed.`);
                        onOpenChange(false);
                        if (removedSelf) onRemovedSelf();
                      },
                    },
                  )
                }
              >
                {pending ? "Removing…" : self ? "Leave project" : "Remove"}
              </Button>
            </DialogFooter>
          </>
        )}
      </DialogContent>
    </Dialog>
  );
}
