"use client";

import { useActionState } from "react";
import { FormError, FormNotice } from "@/app/components/field";
import type { FormState } from "@/lib/form";
import { resendVerificationAction } from "./actions";

export function VerifyEmailReminder({ email }: { email: string }) {
  const [state, formAction, pending] = useActionState<FormState, FormData>(resendVerificationAction, {});
  return (
    <div className="card" data-testid="verify-email-reminder">
      <p style={{ marginTop: 0 }}>
        Please confirm your email address: we sent a link to <strong>{email}</strong>.
      </p>
      {state.notice ? (
        <FormNotice message={state.notice} />
      ) : (
        <form action={formAction}>
          <FormError message={state.error} />
          <button type="submit" className="secondary" disabled={pending}>
            {pending ? "Sending…" : "Send the link again"}
          </button>
        </form>
      )}
    </div>
  );
}
