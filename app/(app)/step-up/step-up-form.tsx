"use client";

import { useActionState } from "react";
import { Field, FormError } from "@/app/components/field";
import type { FormState } from "@/lib/form";
import { stepUpWithCodeAction } from "./actions";

export function StepUpCodeForm({ next }: { next: string }) {
  const [state, formAction, pending] = useActionState<FormState, FormData>(stepUpWithCodeAction, {});
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
        {pending ? "Checking…" : "Confirm"}
      </button>
    </form>
  );
}
