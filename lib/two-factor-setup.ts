import type { z } from "zod";
import { reportAccountChange } from "./account-notice";
import { recordCredentialChange } from "./credential-version";
import { invalidCode, twoFactorEnabled, twoFactorNotEnabled, unauthenticated } from "./errors";
import { replaceRecoveryCodes } from "./recovery-codes";
import { type ClientInfo, recordSecurityEvent } from "./security-events";
import { reloadUserSessions } from "./session";
import { decryptTotpSecret, encryptTotpSecret, generateTotpSecret, matchTotpCode, totpQrCode, totpUri } from "./totp";
import type { secondFactorInput } from "./two-factor";
import { type PublicUser, readCredentialVersion } from "./user";
import { readTotpState, storePendingTotpSecret } from "./user-credentials";

// Setting up two-factor authentication: a new secret for the authenticator app, shown as
// a QR code (again, while it waits), and turned on by a first right code. Kept apart from
// lib/two-factor.ts, which checks the second factor of an account that has it and turns
// it off: this is the one path where a secret exists that no code has proven yet.

export type TwoFactorSetup = { secret: string; uri: string; qrCode: string };

async function describeSetup(secret: string, user: PublicUser): Promise<TwoFactorSetup> {
  const uri = totpUri(secret, user.email);
  return { secret, uri, qrCode: await totpQrCode(uri) };
}

/** A new secret for the authenticator app; 2FA stays off until a first code confirms it. */
export async function startTwoFactorSetup(user: PublicUser, client: ClientInfo): Promise<TwoFactorSetup> {
  const secret = generateTotpSecret();
  if (!(await storePendingTotpSecret(user.id, encryptTotpSecret(secret)))) throw twoFactorEnabled();
  // The account's updatedAt moved: its sessions read it afresh.
  await reloadUserSessions(user.id);
  await recordSecurityEvent("two_factor_setup_started", user.id, client);
  return describeSetup(secret, user);
}

/** The setup waiting for its first code, to show its QR code again; null when there is none. */
export async function getTwoFactorSetup(user: PublicUser): Promise<TwoFactorSetup | null> {
  const { secret, enabledAt } = await readTotpState(user.id);
  if (enabledAt || !secret) return null;
  return describeSetup(decryptTotpSecret(secret), user);
}

/**
 * Turns 2FA on once the app shows it has the secret: a credential change, made under
 * `sessionCredentialVersion` (the acting session's), so every session ends. Returns the
 * recovery codes, to be shown this once, and the new credential version.
 */
export async function enableTwoFactor(
  user: PublicUser,
  input: z.infer<typeof secondFactorInput>,
  client: ClientInfo,
  sessionCredentialVersion: number,
): Promise<{ recoveryCodes: string[]; credentialVersion: number }> {
  const userId = user.id;
  const { secret, enabledAt } = await readTotpState(userId);
  if (enabledAt) throw twoFactorEnabled();
  if (!secret) throw twoFactorNotEnabled("Start the two-factor setup first.");
  const step = matchTotpCode(decryptTotpSecret(secret), input.code);
  if (step === null) throw invalidCode();
  // Only the secret this code was checked against: a setup restarted meanwhile wins. And
  // only under the session's version: a change since it was validated (a reset, say) ended it.
  const credentialVersion = await recordCredentialChange(
    userId,
    { totpEnabledAt: new Date(), totpLastUsedStep: step },
    { expectedVersion: sessionCredentialVersion, where: { totpEnabledAt: null, totpSecret: secret } },
  );
  if (credentialVersion === null) {
    throw (await readCredentialVersion(userId)) === sessionCredentialVersion ? invalidCode() : unauthenticated();
  }
  const recoveryCodes = await replaceRecoveryCodes(userId);
  await reportAccountChange("two_factor_enabled", user, client, {
    subject: "two-factor authentication is on",
    text: "Signing in to your account now also asks for a code from an authenticator app.",
  });
  return { recoveryCodes, credentialVersion };
}
