import "server-only";
import type { z } from "zod";
import { reportAccountChange } from "./account-notice";
import { continueAfterCredentialChange } from "./account-changes";
import { recordCredentialChange } from "./credential-version";
import { getClientInfo } from "./request-session";
import { unauthenticated } from "./errors";
import { deletePasskey, type PasskeyView, renamePasskey, type renamePasskeyInput } from "./passkey-list";
import type { registrationResponseSchema } from "./passkey-schemas";
import { createRegistrationOptions, verifyRegistration } from "./passkey-registration";
import { recordSecurityEvent } from "./security-events";
import type { ValidatedSession } from "./session";
import { requireFreshSignIn } from "./sign-in";

// The owner's changes to their passkeys, from a browser (the API and the forms alike).
// Adding and removing one change how the account signs in: both need a fresh sign-in and
// mail the owner. Removing is a credential change: every session ends (one may have been
// made with that passkey) and this browser continues on a new one. Adding takes nothing
// away from any credential, so what was issued before stays valid.

/** Registration options for the browser; bound to this session, which must be fresh. */
export async function startAddingPasskey(current: ValidatedSession) {
  requireFreshSignIn(current);
  return createRegistrationOptions(current.user, current.session.id);
}

export async function finishAddingPasskey(
  current: ValidatedSession,
  response: z.infer<typeof registrationResponseSchema>,
): Promise<PasskeyView> {
  requireFreshSignIn(current);
  const client = await getClientInfo();
  const passkey = await verifyRegistration(current.user, current.session.id, response, client.userAgent);
  await reportAccountChange(
    "passkey_added",
    current.user,
    client,
    {
      subject: "a passkey was added",
      text: `A passkey ("${passkey.name}") was added to your account: it can now sign in without the password.`,
    },
    { detail: passkey.name },
  );
  const { id, name, createdAt, lastUsedAt, backedUp } = passkey;
  return { id, name, createdAt, lastUsedAt, backedUp };
}

export async function renameOwnPasskey(
  current: ValidatedSession,
  id: string,
  input: z.infer<typeof renamePasskeyInput>,
): Promise<PasskeyView> {
  const passkey = await renamePasskey(current.user.id, id, input);
  await recordSecurityEvent("passkey_renamed", current.user.id, await getClientInfo(), { detail: passkey.name });
  return passkey;
}

/** Removes one of the owner's passkeys (never the last way to sign in); every session ends, this browser continues. */
export async function removeOwnPasskey(current: ValidatedSession, id: string): Promise<void> {
  requireFreshSignIn(current);
  const passkey = await deletePasskey(current.user.id, id);
  const credentialVersion = await recordCredentialChange(current.user.id);
  if (credentialVersion === null) throw unauthenticated();
  const client = await getClientInfo();
  await reportAccountChange(
    "passkey_removed",
    current.user,
    client,
    {
      subject: "a passkey was removed",
      text: `The passkey "${passkey.name}" was removed from your account and every session was signed out.`,
    },
    { detail: passkey.name },
  );
  await continueAfterCredentialChange(current, credentialVersion);
}
