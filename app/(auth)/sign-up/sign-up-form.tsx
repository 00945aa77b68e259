"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useServerAction } from "@/components/forms/use-server-action";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Notice } from "@/components/ui/notice";
import { signUpAction } from "./actions";

export function SignUpForm({ next, minPasswordLength }: { next?: string; minPasswordLength: number }) {
  const router = useRouter();
  const [form, setForm] = useState({ name: "", email: "", password: "" });
  const { run, pending, errors } = useServerAction(signUpAction, ["name", "email", "password"]);
  const set = (key: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement>) => setForm((f) => ({ ...f, [key]: e.target.value }));

  return (
    <form
      noValidate
      className="grid gap-4"
      onSubmit={(event) => {
        event.preventDefault();
        run(
          { ...form, next },
          {
            onSuccess: ({ redirectTo }) => {
              router.replace(redirectTo);
              router.refresh();
            },
          },
        );
      }}
    >
      {errors.form && <Notice tone="error">{errors.form}</Notice>}
      <Field id="name" label="Name" error={errors.fields.name}>
        <Input name="name" autoComplete="name" required value={form.name} onChange={set("name")} autoFocus />
      </Field>
      <Field id="email" label="Email" error={errors.fields.email}>
        <Input type="email" name="email" autoComplete="email" required value={form.email} onChange={set("email")} />
      </Field>
      <Field id="password" label="Password" hint={`At least ${minPasswordLength} characters.`} error={errors.fields.password}>
        <Input
          type="password"
          name="password"
          autoComplete="new-password"
          required
          minLength={minPasswordLength}
          value={form.password}
          onChange={set("password")}
        />
      </Field>
      <Button type="submit" disabled={pending} className="mt-1 w-full">
        {pending ? "Creating your account…" : "Create account"}
      </Button>
    </form>
  );
}
