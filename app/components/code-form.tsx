"use client";

import { useActionState } from "react";
import { Field, FormError } from "@/app/components/field";
import type { FormState } from "@/lib/form";

// The second factor typed as a code (app code or recovery code): one form for finishing a
// sign-in and for stepping a session up, so the two ask in the same words.
export function CodeForm({
  action,
  next,
  submitLabel,
}: {
  action: (previous: FormState, formData: FormData) => Promise<FormState>;
  next: string;
  submitLabel: string;
}) {
  const [state, formAction, pending] = useActionState<FormState, FormData>(action, {});
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
        {pending ? "Checking…" : submitLabel}
      </button>
    </form>
  );
}
