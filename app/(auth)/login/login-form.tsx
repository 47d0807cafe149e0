"use client";

import { useActionState } from "react";
import { EmailField, FormError, PasswordField } from "@/app/components/field";
import type { FormState } from "@/lib/form";
import { logInAction } from "./actions";

export function LoginForm({ next }: { next: string }) {
  const [state, formAction, pending] = useActionState<FormState, FormData>(logInAction, {});
  return (
    <form action={formAction} className="stack" noValidate>
      <FormError message={state.error} />
      <input type="hidden" name="next" value={next} />
      {/* "webauthn": the browser also offers this site's passkeys among the field's suggestions. */}
      <EmailField defaultValue={state.values?.email} errors={state.fields?.email} autoComplete="username webauthn" />
      <PasswordField errors={state.fields?.password} />
      <label className="checkbox">
        <input type="checkbox" name="remember" /> Keep me signed in on this device
      </label>
      <button type="submit" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
