"use client";

import { useActionState } from "react";
import { Field, FormError } from "@/app/components/field";
import type { FormState } from "@/lib/form";
import { completeSignInAction } from "./actions";

export function SecondFactorForm({ next }: { next: string }) {
  const [state, formAction, pending] = useActionState<FormState, FormData>(completeSignInAction, {});
  return (
    <form action={formAction} className="stack" noValidate>
      <FormError message={state.error} />
      <input type="hidden" name="next" value={next} />
      <Field
        name="code"
        label="Authentication code"
        hint="The 6-digit code your authenticator app shows now, or one of your recovery codes."
        type="text"
        autoComplete="one-time-code"
        autoCapitalize="characters"
        spellCheck={false}
        required
        autoFocus
        errors={state.fields?.code}
      />
      <button type="submit" disabled={pending}>
        {pending ? "Checking…" : "Continue"}
      </button>
    </form>
  );
}
