"use client";

import { useActionState } from "react";
import { Field, FormError } from "@/app/components/field";
import type { FormState } from "@/lib/form";
import { changePasswordAction } from "./actions";

export function ChangePasswordForm({ passwordMinLength }: { passwordMinLength: number }) {
  const [state, formAction, pending] = useActionState<FormState, FormData>(changePasswordAction, {});
  return (
    <form action={formAction} className="stack" noValidate>
      <FormError message={state.error} />
      <Field
        name="currentPassword"
        label="Current password"
        type="password"
        autoComplete="current-password"
        required
        errors={state.fields?.currentPassword}
      />
      <Field
        name="newPassword"
        label="New password"
        type="password"
        autoComplete="new-password"
        required
        minLength={passwordMinLength}
        hint={`At least ${passwordMinLength} characters. Changing it signs you out everywhere else.`}
        errors={state.fields?.newPassword}
      />
      <button type="submit" disabled={pending}>
        {pending ? "Changing…" : "Change password"}
      </button>
    </form>
  );
}
