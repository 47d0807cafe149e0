import "server-only";
import { cookies } from "next/headers";
import type { z } from "zod";
import { changePassword, type ChangePasswordInput } from "./auth";
import { authenticate, getClientInfo, startSession } from "./request-session";
import { renewDeviceCookie } from "./device-cookie";
import { carryKnownDevice } from "./known-devices";
import { confirmEmailChange, type confirmEmailChangeInput } from "./email-change";
import type { ValidatedSession } from "./session";
import { findUserById } from "./user";
import { disableTwoFactor, type disableTwoFactorInput, type secondFactorInput } from "./two-factor";
import { enableTwoFactor } from "./two-factor-setup";

// The account's own credential changes, made from a browser (the API and the forms
// alike). Each ends every session of the account (lib/credential-version.ts); the
// browser that made it continues on a new session, under the new credential version.

/**
 * Changes the password, then every session of the user ends and this browser
 * continues on a brand-new one (new token, new cookie).
 */
export async function changeOwnPassword(current: ValidatedSession, input: ChangePasswordInput): Promise<void> {
  const credentialVersion = await changePassword(current.user.id, input, await getClientInfo());
  await continueAfterCredentialChange(current, credentialVersion);
}

/** Turns two-factor on: every session of the user ends, and this browser continues on a new one. */
export async function turnOnTwoFactor(current: ValidatedSession, input: z.infer<typeof secondFactorInput>): Promise<string[]> {
  const { recoveryCodes, credentialVersion } = await enableTwoFactor(
    current.user,
    input,
    await getClientInfo(),
    current.session.credentialVersion,
  );
  await continueAfterCredentialChange(current, credentialVersion);
  return recoveryCodes;
}

/** Turns two-factor off: every session of the user ends, and this browser continues on a new one. */
export async function turnOffTwoFactor(current: ValidatedSession, input: z.infer<typeof disableTwoFactorInput>): Promise<void> {
  const credentialVersion = await disableTwoFactor(current.user, input, await getClientInfo());
  await continueAfterCredentialChange(current, credentialVersion);
}

/**
 * Follows an email-change link. The change ends every session of the account; a
 * browser signed in to that account continues on a new one (`signedIn`), any other
 * browser is left as it was: its owner signs in with the new address.
 */
export async function followEmailChangeLink(input: z.infer<typeof confirmEmailChangeInput>): Promise<{ signedIn: boolean }> {
  const current = await authenticate();
  const { userId, credentialVersion } = await confirmEmailChange(input, await getClientInfo());
  if (current?.user.id !== userId) return { signedIn: false };
  return { signedIn: await continueAfterCredentialChange(current, credentialVersion) };
}

/**
 * The browser that made a credential change continues on a new session of the new
 * version (no second factor was asked, so the lifetime stays that of the sign-in, and
 * the level that of a password: lib/assurance.ts), and keeps its device cookie, under
 * the new version too.
 */
export async function continueAfterCredentialChange(current: ValidatedSession, credentialVersion: number): Promise<boolean> {
  const session = await startSession(current.user.id, credentialVersion, current.session.persistent, {
    method: "password",
    notAfter: current.session.absoluteExpiresAt,
  });
  if (!session) return false;
  // Read again: an email change has just given the account its new address.
  const account = await findUserById(current.user.id);
  if (!account) return true;
  const device = await renewDeviceCookie(await cookies(), (await getClientInfo()).deviceCookie, account, credentialVersion);
  if (device) await carryKnownDevice(account.id, device.deviceId, credentialVersion);
  return true;
}
