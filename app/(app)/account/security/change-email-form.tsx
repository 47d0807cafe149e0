"use client";

import { useActionState } from "react";
import { Field, FormError, FormNotice, PasswordField } from "@/app/components/field";
import type { FormState } from "@/lib/form";
import { requestEmailChangeAction } from "./actions";

export function ChangeEmailForm() {
  const [state, formAction, pending] = useActionState<FormState, FormData>(requestEmailChangeAction, {});
  return (
    <form action={formAction} className="stack" noValidate>
      <FormNotice message={state.notice} />
      <FormError message={state.error} />
      <Field
        name="newEmail"
        label="New email"
        type="email"
        autoComplete="email"
        required
        defaultValue={state.values?.newEmail}
        errors={state.fields?.newEmail}
      />
      <PasswordField hint="Your current password, to confirm it is you." errors={state.fields?.password} />
      <button type="submit" disabled={pending}>
        {pending ? "Sending…" : "Send a confirmation link"}
      </button>
    </form>
  );
}
