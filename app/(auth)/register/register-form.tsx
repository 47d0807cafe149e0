"use client";

import { useActionState } from "react";
import { EmailField, Field, FormError, FormNotice } from "@/app/components/field";
import type { FormState } from "@/lib/form";
import { registerAction } from "./actions";

export function RegisterForm({ passwordMinLength }: { passwordMinLength: number }) {
  const [state, formAction, pending] = useActionState<FormState, FormData>(registerAction, {});
  if (state.notice) return <FormNotice message={state.notice} />;
  return (
    <form action={formAction} className="stack" noValidate>
      <FormError message={state.error} />
      <Field
        name="name"
        label="Name"
        type="text"
        autoComplete="name"
        maxLength={100}
        defaultValue={state.values?.name}
        hint="How we greet you. Optional."
        errors={state.fields?.name}
      />
      <EmailField defaultValue={state.values?.email} errors={state.fields?.email} />
      <Field
        name="password"
        label="Password"
        type="password"
        autoComplete="new-password"
        required
        minLength={passwordMinLength}
        hint={`At least ${passwordMinLength} characters. A few unrelated words make a strong, memorable password.`}
        errors={state.fields?.password}
      />
      <button type="submit" disabled={pending}>
        {pending ? "Creating account…" : "Create account"}
      </button>
    </form>
  );
}
