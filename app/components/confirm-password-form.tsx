"use client";

import { type ReactNode, useActionState } from "react";
import { FormError, PasswordField } from "@/app/components/field";
import type { FormState } from "@/lib/form";

type ConfirmPasswordAction = (previous: FormState, formData: FormData) => Promise<FormState>;

/**
 * The password entered again before a change that needs a fresh sign-in (two-factor
 * settings, administrative changes). `action` re-authenticates and goes back to the page;
 * `children` are hidden fields it needs. A plain form post without JavaScript.
 */
export function ConfirmPasswordForm({ action, children }: { action: ConfirmPasswordAction; children?: ReactNode }) {
  const [state, formAction, pending] = useActionState<FormState, FormData>(action, {});
  return (
    <form action={formAction} className="stack" noValidate>
      {children}
      <FormError message={state.error} />
      <PasswordField errors={state.fields?.password} />
      <button type="submit" disabled={pending}>
        {pending ? "Checking…" : "Confirm password"}
      </button>
    </form>
  );
}
