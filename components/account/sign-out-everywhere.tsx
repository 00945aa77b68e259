"use client";
import { useState } from "react";
import { signOutEverywhereAction } from "@/app/(app)/settings/actions";
import { useServerAction } from "@/components/forms/use-server-action";
import { Button } from "@/components/ui/button";
import { Card, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Notice } from "@/components/ui/notice";

/**
 * Ends every session of the account, this one included: for a shared computer left signed in
 * or a lost laptop. Confirmed first, because every browser signed in to the account has to sign
 * in again afterwards.
 */
export function SignOutEverywhere() {
  const [open, setOpen] = useState(false);
  const { run, pending, errors } = useServerAction(signOutEverywhereAction);

  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-base">Sessions</CardTitle>
        <CardDescription>
          Left yourself signed in on a shared computer, or lost a device? Signing out everywhere ends every session of your account, this one included. API tokens
          are not sessions: revoke them below.
        </CardDescription>
      </CardHeader>
      <CardFooter className="justify-end">
        <Dialog open={open} onOpenChange={(next) => !pending && setOpen(next)}>
          <DialogTrigger asChild>
            <Button variant="outline">Sign out everywhere…</Button>
          </DialogTrigger>
          <DialogContent>
            <DialogHeader>
              <DialogTitle>Sign out everywhere?</DialogTitle>
              <DialogDescription>Every browser and device signed in to your account, this one included, will have to sign in again.</DialogDescription>
            </DialogHeader>
            {errors.form && <Notice tone="error">{errors.form}</Notice>}
            <DialogFooter>
              <DialogClose asChild>
                <Button variant="outline" disabled={pending}>
                  Cancel
                </Button>
              </DialogClose>
              <Button
                variant="destructive"
                disabled={pending}
                onClick={() =>
                  run({}, {
                    // A full load: nothing cached while signed in stays on screen.
                    onSuccess: ({ redirectTo }) => window.location.assign(redirectTo),
                  })
                }
              >
                {pending ? "Signing out…" : "Sign out everywhere"}
              </Button>
            </DialogFooter>
          </DialogContent>
        </Dialog>
      </CardFooter>
    </Card>
  );
}
