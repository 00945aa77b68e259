"use client";
import { Check, Copy, KeyRound, Plus } from "lucide-react";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { createApiTokenAction, revokeApiTokenAction } from "@/app/(app)/settings/actions";
import { useServerAction } from "@/components/forms/use-server-action";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Notice } from "@/components/ui/notice";
import { formatDate, formatDateTime } from "@/lib/ui/format";

export type TokenItem = {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  expired: boolean;
};

function TokenStatus({ token }: { token: TokenItem }) {
  if (token.revokedAt) return <Badge variant="outline" className="text-muted-foreground">Revoked {formatDate(token.revokedAt)}</Badge>;
  if (token.expired) return <Badge variant="outline" className="text-muted-foreground">Expired</Badge>;
  return <Badge className="border-transparent bg-emerald-50 text-emerald-800">Active</Badge>;
}

export function ApiTokens({ tokens }: { tokens: TokenItem[] }) {
  const [revoking, setRevoking] = useState<TokenItem | null>(null);
  return (
    <Card>
      <CardHeader className="flex-row items-start justify-between gap-4 space-y-0">
        <div className="grid gap-1.5">
          <CardTitle className="text-base">API tokens</CardTitle>
          <CardDescription>
            For scripts and notebooks (R, Python) that read or change your projects through the JSON API. A token acts as you, with your
            role in each project.
          </CardDescription>
        </div>
        <CreateTokenDialog />
      </CardHeader>
      <CardContent>
        {tokens.length === 0 ? (
          <div className="flex items-center gap-3 rounded-lg border border-dashed px-4 py-6 text-sm text-muted-foreground">
            <KeyRound aria-hidden className="size-4 shrink-0" />
            No tokens yet. Create one when a script needs to reach your projects.
          </div>
        ) : (
          <div className="overflow-x-auto rounded-lg border">
            <table className="w-full text-sm">
              <caption className="sr-only">Your API tokens</caption>
              <thead className="border-b bg-muted/50 text-left text-xs uppercase tracking-wide text-muted-foreground">
                <tr>
                  <th scope="col" className="px-3 py-2 font-medium">Name</th>
                  <th scope="col" className="px-3 py-2 font-medium">Token</th>
                  <th scope="col" className="px-3 py-2 font-medium">Created</th>
                  <th scope="col" className="px-3 py-2 font-medium">Last used</th>
                  <th scope="col" className="px-3 py-2 font-medium">Expires</th>
                  <th scope="col" className="px-3 py-2 font-medium">Status</th>
                  <th scope="col" className="px-3 py-2"><span className="sr-only">Actions</span></th>
                </tr>
              </thead>
              <tbody className="divide-y">
                {tokens.map((token) => (
                  <tr key={token.id} className={token.revokedAt || token.expired ? "text-muted-foreground" : undefined}>
                    <th scope="row" className="px-3 py-2.5 text-left font-medium">{token.name}</th>
                    <td className="px-3 py-2.5 font-mono text-xs">{token.prefix}…</td>
                    <td className="whitespace-nowrap px-3 py-2.5">{formatDate(token.createdAt)}</td>
                    <td className="whitespace-nowrap px-3 py-2.5">{token.lastUsedAt ? formatDateTime(token.lastUsedAt) : "Never"}</td>
                    <td className="whitespace-nowrap px-3 py-2.5">{token.expiresAt ? formatDate(token.expiresAt) : "Never"}</td>
                    <td className="px-3 py-2.5"><TokenStatus token={token} /></td>
                    <td className="px-3 py-2.5 text-right">
                      {!token.revokedAt && (
                        <Button variant="ghost" size="sm" className="text-muted-foreground hover:text-destructive" onClick={() => setRevoking(token)}>
                          Revoke<span className="sr-only"> {token.name}</span>
                        </Button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </CardContent>
      <RevokeTokenDialog token={revoking} onOpenChange={(open) => !open && setRevoking(null)} />
    </Card>
  );
}

function CreateTokenDialog() {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const [days, setDays] = useState("");
  const [created, setCreated] = useState<{ token: string; name: string } | null>(null);
  const [copied, setCopied] = useState(false);
  const { run, pending, errors, reset } = useServerAction(createApiTokenAction, ["name", "expiresInDays"]);

  function close(value: boolean) {
    setOpen(value);
    if (!value) {
      // The secret is forgotten when the dialog closes: it is shown once only.
      setCreated(null);
      setName("");
      setDays("");
      setCopied(false);
      reset();
    }
  }

  return (
    <Dialog open={open} onOpenChange={close}>
      <DialogTrigger asChild>
        <Button variant="outline" size="sm" className="shrink-0">
          <Plus aria-hidden />
          New token
        </Button>
      </DialogTrigger>
      <DialogContent>
        {created ? (
          <div className="grid gap-4">
            <DialogHeader>
              <DialogTitle>Copy your new token</DialogTitle>
              <DialogDescription>
                This is the only time “{created.name}” is shown. Store it somewhere safe, like your password manager or an environment
                variable; if you lose it, revoke it and create another.
              </DialogDescription>
            </DialogHeader>
            <div className="flex items-center gap-2">
              <Input readOnly value={created.token} aria-label="New API token" className="font-mono text-xs" onFocus={(e) => e.currentTarget.select()} />
              <Button
                type="button"
                variant="outline"
                onClick={async () => {
                  try {
                    await navigator.clipboard.writeText(created.token);
                    setCopied(true);
                    toast.success("Token copied.");
                  } catch {
                    toast.error("Could not copy: select the token and copy it yourself.");
                  }
                }}
              >
                {copied ? <Check aria-hidden /> : <Copy aria-hidden />}
                {copied ? "Copied" : "Copy"}
              </Button>
            </div>
            <p className="text-xs text-muted-foreground">
              Send it as <code className="rounded bg-muted px-1 py-0.5">Authorization: Bearer &lt;token&gt;</code>.
            </p>
            <DialogFooter>
              <Button onClick={() => close(false)}>Done</Button>
            </DialogFooter>
          </div>
        ) : (
          <form
            noValidate
            className="grid gap-4"
            onSubmit={(event) => {
              event.preventDefault();
              run(
                { name: name.trim() || "API token", expiresInDays: days.trim() ? Number(days) : undefined },
                { onSuccess: ({ token, name: savedName }) => setCreated({ token, name: savedName }) },
              );
            }}
          >
            <DialogHeader>
              <DialogTitle>New API token</DialogTitle>
              <DialogDescription>Name it after where it will be used, so you know which to revoke later.</DialogDescription>
            </DialogHeader>
            {errors.form && <Notice tone="error">{errors.form}</Notice>}
            <Field id="token-name" label="Name" error={errors.fields.name}>
              <Input value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. R analysis on my laptop" maxLength={100} autoFocus />
            </Field>
            <Field id="token-days" label="Expires after (days)" hint="Leave empty for a token that lasts until you revoke it." error={errors.fields.expiresInDays}>
              <Input type="number" inputMode="numeric" min={1} max={3650} value={days} onChange={(e) => setDays(e.target.value)} className="w-32" />
            </Field>
            <DialogFooter>
              <Button type="button" variant="outline" onClick={() => close(false)}>
                Cancel
              </Button>
              <Button type="submit" disabled={pending}>
                {pending ? "Creating…" : "Create token"}
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}

function RevokeTokenDialog({ token, onOpenChange }: { token: TokenItem | null; onOpenChange: (open: boolean) => void }) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <Dialog
      open={token !== null}
      onOpenChange={(open) => {
        if (!open) setError(null);
        onOpenChange(open);
      }}
    >
      <DialogContent>
        {token && (
          <>
            <DialogHeader>
              <DialogTitle>Revoke “{token.name}”?</DialogTitle>
              <DialogDescription>Scripts using it stop working at once. This cannot be undone.</DialogDescription>
            </DialogHeader>
            {error && <Notice tone="error">{error}</Notice>}
            <DialogFooter>
              <Button variant="outline" onClick={() => onOpenChange(false)}>
                Cancel
              </Button>
              <Button
                variant="destructive"
                disabled={pending}
                onClick={() =>
                  startTransition(async () => {
                    const result = await revokeApiTokenAction({ tokenId: token.id }).catch(() => null);
                    if (!result) return setError("Could not reach the server. Check your connection and try again.");
                    if (!result.ok) return setError(result.error.message);
                    toast.success(`Token “${token.name}” revoked.`);
                    onOpenChange(false);
                  })
                }
              >
                {pending ? "Revoking…" : "Revoke token"}
              </Button>
            </DialogFooter>
          </>
        )}
      </DialogContent>
    </Dialog>
  );
}
