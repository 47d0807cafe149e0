"use client";

import { useActionState } from "react";
import { EmailField, FormError, FormNotice } from "@/app/components/field";
import type { FormState } from "@/lib/form";
import { requestPasswordResetAction } from "./actions";

export function ForgotPasswordForm() {
  const [state, formAction, pending] = useActionState<FormState, FormData>(requestPasswordResetAction, {});
  if (state.notice) return <FormNotice message={state.notice} />;
  return (
    <form action={formAction} className="stack" noValidate>
      <FormError message={state.error} />
      <EmailField defaultValue={state.values?.email} errors={state.fields?.email} />
      <button type="submit" disabled={pending}>
        {pending ? "Sending…" : "Email me a link"}
      </button>
    </form>
  );
}
