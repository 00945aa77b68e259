"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useServerAction } from "@/components/forms/use-server-action";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Notice } from "@/components/ui/notice";
import { signInAction } from "./actions";

export function SignInForm({ next, notice }: { next?: string; notice?: string }) {
  const router = useRouter();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const { run, pending, errors } = useServerAction(signInAction, ["email", "password"]);

  return (
    <form
      noValidate
      className="grid gap-4"
      onSubmit={(event) => {
        event.preventDefault();
        run(
          { email, password, next },
          {
            onSuccess: ({ redirectTo }) => {
              router.replace(redirectTo);
              router.refresh();
            },
          },
        );
      }}
    >
      {notice && !errors.form && <Notice>{notice}</Notice>}
      {errors.form && <Notice tone="error">{errors.form}</Notice>}
      <Field id="email" label="Email" error={errors.fields.email}>
        <Input type="email" name="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} autoFocus />
      </Field>
      <Field id="password" label="Password" error={errors.fields.password}>
        <Input
          type="password"
          name="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </Field>
      <Button type="submit" disabled={pending} className="mt-1 w-full">
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
