import "server-only";
import type { z } from "zod";
import { getClientInfo } from "./request-session";
import type { passkeySecondFactorInput } from "./passkey-schemas";
import { createAuthenticationOptions, verifyAuthentication } from "./passkey-authentication";
import type { SessionRecord, ValidatedSession } from "./session";
import { continueSteppedUp } from "./step-up";

// Step-up with a passkey (lib/step-up.ts): one of the account's passkeys confirms this
// session, which continues at aal2. The challenge is bound to the session asking.

export async function startPasskeyStepUp(current: ValidatedSession) {
  return createAuthenticationOptions("step_up", current.session.id, current.user.id);
}

/** With user verification the passkey alone is the proof ("passkey"); without, it is the second factor to the session's password. */
export async function stepUpWithPasskey(
  current: ValidatedSession,
  input: z.infer<typeof passkeySecondFactorInput>,
): Promise<SessionRecord> {
  const { userVerified } = await verifyAuthentication("step_up", current.session.id, input.credential, current.user.id);
  return continueSteppedUp(current, userVerified ? "passkey" : "password+passkey", await getClientInfo());
}
