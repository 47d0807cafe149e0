"use client";

import { useActionState } from "react";
import { FormError } from "@/app/components/field";
import type { FormState } from "@/lib/form";
import { confirmRegistrationAction } from "./actions";

// A button, not the link itself: mail scanners that open links must not create accounts.
export function ConfirmRegistrationForm({ token }: { token: string }) {
  const [state, formAction, pending] = useActionState<FormState, FormData>(confirmRegistrationAction, {});
  return (
    <form action={formAction} className="stack" noValidate>
      <FormError message={state.fields?.token?.join(" ") ?? state.error} />
      <input type="hidden" name="token" value={token} />
      <button type="submit" disabled={pending}>
        {pending ? "Creating account…" : "Create my account"}
      </button>
    </form>
  );
}
