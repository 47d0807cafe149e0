"use client";

import { useActionState } from "react";
import { Field, FormError } from "@/app/components/field";
import type { FormState } from "@/lib/form";
import { resetPasswordAction } from "./actions";

export function ResetPasswordForm({ token, passwordMinLength }: { token: string; passwordMinLength: number }) {
  const [state, formAction, pending] = useActionState<FormState, FormData>(resetPasswordAction, {});
  const tokenProblem = state.fields?.token?.join(" ");
  return (
    <form action={formAction} className="stack" noValidate>
      <FormError message={tokenProblem ?? state.error} />
      <input type="hidden" name="token" value={token} />
      <Field
        name="newPassword"
        label="New password"
        type="password"
        autoComplete="new-password"
        hint={`At least ${passwordMinLength} characters. A few unrelated words make a strong, memorable password.`}
        required
        minLength={passwordMinLength}
        errors={state.fields?.newPassword}
      />
      <button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Set the new password"}
      </button>
    </form>
  );
}
