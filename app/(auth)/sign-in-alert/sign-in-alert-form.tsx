"use client";

import { useActionState } from "react";
import { FormError } from "@/app/components/field";
import type { FormState } from "@/lib/form";
import { answerSignInAlertAction } from "./actions";

// A button, not the link itself: mail scanners that open links must not end sessions.
export function SignInAlertForm({ token, answer }: { token: string; answer: "yes" | "no" }) {
  const [state, formAction, pending] = useActionState<FormState, FormData>(answerSignInAlertAction, {});
  return (
    <form action={formAction} className="stack" noValidate>
      <FormError message={state.fields?.token?.join(" ") ?? state.error} />
      <input type="hidden" name="token" value={token} />
      <input type="hidden" name="answer" value={answer} />
      <button type="submit" className={answer === "no" ? "danger" : undefined} disabled={pending}>
        {answer === "no" ? "This wasn't me: end that session" : "Yes, that was me"}
      </button>
    </form>
  );
}
