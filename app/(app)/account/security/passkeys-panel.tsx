"use client";

import { startRegistration } from "@simplewebauthn/browser";
import { useActionState, useState, useTransition } from "react";
import { useWebAuthn } from "@/app/components/use-webauthn";
import { FormError, FormNotice } from "@/app/components/field";
import type { FormState } from "@/lib/form";
import { addPasskeyAction, passkeyOptionsAction, removePasskeyAction, renamePasskeyAction } from "./actions";

export type PasskeyRow = { id: string; name: string; createdAt: string; lastUsedAt: string | null };

const shortTime = (iso: string) => `${iso.slice(0, 16).replace("T", " ")} UTC`;

/** "Add a passkey": the options from the server, the browser's own prompt, its answer back. Shown only where WebAuthn is. */
export function AddPasskeyButton() {
  const supported = useWebAuthn();
  const [state, setState] = useState<FormState>({});
  const [pending, startTransition] = useTransition();
  if (!supported) return <p className="muted">This browser cannot create passkeys.</p>;

  const add = () =>
    startTransition(async () => {
      const { options, ...failure } = await passkeyOptionsAction({});
      if (!options) return setState(failure);
      let credential;
      try {
        credential = await startRegistration({ optionsJSON: options });
      } catch {
        return setState({ error: "No passkey was created: the prompt was closed, or this device already holds one for your account." });
      }
      const form = new FormData();
      form.set("credential", JSON.stringify(credential));
      setState(await addPasskeyAction({}, form));
    });

  return (
    <div className="stack">
      <FormNotice message={state.notice} />
      <FormError message={state.error} />
      <p>
        <button type="button" onClick={add} disabled={pending}>
          {pending ? "Waiting for your device…" : "Add a passkey"}
        </button>
      </p>
    </div>
  );
}

/** One passkey: its dates, a rename form and a remove button; both plain forms that work without JavaScript. */
export function PasskeyItem({ passkey, canRemove }: { passkey: PasskeyRow; canRemove: boolean }) {
  const [renamed, renameAction, renaming] = useActionState<FormState, FormData>(renamePasskeyAction, {});
  const [removal, removeAction, removing] = useActionState<FormState, FormData>(removePasskeyAction, {});
  return (
    <li className="card" data-testid="passkey">
      <strong>{passkey.name}</strong>
      <p className="muted">
        Added {shortTime(passkey.createdAt)} · {passkey.lastUsedAt ? `last used ${shortTime(passkey.lastUsedAt)}` : "never used"}
      </p>
      <form action={renameAction} className="inline-form" noValidate>
        <input type="hidden" name="id" value={passkey.id} />
        <label htmlFor={`passkey-name-${passkey.id}`}>Name</label>{" "}
        <input id={`passkey-name-${passkey.id}`} name="name" defaultValue={passkey.name} maxLength={64} required />{" "}
        <button type="submit" disabled={renaming}>
          Rename
        </button>
        <FormNotice message={renamed.notice} />
        <FormError message={renamed.error ?? renamed.fields?.name?.join(" ")} />
      </form>
      {canRemove && (
        <form action={removeAction} noValidate>
          <input type="hidden" name="id" value={passkey.id} />
          <FormError message={removal.error} />
          <button type="submit" className="danger" disabled={removing} aria-label={`Remove passkey ${passkey.name}`}>
            Remove
          </button>
        </form>
      )}
    </li>
  );
}
