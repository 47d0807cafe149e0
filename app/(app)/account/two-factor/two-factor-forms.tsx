"use client";

import { useActionState } from "react";
import { Field, FormError, PasswordField } from "@/app/components/field";
import type { FormState } from "@/lib/form";
import { disableAction, enableAction, type RecoveryCodesState, regenerateRecoveryCodesAction, startSetupAction } from "./actions";

function CodeField({ errors, label = "Code from your authenticator app" }: { errors?: string[]; label?: string }) {
  return <Field name="code" label={label} type="text" autoComplete="one-time-code" spellCheck={false} required errors={errors} />;
}

export function StartSetupForm({ again = false }: { again?: boolean }) {
  const [state, formAction, pending] = useActionState<FormState>(startSetupAction, {});
  return (
    <form action={formAction} className="stack" noValidate>
      <FormError message={state.error} />
      <button type="submit" className={again ? "secondary" : undefined} disabled={pending}>
        {again ? "Start over with a new key" : "Set up two-factor authentication"}
      </button>
    </form>
  );
}

/** Shown once, right after they are made: only their hashes are kept. */
function RecoveryCodes({ codes }: { codes: string[] }) {
  return (
    <div className="alert ok" role="status">
      <p>
        <strong>Save these recovery codes now.</strong> Each one signs you in once if you lose your authenticator app. They will not be
        shown again.
      </p>
      <ol className="recovery-codes" data-testid="recovery-codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <p>
        {/* A full load, not a client-side navigation, which would keep the codes on screen. */}
        <a href="/account/two-factor">I have saved them</a>
      </p>
    </div>
  );
}

type Setup = { secret: string; qrCode: string };

/**
 * Setting up, and new recovery codes, in one component that stays mounted while
 * the page around it changes: turning 2FA on re-renders the page as "on", and the
 * codes, shown this once, must survive that.
 */
export function RecoveryCodesPanel({ setup, enabled }: { setup: Setup | null; enabled: boolean }) {
  const [enabling, enable, enablePending] = useActionState<RecoveryCodesState, FormData>(enableAction, {});
  const [renewing, renew, renewPending] = useActionState<RecoveryCodesState, FormData>(regenerateRecoveryCodesAction, {});
  const codes = renewing.recoveryCodes ?? enabling.recoveryCodes;
  if (codes) return <RecoveryCodes codes={codes} />;
  if (enabled) {
    return (
      <form action={renew} className="stack" noValidate>
        <FormError message={renewing.error} />
        <CodeField label="Code from your app, or a recovery code" errors={renewing.fields?.code} />
        <button type="submit" className="secondary" disabled={renewPending}>
          Make new recovery codes
        </button>
      </form>
    );
  }
  if (!setup) return null;
  return (
    <>
      {/* A data: URL drawn on the server: no third party sees the key (next/image would send it through its optimizer). */}
      {/* eslint-disable-next-line @next/next/no-img-element */}
      <img src={setup.qrCode} width={220} height={220} alt="QR code holding the two-factor key" />
      <p>
        Or type this key into the app: <code data-testid="totp-secret">{setup.secret.match(/.{1,4}/g)!.join(" ")}</code>
      </p>
      <p>Then enter the 6-digit code the app shows, to prove it works.</p>
      <form action={enable} className="stack" noValidate>
        <FormError message={enabling.error} />
        <CodeField errors={enabling.fields?.code} />
        <button type="submit" disabled={enablePending}>
          {enablePending ? "Checking…" : "Turn on two-factor authentication"}
        </button>
      </form>
    </>
  );
}

export function DisableForm() {
  const [state, formAction, pending] = useActionState<FormState, FormData>(disableAction, {});
  return (
    <form action={formAction} className="stack" noValidate>
      <FormError message={state.error} />
      <PasswordField errors={state.fields?.password} />
      <CodeField label="Code from your app, or a recovery code" errors={state.fields?.code} />
      <button type="submit" className="danger" disabled={pending}>
        Turn off two-factor authentication
      </button>
    </form>
  );
}
