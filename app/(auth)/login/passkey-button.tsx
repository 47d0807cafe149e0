"use client";

import {
  browserSupportsWebAuthn,
  browserSupportsWebAuthnAutofill,
  startAuthentication,
  WebAuthnAbortService,
} from "@simplewebauthn/browser";
import { useEffect, useState, useTransition } from "react";
import { FormError } from "@/app/components/field";
import { useWebAuthn } from "@/app/components/use-webauthn";
import type { FormState } from "@/lib/form";
import {
  passkeySecondFactorAction,
  passkeySecondFactorOptionsAction,
  passkeySignInAction,
  passkeySignInOptionsAction,
} from "./passkey-actions";
import { passkeyStepUpAction, passkeyStepUpOptionsAction } from "@/app/(app)/step-up/passkey-actions";

const flows = {
  "sign-in": { options: passkeySignInOptionsAction, answer: passkeySignInAction },
  "second-factor": { options: passkeySecondFactorOptionsAction, answer: passkeySecondFactorAction },
  "step-up": { options: passkeyStepUpOptionsAction, answer: passkeyStepUpAction },
};

/**
 * "Sign in with a passkey" (or "Use a passkey" as the second factor): the server's options,
 * the browser's own prompt, the answer back; the action then goes on to `next`. With
 * `autofill`, the sign-in page also offers passkeys in the email field's suggestions
 * (conditional UI) from the start. Renders nothing where the browser lacks WebAuthn.
 */
export function PasskeyButton({
  kind,
  label,
  next,
  autofill = false,
}: {
  kind: keyof typeof flows;
  label: string;
  next: string;
  autofill?: boolean;
}) {
  const flow = flows[kind];
  const supported = useWebAuthn();
  const [state, setState] = useState<FormState>({});
  const [pending, startTransition] = useTransition();

  // The autofill request may wait as long as the page is open: only its answer is a transition.
  const run = async (useBrowserAutofill: boolean) => {
    const { options, ...failure } = await flow.options({});
    if (!options) return setState(failure);
    let credential;
    try {
      credential = await startAuthentication({ optionsJSON: options, useBrowserAutofill });
    } catch {
      // Closed, or cancelled by the other ceremony (the button's replaces the autofill's): only the button says so.
      if (!useBrowserAutofill) setState({ error: "No passkey was used: the prompt was closed or this device has none for this site." });
      return;
    }
    const form = new FormData();
    form.set("credential", JSON.stringify(credential));
    form.set("next", next);
    const remember = document.querySelector<HTMLInputElement>('input[name="remember"]');
    if (remember?.checked) form.set("remember", "on");
    startTransition(async () => setState(await flow.answer({}, form)));
  };

  useEffect(() => {
    if (!autofill || !browserSupportsWebAuthn()) return;
    let started = false;
    void browserSupportsWebAuthnAutofill().then((available) => {
      if (!available || started) return;
      started = true;
      void run(true);
    });
    return () => WebAuthnAbortService.cancelCeremony();
    // Once per page: a second conditional request would only cancel the first.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  if (!supported) return null;
  return (
    <div className="stack">
      <FormError message={state.error} />
      <button type="button" className="secondary" onClick={() => startTransition(() => run(false))} disabled={pending}>
        {label}
      </button>
    </div>
  );
}
