"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { changePasswordAction } from "@/app/(app)/settings/actions";
import { useServerAction } from "@/components/forms/use-server-action";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Notice } from "@/components/ui/notice";

export function ChangePasswordForm({ minPasswordLength, changed }: { minPasswordLength: number; changed: boolean }) {
  const router = useRouter();
  const [currentPassword, setCurrentPassword] = useState("");
  const [newPassword, setNewPassword] = useState("");
  const { run, pending, errors } = useServerAction(changePasswordAction, ["currentPassword", "newPassword"]);

  return (
    <Card>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          run(
            { currentPassword, newPassword },
            {
              onSuccess: ({ signedIn }) => {
                setCurrentPassword("");
                setNewPassword("");
                if (!signedIn) {
                  router.replace("/sign-in?reason=password-changed&next=%2Fsettings");
                  return;
                }
                // A full load: the page the action re-rendered still saw the old session cookie
                // (next-auth reads the request's headers), so start again from the new one.
                window.location.assign("/settings?password=changed");
              },
            },
          );
        }}
      >
        <CardHeader>
          <CardTitle className="text-base">Password</CardTitle>
          <CardDescription>Changing it signs you out everywhere else: other browsers and devices must sign in again.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          {errors.form && <Notice tone="error">{errors.form}</Notice>}
          {changed && !errors.form && <Notice tone="success">Your password was changed. Other sessions have been signed out; this one continues.</Notice>}
          <Field id="current-password" label="Current password" error={errors.fields.currentPassword}>
            <Input type="password" autoComplete="current-password" value={currentPassword} onChange={(e) => setCurrentPassword(e.target.value)} />
          </Field>
          <Field id="new-password" label="New password" hint={`At least ${minPasswordLength} characters.`} error={errors.fields.newPassword}>
            <Input type="password" autoComplete="new-password" value={newPassword} onChange={(e) => setNewPassword(e.target.value)} />
          </Field>
        </CardContent>
        <CardFooter className="justify-end">
          <Button type="submit" disabled={pending || !currentPassword || !newPassword}>
            {pending ? "Changing…" : "Change password"}
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}
