"use client";

import { useActionState } from "react";
import { FormError } from "@/app/components/field";
import type { FormState } from "@/lib/form";
import { confirmEmailChangeAction } from "./actions";

// A button, not the link itself: mail scanners that open links must not change addresses.
export function ConfirmEmailChangeForm({ token }: { token: string }) {
  const [state, formAction, pending] = useActionState<FormState, FormData>(confirmEmailChangeAction, {});
  return (
    <form action={formAction} className="stack" noValidate>
      <FormError message={state.fields?.token?.join(" ") ?? state.error} />
      <input type="hidden" name="token" value={token} />
      <button type="submit" disabled={pending}>
        {pending ? "Changing…" : "Use this address for my account"}
      </button>
    </form>
  );
}
