"use client";

import { useActionState } from "react";
import { FormError } from "@/app/components/field";
import type { FormState } from "@/lib/form";
import { confirmEmailAction } from "./actions";

// A button, not the link itself: mail scanners that open links must not confirm addresses.
export function ConfirmEmailForm({ token }: { token: string }) {
  const [state, formAction, pending] = useActionState<FormState, FormData>(confirmEmailAction, {});
  return (
    <form action={formAction} className="stack" noValidate>
      <FormError message={state.fields?.token?.join(" ") ?? state.error} />
      <input type="hidden" name="token" value={token} />
      <button type="submit" disabled={pending}>
        {pending ? "Confirming…" : "Confirm my email address"}
      </button>
    </form>
  );
}
